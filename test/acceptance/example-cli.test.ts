import {expect} from '@loopback/testlab';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {columns, foreignKeys, tables} from '../support/catalog';
import {createTestDatabase, type TestDatabase} from '../support/databases';
import {
  databaseUrl,
  envWithoutDatabase,
  pgVariables,
  runExample,
  type ProcessRun,
} from '../support/example';

const EMBEDDED_NOTICE = /using an embedded PostgreSQL \(PGlite/;

/**
 * examples/todo/src/migrate.ts run as a user runs it: a child process,
 * checked by its stdout, stderr and exit code.
 */
describe('the todo example: node dist/examples/todo/src/migrate.js', () => {
  describe('on a configured PostgreSQL (PG* variables, DATABASE_URL)', () => {
    let db: TestDatabase | undefined;
    before(async function () {
      db = await createTestDatabase('postgresql');
      if (!db) this.skip();
    });
    after(async () => {
      await db?.drop();
    });

    function migrate(...args: string[]): Promise<ProcessRun> {
      return runExample('migrate.js', args, {
        ...envWithoutDatabase(),
        ...pgVariables(db!),
      });
    }

    it('rejects a bad flag with exit 2 and the usage line, before touching any database', async () => {
      const run = await migrate('--dryrun');
      expect(run.code).to.equal(2);
      expect(run.stdout).to.equal('');
      expect(run.stderr).to.match(/unknown flag "--dryrun"/);
      expect(run.stderr).to.match(/usage: migrate \[--rebuild\] \[--dry-run\]/);
      expect(run.stderr).to.not.match(EMBEDDED_NOTICE);
    });

    it('--dry-run prints the plan, the foreign key in the table after the one it points at, and changes nothing', async () => {
      const run = await migrate('--dry-run');
      expect(run.code).to.equal(0);
      expect(run.stderr).to.not.match(EMBEDDED_NOTICE);
      expect(run.stdout).to.match(
        /^Schema plan \(update, dry run: nothing was changed\)\nwarning: migration scripts with runs = 'before-schema' are pending[^\n]*\n {2}db \(postgresql\): changes pending, \d+ statements[^\n]*\n {2}script \d{14} "initial: 2 generated statement\(s\)" \(db\): pending\n {2}script 1\.0\.0 "Create the Inbox list" \(db\): pending\n/,
      );
      expect(run.stdout).to.match(
        /-- model TodoList\nCREATE TABLE "public"\."todolist"[^;]*;\n(?:[^;]*;\n)*?-- model Todo\nCREATE TABLE "public"\."todo"[^;]*CONSTRAINT "fk_todo_todoListId" FOREIGN KEY \("todolistid"\) REFERENCES "public"\."todolist"\(id\)[^;]*;/,
      );
      expect(await tables(db!)).to.eql([]);
    });

    it('--check exits 3 while changes are pending, and changes nothing', async () => {
      const run = await migrate('--check');
      expect(run.code).to.equal(3);
      expect(run.stdout).to.match(
        /^Schema check \(update\): \d+ statement\(s\) pending/,
      );
      expect(await tables(db!)).to.eql([]);
    });

    it('migrates on the first run with its generated initial script: both tables and the foreign key', async () => {
      const run = await migrate();
      expect(run.code).to.equal(0);
      expect(run.stdout).to.match(
        /^Schema migration \(update\)\n {2}db \(postgresql\): up-to-date, 0 statements, \d+ ms\n {2}script \d{14} "initial: 2 generated statement\(s\)" \(db\): applied, \d+ ms\n {2}script 1\.0\.0 "Create the Inbox list" \(db\): applied, \d+ ms\n$/,
      );
      expect(await tables(db!)).to.eql([
        'schema_migration_scripts',
        'todo',
        'todolist',
      ]);
      expect(await foreignKeys(db!)).to.eql([
        {
          name: 'fk_todo_todolistid',
          table: 'todo',
          column: 'todolistid',
          targetTable: 'todolist',
          targetColumn: 'id',
        },
      ]);
    });

    it('finds nothing to do on the second run, and --check agrees', async () => {
      const second = await migrate();
      expect(second.code).to.equal(0);
      expect(second.stdout).to.match(
        /db \(postgresql\): up-to-date, 0 statements/,
      );
      const check = await migrate('--check');
      expect(check.code).to.equal(0);
      expect(check.stdout).to.match(/^Schema check \(update\): up to date/);
    });

    it('--json prints the report as JSON and nothing else (server from DATABASE_URL)', async () => {
      const run = await runExample('migrate.js', ['--json'], {
        ...envWithoutDatabase(),
        DATABASE_URL: databaseUrl(db!),
      });
      expect(run.code).to.equal(0);
      expect(run.stderr).to.not.match(EMBEDDED_NOTICE);
      const report = JSON.parse(run.stdout);
      expect(report).to.containDeep({
        operation: 'autoupdate',
        dryRun: false,
        dataSources: [
          {
            name: 'db',
            connector: 'postgresql',
            status: 'up-to-date',
            models: ['TodoList', 'Todo'],
            statements: [],
          },
        ],
      });
    });

    it('refuses a change that would destroy stored data: exit 4, nothing changed', async () => {
      await db!.query(`INSERT INTO todolist (title) VALUES ('groceries')`);
      await db!.query('ALTER TABLE todo ADD COLUMN legacy VARCHAR(20)');
      await db!.query(
        `INSERT INTO todo (title, legacy, todolistid) VALUES ('milk', 'precious', 1)`,
      );

      const run = await migrate();
      expect(run.code).to.equal(4);
      expect(run.stdout).to.equal('');
      expect(run.stderr).to.match(
        /drops column "legacy" holding 1 non-null value/,
      );
      expect(run.stderr).to.match(
        /Nothing was changed\. To apply anyway and lose that data: migrate --accept-data-loss/,
      );
      expect((await columns(db!, 'todo')).map(c => c.column)).to.containEql(
        'legacy',
      );
    });

    it('applies it with --accept-data-loss, keeping the other data', async () => {
      const run = await migrate('--accept-data-loss');
      expect(run.code).to.equal(0);
      expect(run.stdout).to.match(/db \(postgresql\): migrated, 1 statement,/);
      expect((await columns(db!, 'todo')).map(c => c.column)).to.not.containEql(
        'legacy',
      );
      expect(await db!.query('SELECT title FROM todo')).to.eql([
        {title: 'milk'},
      ]);
    });
  });

  describe('with no database configured', () => {
    let dataRoot: string;
    before(() => {
      dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'lsm-example-'));
    });
    after(() => fs.rmSync(dataRoot, {recursive: true, force: true}));

    it('runs on an embedded PostgreSQL kept in a data directory: migrates, then is up to date', async function () {
      this.timeout(180_000);
      const dataDir = path.join(dataRoot, 'postgres');
      const env = {...envWithoutDatabase(), EMBEDDED_PG_DATA: dataDir};

      const plan = await runExample('migrate.js', ['--dry-run'], env);
      expect(plan.stderr).to.match(EMBEDDED_NOTICE);
      expect(plan.stderr).to.match(
        // example:reset deletes examples/todo/.data, not this directory.
        /data kept in .*postgres; delete it to start over\)/,
      );
      expect(plan.stdout).to.match(
        /^Schema plan \(update, dry run: nothing was changed\)/,
      );
      expect(plan.stdout).to.match(/-- model TodoList\nCREATE TABLE/);
      expect(plan.stdout).to.match(/-- model Todo\nCREATE TABLE/);
      expect(plan.stdout).to.match(/FOREIGN KEY/);
      expect(plan.code).to.equal(0);

      const report = await runExample('migrate.js', [], env);
      expect(report.stderr).to.match(EMBEDDED_NOTICE);
      expect(report.stdout).to.match(
        /^Schema migration \(update\)\n {2}db \(postgresql\): up-to-date, 0 statements, \d+ ms\n {2}script \d{14} "initial: 2 generated statement\(s\)" \(db\): applied, \d+ ms\n {2}script 1\.0\.0 "Create the Inbox list" \(db\): applied, \d+ ms\n$/,
      );
      expect(report.code).to.equal(0);

      // A new process on the same directory finds the schema and the script.
      const again = await runExample('migrate.js', [], env);
      expect(again.stdout).to.match(
        /^Schema migration \(update\)\n {2}db \(postgresql\): up-to-date, 0 statements, \d+ ms\n$/,
      );
      expect(again.code).to.equal(0);
      expect(fs.existsSync(`${dataDir}.lock`)).to.be.false();
    });

    it('--generate plans on a second, in-memory embedded PostgreSQL: nothing beyond its scripts, or the whole schema with --initial', async function () {
      this.timeout(180_000);
      const projectRoot = path.join(dataRoot, 'project');
      fs.mkdirSync(projectRoot);
      const env = {
        ...envWithoutDatabase(),
        EMBEDDED_PG_DATA: path.join(dataRoot, 'generate'),
        EXAMPLE_PROJECT_ROOT: projectRoot,
      };
      // The example's generated initial script and its data script, applied
      // to the shadow database, make what the models say.
      const nothing = await runExample(
        'migrate.js',
        ['--generate', 'add-todo-priority'],
        env,
      );
      expect(nothing.stdout).to.match(
        /^No model change: the models match the schema the migration scripts make\. Nothing was written\./,
      );
      expect(nothing.code).to.equal(0);
      expect(fs.existsSync(path.join(projectRoot, 'src'))).to.be.false();

      const initial = await runExample(
        'migrate.js',
        ['--generate', 'initial', '--initial'],
        env,
      );
      expect(initial.code).to.equal(0);
      const [file] = fs.readdirSync(path.join(projectRoot, 'src/migrations'));
      expect(file).to.match(/^\d{14}-initial\.migration\.ts$/);
      const text = fs.readFileSync(
        path.join(projectRoot, 'src/migrations', file),
        'utf8',
      );
      expect(text).to.match(/from '\.\.\/\.\.\/\.\.\/\.\.\/src';/);
      expect(text).to.match(/CREATE TABLE "public"\."todo" \(/);
      expect(initial.stdout).to.match(
        new RegExp(
          `^Wrote src/migrations/${file}\n {2}datasource "db": 2 statement`,
        ),
      );
    });

    it('refuses a data directory another running process uses, exit 1', async function () {
      this.timeout(60_000);
      const dataDir = path.join(dataRoot, 'busy');
      fs.writeFileSync(`${dataDir}.lock`, String(process.pid));
      const run = await runExample('migrate.js', ['--dry-run'], {
        ...envWithoutDatabase(),
        EMBEDDED_PG_DATA: dataDir,
      });
      expect(run.code).to.equal(1);
      expect(run.stderr).to.match(
        new RegExp(`in use by process ${process.pid}: stop that process first`),
      );
      expect(fs.existsSync(dataDir)).to.be.false();
    });
  });
});
