import {migrateSchemaWithReport} from '../../src';
import {expect} from '@loopback/testlab';
import {spawn} from 'node:child_process';
import path from 'node:path';
import {TodoListApplication} from '../fixtures/todo-app/application';
import {closeApp} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {describeEachDatabase, type TestDatabase} from '../support/databases';
import {ledgerVersions} from '../support/scripts';

const SCRIPT = path.resolve(__dirname, '../fixtures/todo-app/migrate.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function migrate(db: TestDatabase, args: string[]): Promise<Run> {
  const child = spawn(process.execPath, ['--no-deprecation', SCRIPT, ...args], {
    env: {
      ...process.env,
      NO_COLOR: '1',
      LSM_DATASOURCE: JSON.stringify({name: 'db', ...db.dataSourceConfig}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', chunk => (stdout += chunk));
  child.stderr.on('data', chunk => (stderr += chunk));
  return new Promise(resolve =>
    child.on('close', code => resolve({code, stdout, stderr})),
  );
}

async function listTitles(db: TestDatabase): Promise<string[]> {
  const table = db.kind === 'postgresql' ? 'todolist' : '`TodoList`';
  const rows = await db.query<{title: string}>(
    `SELECT title FROM ${table} ORDER BY id`,
  );
  return rows.map(r => r.title);
}

describeEachDatabase('the lb4 app with a migrations/ folder', db => {
  beforeEach(() => dropAllTables(db()));

  it('boots the script in migrations/*.migration.js and runs it once', async () => {
    const app = new TodoListApplication();
    app
      .bind('datasources.config.db')
      .to({name: 'db', ...db().dataSourceConfig});
    try {
      await app.boot();
      expect(app.findByTag('migrationScript').map(b => b.key)).to.eql([
        'migrationScripts.InboxListMigration',
      ]);
      const first = await migrateSchemaWithReport(app);
      expect(first.dataSources[0].status).to.equal('migrated');
      expect(first.scripts).to.containDeep([
        {
          version: '1.0.0',
          description: 'Create the Inbox list',
          dataSource: 'db',
          name: 'InboxListMigration',
          status: 'applied',
        },
      ]);
      expect(await listTitles(db())).to.eql(['Inbox']);
      const second = await migrateSchemaWithReport(app);
      expect(second.scripts).to.eql([]);
      expect(await listTitles(db())).to.eql(['Inbox']);
    } finally {
      await closeApp(app);
    }
  });

  it('--help lists the script flags', async () => {
    const run = await migrate(db(), ['--help']);
    expect(run.code).to.equal(0);
    for (const flag of [
      '--status',
      '--revert ',
      '--revert-to VERSION',
      '--no-scripts',
      '--accept-checksum-changes',
    ]) {
      expect(run.stdout).to.containEql(flag);
    }
  });

  it('--status, migrate, --status, --revert: the script lifecycle from the command line', async () => {
    const before = await migrate(db(), ['--status']);
    expect(before.code).to.equal(0);
    expect(before.stdout).to.match(
      /Migration scripts\n {2}1\.0\.0 {2}pending {2}db "Create the Inbox list"\n1 pending/,
    );
    expect(await tables(db())).to.eql([]);

    const check = await migrate(db(), ['--check']);
    expect(check.code).to.equal(3);
    expect(check.stdout).to.match(/1 migration script\(s\) pending/);

    const run = await migrate(db(), []);
    expect(run.code).to.equal(0);
    expect(run.stdout).to.match(
      /script 1\.0\.0 "Create the Inbox list" \(db\): applied, \d+ ms/,
    );
    expect(await listTitles(db())).to.eql(['Inbox']);

    const after = await migrate(db(), ['--status', '--json']);
    expect(after.code).to.equal(0);
    expect(JSON.parse(after.stdout)).to.containDeep([
      {version: '1.0.0', status: 'applied', dataSource: 'db'},
    ]);

    const upToDate = await migrate(db(), ['--check']);
    expect(upToDate.code).to.equal(0);

    const reverted = await migrate(db(), ['--revert']);
    expect(reverted.code).to.equal(0);
    expect(reverted.stdout).to.match(
      /Reverted 1 migration script\(s\)\n {2}script 1\.0\.0 "Create the Inbox list" \(db\): reverted/,
    );
    expect(await listTitles(db())).to.eql([]);
    expect(await ledgerVersions(db())).to.eql([]);

    const nothing = await migrate(db(), ['--revert']);
    expect(nothing.code).to.equal(0);
    expect(nothing.stdout).to.match(/Nothing to revert/);
  });

  it('--no-scripts syncs the schema only; --revert-to names an applied version', async () => {
    const run = await migrate(db(), ['--no-scripts']);
    expect(run.code).to.equal(0);
    expect(run.stdout).to.not.match(/script/);
    expect(await tables(db())).to.eql(['todo', 'todolist']);
    expect(await listTitles(db())).to.eql([]);

    expect((await migrate(db(), [])).code).to.equal(0);
    const wrong = await migrate(db(), ['--revert-to', '0.9.0']);
    expect(wrong.code).to.equal(1);
    expect(wrong.stderr).to.match(
      /Revert failed: .*Cannot revert to version "0\.9\.0": it is not applied\. Applied versions: 1\.0\.0\./,
    );
    const same = await migrate(db(), ['--revert-to=1.0.0']);
    expect(same.code).to.equal(0);
    expect(same.stdout).to.match(/Nothing to revert/);
    expect(await listTitles(db())).to.eql(['Inbox']);
  });

  it('rejects flag combinations that make no sense, with exit 2', async () => {
    for (const [args, message] of [
      [
        ['--status', '--rebuild'],
        /--rebuild is for migrating, not for --status/,
      ],
      [
        ['--revert', '--revert-to', '1.0.0'],
        /--revert and --revert-to cannot be combined/,
      ],
      [['--revert-to'], /--revert-to needs a version/],
      [
        ['--no-scripts', '--accept-checksum-changes'],
        /--no-scripts runs no script/,
      ],
    ] as const) {
      const run = await migrate(db(), [...args]);
      expect(run.code).to.equal(2);
      expect(run.stderr).to.match(message);
    }
  });
});
