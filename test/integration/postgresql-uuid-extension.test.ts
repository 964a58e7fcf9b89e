import {expect} from '@loopback/testlab';
import {TITLED_NOTE, type ModelSpec} from '../support/app-builder';
import {createTestDatabase, type TestDatabase} from '../support/databases';
import {
  createDeployRole,
  dropDeployRole,
  extensions,
  migrateAs,
} from '../support/deploy-role';

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
  let db: TestDatabase | undefined;
  let role = '';

  beforeEach(async function () {
    db = await createTestDatabase('postgresql');
    if (!db || db.embedded) this.skip();
    role = await createDeployRole(db);
  });
  afterEach(async () => {
    if (!db || db.embedded) return;
    await dropDeployRole(db, role);
    await db.drop();
  });

  it('is not installed for a table that does not use it, so a deploy role may create it', async () => {
    const {planned, report} = await migrateAs(db!, role, [TITLED_NOTE]);
    expect(planned.filter(sql => /EXTENSION/i.test(sql))).to.eql([]);
    expect(report.dataSources[0].status).to.equal('migrated');
    expect(await extensions(db!)).to.eql(['plpgsql']);
  });

  it('is installed for a generated uuid id, whose default calls it', async () => {
    const {planned} = await migrateAs(db!, 'postgres', [TOKEN]);
    expect(planned).to.containEql('CREATE EXTENSION IF NOT EXISTS "uuid-ossp"');
    expect(await extensions(db!)).to.eql(['plpgsql', 'uuid-ossp']);
    const [row] = await db!.query<{id: string}>(
      "INSERT INTO token (name) VALUES ('a') RETURNING id::text AS id",
    );
    expect(row.id).to.match(/^[0-9a-f-]{36}$/);
  });
});
