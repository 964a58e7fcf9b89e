import {expect} from '@loopback/testlab';
import {
  MigrationWillFailError,
  InvalidMigrationScriptError,
  migrateSchemaWithReport,
  type MigrationContext,
} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {columns, dropAllTables} from '../support/catalog';
import {describeEachDatabase, type TestDatabase} from '../support/databases';
import {rejection} from '../support/rejection';
import {defineScript, noteTable} from '../support/scripts';

const OPTIONAL: ModelSpec = {
  name: 'Note',
  properties: {
    id: {type: 'number', id: true, generated: true},
    title: {type: 'string', mysql: {dataType: 'varchar', dataLength: 100}},
  },
};
const REQUIRED: ModelSpec = {
  ...OPTIONAL,
  properties: {
    ...OPTIONAL.properties,
    title: {...OPTIONAL.properties.title, required: true},
  },
};

/** The back-fill that lets `title` become NOT NULL. */
function backFill(db: TestDatabase, log: string[]) {
  return defineScript({
    version: '2.0.0',
    description: 'give untitled notes a title',
    dataSource: 'db',
    runs: 'before-schema',
    up: async (ctx: MigrationContext) => {
      log.push('back-fill');
      await ctx.execute(
        `UPDATE ${noteTable(db.kind)} SET title = 'untitled' WHERE title IS NULL`,
      );
    },
  });
}

async function titleNullable(db: TestDatabase): Promise<boolean> {
  const title = (await columns(db, 'note')).find(c => c.column === 'title');
  return title!.nullable;
}

describeEachDatabase('scripts that run before the schema sync', db => {
  let app: MigratingApp | undefined;

  beforeEach(async () => {
    await dropAllTables(db());
    const first = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      OPTIONAL,
    ]);
    await first.migrateSchema();
    await db().query(
      `INSERT INTO ${noteTable(db().kind)} (title) VALUES ('kept'), (NULL)`,
    );
    await closeApp(first);
  });
  afterEach(async () => {
    if (app) await closeApp(app);
    app = undefined;
  });

  it('without the back-fill, the change is refused', async () => {
    app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [REQUIRED]);
    await expect(app.migrateSchema()).to.be.rejectedWith(
      MigrationWillFailError,
    );
    expect(await titleNullable(db())).to.be.true();
  });

  it('back-fills first, then plans and applies the change, in one run', async () => {
    const log: string[] = [];
    app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [REQUIRED]);
    app.migrationScript(backFill(db(), log));
    const report = await migrateSchemaWithReport(app);
    expect(log).to.eql(['back-fill']);
    expect(report.scripts.map(s => [s.version, s.status])).to.eql([
      ['2.0.0', 'applied'],
    ]);
    expect(report.dataSources[0].status).to.equal('migrated');
    expect(await titleNullable(db())).to.be.false();
    const titles = await db().query<{title: string}>(
      `SELECT title FROM ${noteTable(db().kind)} ORDER BY id`,
    );
    expect(titles.map(t => t.title)).to.eql(['kept', 'untitled']);
  });

  it('a dry run lists the back-fill, warns that the plan precedes it, and changes nothing', async () => {
    const log: string[] = [];
    app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [REQUIRED]);
    app.migrationScript(backFill(db(), log));
    const plan = await app.planSchemaMigration();
    expect(log).to.eql([]);
    expect(plan.scripts.map(s => [s.version, s.status])).to.eql([
      ['2.0.0', 'pending'],
    ]);
    expect(plan.warnings.join('\n')).to.match(/runs = 'before-schema'/);
    expect(await titleNullable(db())).to.be.true();
  });

  it('a failing script counts the scripts of both phases that ran before it', async () => {
    app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [REQUIRED]);
    app.migrationScript(backFill(db(), []));
    app.migrationScript(
      defineScript({
        version: '2.1.0',
        dataSource: 'db',
        up: async () => {
          throw new Error('seed failed');
        },
      }),
    );
    const error = await rejection(app.migrateSchema());
    expect((error as Error).message).to.match(
      /failed in up\(\): seed failed\n(.*\n)*1 earlier script\(s\) of this run stay applied/,
    );
  });

  it('refuses an unknown phase when the script is registered', () => {
    app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [OPTIONAL]);
    const bad = defineScript({
      version: '3.0.0',
      dataSource: 'db',
      runs: 'first' as 'before-schema',
      up: async () => {},
    });
    expect(() => app!.migrationScript(bad)).to.throw(
      InvalidMigrationScriptError,
    );
  });
});
