import {expect} from '@loopback/testlab';
import type {ModelSpec} from '../support/app-builder';
import {createTestDatabase, type TestDatabase} from '../support/databases';
import {
  createDeployRole,
  dropDeployRole,
  extensions,
  migrateAs,
} from '../support/deploy-role';

/**
 * A generated uuid id with a function and extension of its own, as
 * loopback-connector-postgresql's README writes it (`dataType: 'uuid'` in
 * lower case): the connector's CREATE TABLE writes `DEFAULT
 * gen_random_uuid()`, but its extension check compares the type with
 * `'UUID'` and so asks for `uuid-ossp` instead of `pgcrypto`.
 */
function token(id: Record<string, unknown>): ModelSpec {
  return {
    name: 'Token',
    properties: {
      id: {type: 'string', id: true, useDefaultIdType: false, ...id},
      name: {type: 'string'},
    },
  };
}

const OWN_DEFAULT = {
  generated: true,
  postgresql: {
    dataType: 'uuid',
    defaultFn: 'gen_random_uuid()',
    extension: 'pgcrypto',
  },
};

describe('a generated uuid id with its own defaultFn and extension (postgresql)', () => {
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

  it('installs the extension it names, not uuid-ossp', async () => {
    const {planned} = await migrateAs(db!, 'postgres', [token(OWN_DEFAULT)]);
    const asked = planned.filter(sql => /EXTENSION/i.test(sql));
    expect(asked).to.eql(['CREATE EXTENSION IF NOT EXISTS "pgcrypto"']);
    expect(await extensions(db!)).to.eql(['pgcrypto', 'plpgsql']);
    const [row] = await db!.query<{id: string}>(
      "INSERT INTO token (name) VALUES ('a') RETURNING id::text AS id",
    );
    expect(row.id).to.match(/^[0-9a-f-]{36}$/);
  });

  it('migrates as a deploy role when the DBA installed that extension already', async () => {
    await db!.query('CREATE EXTENSION pgcrypto');
    const {report} = await migrateAs(db!, role, [token(OWN_DEFAULT)]);
    expect(report.dataSources[0].status).to.equal('migrated');
    expect(await extensions(db!)).to.eql(['pgcrypto', 'plpgsql']);
  });

  it('names its own default, not uuid_generate_v4(), for a column made without one', async () => {
    await migrateAs(db!, 'postgres', [token({postgresql: {dataType: 'uuid'}})]);
    const {report} = await migrateAs(db!, 'postgres', [token(OWN_DEFAULT)]);
    const warnings = report.dataSources[0].warnings ?? [];
    const warning = warnings.find(w => w.includes('has no default'));
    expect(warning).to.endWith(
      'Add it in a migration script: CREATE EXTENSION IF NOT EXISTS "pgcrypto"; ' +
        'ALTER TABLE "public"."token" ALTER COLUMN "id" SET DEFAULT gen_random_uuid()',
    );
  });

  it("asks for uuid-ossp too when dataType 'UUID' names its own extension beside a default uuid", async () => {
    const model = token({
      generated: true,
      postgresql: {
        dataType: 'UUID',
        defaultFn: 'gen_random_uuid()',
        extension: 'pgcrypto',
      },
    });
    // The connector asks for pgcrypto only, while the table's other
    // generated uuid defaults to uuid_generate_v4(): "function
    // uuid_generate_v4() does not exist" at the CREATE TABLE.
    const withDefault: ModelSpec = {
      ...model,
      properties: {
        ...model.properties,
        ref: {type: 'string', generated: true, postgresql: {dataType: 'uuid'}},
      },
    };
    const {planned, report} = await migrateAs(db!, 'postgres', [withDefault]);
    expect(planned.filter(sql => /EXTENSION/i.test(sql)).sort()).to.eql([
      'CREATE EXTENSION IF NOT EXISTS "pgcrypto"',
      'CREATE EXTENSION IF NOT EXISTS "uuid-ossp"',
    ]);
    expect(report.dataSources[0].status).to.equal('migrated');
    expect(await extensions(db!)).to.eql(['pgcrypto', 'plpgsql', 'uuid-ossp']);
  });
});
