import {expect} from '@loopback/testlab';
import {spawn} from 'node:child_process';
import path from 'node:path';
import {columns, dropAllTables, tables} from '../support/catalog';
import {describeEachDatabase, type TestDatabase} from '../support/databases';

const SCRIPT = path.resolve(__dirname, '../fixtures/todo-app/migrate.js');
const SECRET = 'sekret-123';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function migrate(
  db: TestDatabase,
  args: string[],
  config?: Record<string, unknown>,
): Promise<Run> {
  const child = spawn(process.execPath, ['--no-deprecation', SCRIPT, ...args], {
    env: {
      ...process.env,
      NO_COLOR: '1',
      LSM_DATASOURCE: JSON.stringify(
        config ?? {name: 'db', ...db.dataSourceConfig},
      ),
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

describeEachDatabase('the migrate command line (runMigrationCli)', db => {
  const todo = () => (db().kind === 'postgresql' ? 'todo' : '`Todo`');
  const list = () => (db().kind === 'postgresql' ? 'todolist' : '`TodoList`');

  it('--help lists every flag and exits 0', async () => {
    const run = await migrate(db(), ['--help']);
    expect(run.code).to.equal(0);
    for (const flag of [
      '--rebuild',
      '--dry-run',
      '--check',
      '--accept-data-loss',
      '--models',
      '--datasources',
      '--json',
      '--help',
    ]) {
      expect(run.stdout).to.containEql(flag);
    }
  });

  it('rejects a bad flag with exit 2, the usage line and what was wrong', async () => {
    const run = await migrate(db(), ['--force']);
    expect(run.code).to.equal(2);
    expect(run.stdout).to.equal('');
    expect(run.stderr).to.match(/unknown flag "--force"/);
    expect(run.stderr).to.match(/usage: migrate \[--rebuild\]/);
  });

  it('rejects a --generate name no file can take with exit 2, before booting', async () => {
    // It was exit 1, a failure, after booting the app.
    const run = await migrate(db(), ['--generate', 'add todo/priority']);
    expect(run.code).to.equal(2);
    expect(run.stdout).to.equal('');
    expect(run.stderr).to.match(
      /^migrate: --generate: the migration name must start with a letter and hold only letters, digits, dashes, underscores or spaces, got "add todo\/priority"; e\.g\. migrate --generate add-todo-priority\n/,
    );
    expect(run.stderr).to.match(/usage: migrate \[--rebuild\]/);
    const json = await migrate(db(), ['--generate=-x', '--json']);
    expect(json.code).to.equal(2);
    expect(JSON.parse(json.stdout).error).to.containDeep({
      code: 'USAGE',
      message:
        '--generate: the migration name must start with a letter and hold only letters, digits, dashes, underscores or spaces, got "-x"; e.g. migrate --generate add-todo-priority',
    });
  });

  it('--check on an empty database exits 3: changes are pending', async () => {
    const run = await migrate(db(), ['--check']);
    expect(run.code).to.equal(3);
    expect(run.stdout).to.match(/statement\(s\) pending/);
    expect(await tables(db())).to.eql([]);
  });

  it('--dry-run prints the SQL grouped by model and changes nothing', async () => {
    const run = await migrate(db(), ['--dry-run']);
    expect(run.code).to.equal(0);
    expect(run.stdout).to.match(/dry run: nothing was changed/);
    expect(run.stdout).to.match(/-- model TodoList\nCREATE TABLE/);
    expect(run.stdout).to.match(/-- model Todo\nCREATE TABLE/);
    expect(run.stdout).to.match(/FOREIGN KEY/);
    expect(await tables(db())).to.eql([]);
  });

  it('migrates on the first run, then finds nothing to do', async () => {
    const first = await migrate(db(), []);
    expect(first.code).to.equal(0);
    expect(first.stdout).to.match(
      new RegExp(`db \\(${db().kind}\\): migrated, \\d+ statements, \\d+ ms`),
    );
    // The app's migration script (migrations/) is recorded in the ledger table.
    expect(await tables(db())).to.eql([
      'schema_migration_scripts',
      'todo',
      'todolist',
    ]);

    const second = await migrate(db(), []);
    expect(second.code).to.equal(0);
    expect(second.stdout).to.match(/db \(\w+\): up-to-date, 0 statements/);

    const check = await migrate(db(), ['--check']);
    expect(check.code).to.equal(0);
    expect(check.stdout).to.match(/up to date/);
  });

  it('--json prints the report and nothing else on stdout', async () => {
    const run = await migrate(db(), ['--json']);
    expect(run.code).to.equal(0);
    const report = JSON.parse(run.stdout);
    expect(report.operation).to.equal('autoupdate');
    expect(report.dataSources[0]).to.containDeep({
      name: 'db',
      status: 'up-to-date',
      statements: [],
    });
  });

  it('refuses a data-losing change with exit 4, then applies it with --accept-data-loss', async () => {
    await db().query(`INSERT INTO ${list()} (title) VALUES ('groceries')`);
    await db().query(`ALTER TABLE ${todo()} ADD COLUMN legacy VARCHAR(20)`);
    await db().query(
      `INSERT INTO ${todo()} (title, legacy) VALUES ('milk', 'precious')`,
    );

    const dry = await migrate(db(), ['--dry-run']);
    expect(dry.code).to.equal(0);
    expect(dry.stdout).to.match(
      /-- DESTRUCTIVE: drops column "legacy" holding 1 non-null value\n.*DROP COLUMN/,
    );

    const refused = await migrate(db(), []);
    expect(refused.code).to.equal(4);
    expect(refused.stderr).to.match(
      /drops column "legacy" holding 1 non-null value/,
    );
    expect(refused.stderr).to.match(/migrate --accept-data-loss/);
    // Not the advice for code calling migrateSchema(): this is the script.
    expect(refused.stderr).to.not.match(/switch it to runMigrationCli/);
    expect((await columns(db(), 'todo')).map(c => c.column)).to.containEql(
      'legacy',
    );

    const accepted = await migrate(db(), ['--accept-data-loss']);
    expect(accepted.code).to.equal(0);
    expect(accepted.stdout).to.match(/migrated, 1 statement,/);
    expect((await columns(db(), 'todo')).map(c => c.column)).to.not.containEql(
      'legacy',
    );
  });

  it('--rebuild drops and recreates the tables', async () => {
    const run = await migrate(db(), ['--rebuild']);
    expect(run.code).to.equal(0);
    expect(run.stdout).to.match(/Schema migration \(rebuild\)/);
    const rows = await db().query(`SELECT * FROM ${todo()}`);
    expect(rows).to.eql([]);
  });

  it('exits 1 on a failure, and never prints the password', async () => {
    const run = await migrate(db(), [], {
      name: 'db',
      ...db().dataSourceConfig,
      port: 1,
      url: `${db().kind === 'postgresql' ? 'postgres' : 'mysql'}://root:${SECRET}@127.0.0.1:1/${db().name}`,
    });
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(/Migration failed/);
    expect(run.stdout + run.stderr).to.not.containEql(SECRET);
  });

  it('--baseline records the scripts as applied without running them', async () => {
    await dropAllTables(db());
    const unknown = await migrate(db(), ['--baseline', '9.9.9']);
    expect(unknown.code).to.equal(1);
    expect(unknown.stderr).to.match(
      /Baseline failed: Cannot baseline to version "9\.9\.9": no registered migration script has it\. Versions: 1\.0\.0\./,
    );

    const run = await migrate(db(), ['--baseline']);
    expect(run.code).to.equal(0);
    expect(run.stdout).to.match(
      /Recorded 1 migration script\(s\) as applied, without running them\n {2}script 1\.0\.0 "Create the Inbox list" \(db\): baselined/,
    );
    const json = await migrate(db(), ['--baseline', '1.0.0', '--json']);
    expect(json.code).to.equal(0);
    expect(JSON.parse(json.stdout)).to.containDeep({scripts: []});

    // The seed script is recorded: migrating does not run it.
    const migrated = await migrate(db(), []);
    expect(migrated.code).to.equal(0);
    expect(await db().query(`SELECT * FROM ${list()}`)).to.eql([]);
    const status = await migrate(db(), ['--status']);
    expect(status.stdout).to.match(/1\.0\.0 +applied/);
  });
});
