import {expect} from '@loopback/testlab';
import {randomBytes} from 'node:crypto';
import {migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  TITLED_NOTE,
  type ModelSpec,
} from '../support/app-builder';
import {createTestDatabase, type TestDatabase} from '../support/databases';

/** A generated uuid id: the connector gives it `DEFAULT uuid_generate_v4()`. */
const TOKEN: ModelSpec = {
  name: 'Token',
  properties: {
    id: {
      type: 'string',
      id: true,
      generated: true,
      useDefaultIdType: false,
      postgresql: {dataType: 'uuid'},
    },
    name: {type: 'string'},
  },
};

/**
 * The connector asks for `uuid-ossp` before every table it creates (stock
 * LoopBack's request is rolled back with its `CREATE SCHEMA`): only a table
 * that calls one of its functions gets it.
 */
describe('the uuid-ossp extension (postgresql)', () => {
  const prefix = process.env.LSM_TEST_DB_PREFIX ?? 'lsm';
  let db: TestDatabase | undefined;
  let role = '';

  beforeEach(async function () {
    db = await createTestDatabase('postgresql');
    if (!db || db.embedded) this.skip();
    // A deploy role: CREATE on schema public, not on the database.
    role = `${prefix}_${randomBytes(3).toString('hex')}`;
    await db.query(`CREATE ROLE ${role} LOGIN`);
    await db.query(`GRANT USAGE, CREATE ON SCHEMA public TO ${role}`);
  });
  afterEach(async () => {
    if (!db || db.embedded) return;
    await db.query(`DROP OWNED BY ${role}; DROP ROLE ${role}`);
    await db.drop();
  });

  async function extensions(): Promise<string[]> {
    const rows = await db!.query<{name: string}>(
      'SELECT extname AS "name" FROM pg_extension ORDER BY 1',
    );
    return rows.map(r => r.name);
  }

  async function migrate(user: string, models: ModelSpec[]) {
    const app = buildApp(
      MigratingApp,
      {db: {...db!.dataSourceConfig, user, password: ''}},
      models,
    );
    try {
      const plan = await app.planSchemaMigration();
      const report = await migrateSchemaWithReport(app);
      return {planned: plan.dataSources[0].statements.map(s => s.sql), report};
    } finally {
      await closeApp(app);
    }
  }

  it('is not installed for a table that does not use it, so a deploy role may create it', async () => {
    const {planned, report} = await migrate(role, [TITLED_NOTE]);
    expect(planned.filter(sql => /EXTENSION/i.test(sql))).to.eql([]);
    expect(report.dataSources[0].status).to.equal('migrated');
    expect(await extensions()).to.eql(['plpgsql']);
  });

  it('is installed for a generated uuid id, whose default calls it', async () => {
    const {planned} = await migrate('postgres', [TOKEN]);
    expect(planned).to.containEql('CREATE EXTENSION IF NOT EXISTS "uuid-ossp"');
    expect(await extensions()).to.eql(['plpgsql', 'uuid-ossp']);
    const [row] = await db!.query<{id: string}>(
      "INSERT INTO token (name) VALUES ('a') RETURNING id::text AS id",
    );
    expect(row.id).to.match(/^[0-9a-f-]{36}$/);
  });
});
