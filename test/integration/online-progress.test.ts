import {expect} from '@loopback/testlab';
import {setTimeout} from 'node:timers/promises';
import {Client} from 'pg';
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
    const report = await running;

    expect(messages[0]).to.match(
      /^index "memo_body_idx": waiting for writers before build/,
    );
    const [build] = report.dataSources[0].statements;
    expect(build.sql).to.match(/^CREATE INDEX CONCURRENTLY/);
    expect(build.durationMs).to.be.a.Number();
    expect(build.durationMs).to.be.above(0);
  });
});
