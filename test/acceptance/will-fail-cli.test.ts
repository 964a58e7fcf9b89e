import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {
  EXIT,
  migrateSchemaWithReport,
  runMigrationCli,
  type CliIo,
  type SchemaMigrationReport,
} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {columns, dropAllTables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const CODE: PropertyDefinition = {
  type: 'string',
  postgresql: {dataType: 'varchar', dataLength: 64},
  mysql: {dataType: 'varchar', dataLength: 64},
};

describeEachDatabase('the command line on predicted failures', db => {
  const apps: MigratingApp[] = [];
  const pg = () => db().kind === 'postgresql';

  function note(properties: Record<string, PropertyDefinition>): ModelSpec[] {
    return [
      {
        name: 'Note',
        properties: {
          id: {type: 'number', id: true, generated: true},
          ...properties,
        },
      },
    ];
  }

  function app(models: ModelSpec[]): MigratingApp {
    const built = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
    apps.push(built);
    return built;
  }

  /** `runMigrationCli` in process, on a fresh app of these models. */
  async function migrate(models: ModelSpec[], args: string[]): Promise<Run> {
    let stdout = '';
    let stderr = '';
    const io: CliIo = {
      stdout: {write: (text: string) => (stdout += text)},
      stderr: {write: (text: string) => (stderr += text)},
      env: {},
    };
    const code = await runMigrationCli(() => app(models), args, io);
    return {code, stdout, stderr};
  }

  async function sql(text: string): Promise<void> {
    await db().query(pg() ? text.replace(/`/g, '') : text);
  }

  const UNIQUE = note({code: {...CODE, index: {unique: true}}});

  beforeEach(async () => {
    await dropAllTables(db());
    await migrateSchemaWithReport(app(note({code: CODE})));
    await sql("INSERT INTO `Note` (code) VALUES ('a'), ('a'), ('b')");
  });
  afterEach(async () => {
    for (const built of apps.splice(0)) await closeApp(built);
  });

  it('exit codes: 0 success, 1 failure, 2 usage, 3 pending, 4 refused', () => {
    expect(EXIT).to.eql({ok: 0, failed: 1, usage: 2, pending: 3, refused: 4});
  });

  it('--check exits 3 when the pending changes would apply cleanly', async () => {
    const run = await migrate(note({code: CODE, body: {type: 'string'}}), [
      '--check',
    ]);
    expect(run.code).to.equal(3);
    expect(run.stdout).to.match(
      /^Schema check \(update\): 1 statement\(s\) pending\n/,
    );
  });

  it('--check exits 4 when a pending change will fail', async () => {
    const run = await migrate(UNIQUE, ['--check']);
    expect(run.code).to.equal(4);
    expect(run.stdout).to.match(
      /^Schema check \(update\): \d statement\(s\) pending, refused: 1 statement\(s\) will fail\n/,
    );
    const json = await migrate(UNIQUE, ['--check', '--json']);
    expect(json.code).to.equal(4);
  });

  it('--check exits 4 on data loss, and 3 with --accept-data-loss', async () => {
    const dropsCode = note({body: {type: 'string'}});
    const refused = await migrate(dropsCode, ['--check']);
    expect(refused.code).to.equal(4);
    expect(refused.stdout).to.match(
      /refused: 1 statement\(s\) would destroy data \(without --accept-data-loss\)/,
    );
    const accepted = await migrate(dropsCode, [
      '--check',
      '--accept-data-loss',
    ]);
    expect(accepted.code).to.equal(3);
  });

  it('--dry-run marks the statements that will fail, and exits 0', async () => {
    const run = await migrate(UNIQUE, ['--dry-run']);
    expect(run.code).to.equal(0);
    expect(run.stdout).to.match(
      /^Schema plan \(update, dry run: nothing was changed\): 1 statement\(s\) will fail\n/,
    );
    expect(run.stdout).to.match(
      /-- datasource db \(\w+\): \d statement\(s\), 1 will fail\n/,
    );
    expect(run.stdout).to.match(
      /\n-- WILL FAIL: unique index "[^"]+" on "code" cannot be built: 1 value\(s\) of "code" occur more than once, in 2 rows of "(public"\."note|Note)" \('a' \(2 rows\)\)[^\n]*\n(CREATE +UNIQUE +INDEX|ALTER TABLE)[^\n]*;\n/,
    );
  });

  it('--json carries willFail', async () => {
    const run = await migrate(UNIQUE, ['--dry-run', '--json']);
    expect(run.code).to.equal(0);
    const report = JSON.parse(run.stdout) as SchemaMigrationReport;
    const failing = report.dataSources[0].statements.filter(s => s.willFail);
    expect(failing).to.have.length(1);
    expect(failing[0].willFail).to.match(/^unique index /);
  });

  it('a run that will fail exits 4 and changes nothing, also with --accept-data-loss', async () => {
    for (const args of [[], ['--accept-data-loss']]) {
      const run = await migrate(UNIQUE, args);
      expect(run.code).to.equal(4);
      expect(run.stdout).to.equal('');
      expect(run.stderr).to.match(/the database would reject these statements/);
      expect(run.stderr).to.match(
        /1 statement\(s\) will fail\. Nothing was changed\./,
      );
    }
    const json = await migrate(UNIQUE, ['--json']);
    expect(json.code).to.equal(4);
    expect(JSON.parse(json.stdout)).to.containDeep({
      error: {name: 'MigrationWillFailError', code: 'MIGRATION_WILL_FAIL'},
    });
    expect((await columns(db(), 'note')).map(c => c.column)).to.eql([
      'id',
      'code',
    ]);
    await sql("UPDATE `Note` SET code = 'c' WHERE id = 2");
    const fixed = await migrate(UNIQUE, []);
    expect(fixed.code).to.equal(0);
  });
});
