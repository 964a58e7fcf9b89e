import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {
  migrateSchemaWithReport,
  type PlannedStatement,
  type SchemaMigrationOptions,
} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {describeEachDatabase} from '../support/databases';

const ID: PropertyDefinition = {type: 'number', id: true, generated: true};
const ROWS = 20_000;
const varchar = (length: number): PropertyDefinition => ({
  type: 'string',
  postgresql: {dataType: 'varchar', dataLength: length},
  mysql: {dataType: 'varchar', dataLength: length},
});

describeEachDatabase('lock impact in the plan', (db, kind) => {
  const apps: MigratingApp[] = [];
  const pg = kind === 'postgresql';
  const table = pg ? 'item' : '`Item`';

  function appWith(models: ModelSpec[]): MigratingApp {
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
    apps.push(app);
    return app;
  }
  afterEach(async () => {
    for (const app of apps.splice(0)) await closeApp(app);
  });

  const item = (properties: Record<string, PropertyDefinition>): ModelSpec => ({
    name: 'Item',
    properties: {id: ID, title: varchar(64), ...properties},
  });

  async function plan(
    models: ModelSpec[],
    options: SchemaMigrationOptions = {},
  ): Promise<PlannedStatement[]> {
    const report = await appWith(models).planSchemaMigration(options);
    return report.dataSources[0].statements;
  }

  before(async () => {
    await migrateSchemaWithReport(appWith([item({})]));
    await db().query(
      pg
        ? `INSERT INTO item (title) SELECT 'title ' || n FROM generate_series(1, ${ROWS}) n`
        : `INSERT INTO ${table} (title) SELECT CONCAT('title ', seq) FROM seq_1_to_${ROWS}`,
    );
    await db().query(`ANALYZE TABLE ${table}`.replace(pg ? 'TABLE ' : '', ''));
  });

  it('says a new table blocks no one and has no estimates', async () => {
    const statements = await plan([
      item({}),
      {name: 'Fresh', properties: {id: ID, name: {type: 'string'}}},
    ]);
    const create = statements.find(s => /^CREATE TABLE/i.test(s.sql))!;
    expect(create).to.containDeep({
      lock: 'none',
      rewritesTable: false,
      scansTable: false,
    });
    expect(create.estimatedRows).to.be.undefined();
    expect(create.sql).not.to.match(/ALGORITHM/);
  });

  it('gives the estimated rows and size of an existing table from its statistics', async () => {
    const [add] = await plan([item({note: {type: 'string'}})]);
    expect(add.sql).to.match(/ADD COLUMN/i);
    expect(add.estimatedRows).to.be.within(ROWS * 0.5, ROWS * 1.5);
    expect(add.estimatedBytes).to.be.above(100_000);
    // Adding a nullable column changes the catalog only.
    expect(add).to.containDeep({lock: 'brief', rewritesTable: false});
    if (!pg) expect(add.sql).to.match(/, ALGORITHM=INSTANT$/);
  });

  it('says an index build is concurrent (PostgreSQL) or runs in place (MySQL) and scans the table', async () => {
    const indexed = [
      {...item({}), settings: {indexes: {title_idx: {keys: {title: 1}}}}},
    ];
    const statements = await plan(indexed);
    const index = statements.find(s => /INDEX/i.test(s.sql))!;
    expect(index.scansTable).to.be.true();
    expect(index.rewritesTable).to.be.false();
    if (pg) {
      expect(index.sql).to.match(/^CREATE INDEX CONCURRENTLY/);
      expect(index.lock).to.equal('none');
      const [plain] = await plan(indexed, {online: false});
      expect(plain.sql).to.match(/^CREATE\s+INDEX "/);
      expect(plain).to.containDeep({lock: 'blocks-writes', scansTable: true});
    } else {
      expect(index.lock).to.equal('brief');
      expect(index.sql).to.match(/ALGORITHM=INPLACE,? LOCK=NONE$/);
    }
  });

  it('tells a type change that rewrites the table from one that changes the catalog only', async () => {
    const widen = await plan([item({title: varchar(1024)})]);
    expect(widen).to.have.length(1);
    expect(widen[0]).to.containDeep({lock: 'brief', rewritesTable: false});
    const rewrite = await plan([item({title: {type: 'number'}})]);
    expect(rewrite).to.have.length(1);
    expect(rewrite[0].rewritesTable).to.be.true();
    expect(rewrite[0].lock).to.equal(
      pg ? 'blocks-reads-and-writes' : 'blocks-writes',
    );
  });
});
