import {expect} from '@loopback/testlab';
import {setTimeout} from 'node:timers/promises';
import {Client} from 'pg';
import type {juggler} from '@loopback/repository';
import {migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {
  createTestDatabase,
  serverSettings,
  skipOnEmbedded,
  type TestDatabase,
} from '../support/databases';

function memo(indexed: boolean): ModelSpec {
  return {
    name: 'Memo',
    properties: {
      id: {type: 'number', id: true, generated: true},
      body: {type: 'string', index: indexed || undefined},
    },
  };
}

describe('progress of an online index build (postgresql)', () => {
  let db: TestDatabase;
  let app: MigratingApp | undefined;
  let writer: Client | undefined;

  before(async function () {
    db = (await createTestDatabase('postgresql'))!;
    skipOnEmbedded(
      this,
      db,
      'the build is held by a writer in another session',
    );
  });
  after(async () => {
    if (app) await closeApp(app);
    await writer?.end();
    await db?.drop();
  });

  async function withModels(models: ModelSpec[]): Promise<MigratingApp> {
    if (app) await closeApp(app);
    app = buildApp(MigratingApp, {db: db.dataSourceConfig}, models);
    return app;
  }

  it('reports what the build is doing while it runs, and how long it took', async () => {
    await migrateSchemaWithReport(await withModels([memo(false)]));
    await db.query(
      "INSERT INTO memo (body) SELECT 'b' || n FROM generate_series(1, 1000) AS n",
    );
    // The build waits for this writer's transaction: it runs long enough
    // to be watched, for as long as the test wants.
    writer = new Client({...serverSettings('postgresql'), database: db.name});
    await writer.connect();
    await writer.query('BEGIN');
    await writer.query("INSERT INTO memo (body) VALUES ('open')");

    const messages: string[] = [];
    const running = migrateSchemaWithReport(await withModels([memo(true)]), {
      onProgress: message => messages.push(message),
    });
    for (let i = 0; i < 100 && messages.length === 0; i++) await setTimeout(50);
    await writer.query('COMMIT');
    await writer.end();
    writer = undefined;
    const report = await running;

    expect(messages[0]).to.match(
      /^index "memo_body_idx": waiting for writers before build/,
    );
    const [build] = report.dataSources[0].statements;
    expect(build.sql).to.match(/^CREATE INDEX CONCURRENTLY/);
    expect(build.durationMs).to.be.a.Number();
    expect(build.durationMs).to.be.above(0);
  });

  it("never runs online work under the app's statement_timeout", async () => {
    await db.query('DROP TABLE IF EXISTS memo');
    // The app's sessions stop any statement after 300 ms.
    const config = {...db.dataSourceConfig, statement_timeout: 300};
    const models = (indexed: boolean) => [memo(indexed)];
    if (app) await closeApp(app);
    app = buildApp(MigratingApp, {db: config}, models(false));
    await migrateSchemaWithReport(app);
    await db.query("INSERT INTO memo (body) VALUES ('a'), ('b')");
    writer = new Client({...serverSettings('postgresql'), database: db.name});
    await writer.connect();
    await writer.query('BEGIN');
    await writer.query("INSERT INTO memo (body) VALUES ('open')");

    await closeApp(app);
    app = buildApp(MigratingApp, {db: config}, models(true));
    const running = migrateSchemaWithReport(app);
    // The build waits for the writer longer than the app's limit.
    await setTimeout(800);
    await writer.query('COMMIT');
    await writer.end();
    writer = undefined;
    const report = await running;
    expect(report.dataSources[0].status).to.equal('migrated');
    const [valid] = await db.query<{indisvalid: boolean}>(
      "SELECT indisvalid FROM pg_index WHERE indexrelid = 'memo_body_idx'::regclass",
    );
    expect(valid.indisvalid).to.be.true();
    // The app's limit is back on its sessions.
    const ds = await app.get<juggler.DataSource>('datasources.db');
    const [limit] = (await ds.execute('SHOW statement_timeout')) as {
      statement_timeout: string;
    }[];
    expect(limit.statement_timeout).to.equal('300ms');
  });
});
