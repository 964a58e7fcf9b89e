import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport, type PlannedStatement} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {createTestDatabase, type TestDatabase} from '../support/databases';

function ticket(withToken: boolean): ModelSpec {
  return {
    name: 'Ticket',
    properties: {
      id: {type: 'number', id: true, generated: true},
      title: {type: 'string'},
      ...(withToken && {
        token: {
          type: 'string',
          postgresql: {dataType: 'uuid', dbDefault: 'gen_random_uuid()'},
        },
      }),
    },
  };
}

/**
 * PostgreSQL: a column added with a volatile default (each row its own
 * value) would rewrite the table under an exclusive lock; online, the
 * column comes without a rewrite and its rows are back-filled in batches.
 */
describe('a column added with a volatile default, online (postgresql)', () => {
  let db: TestDatabase;
  let app: MigratingApp | undefined;

  before(async () => {
    db = (await createTestDatabase('postgresql'))!;
  });
  after(async () => {
    if (app) await closeApp(app);
    await db?.drop();
  });
  beforeEach(async () => {
    await db.query('DROP TABLE IF EXISTS ticket');
    await migrateSchemaWithReport(await withModels([ticket(false)]));
    await db.query(
      "INSERT INTO ticket (title) SELECT 't' || n FROM generate_series(1, 25000) AS n",
    );
  });

  async function withModels(models: ModelSpec[]): Promise<MigratingApp> {
    if (app) await closeApp(app);
    app = buildApp(MigratingApp, {db: db.dataSourceConfig}, models);
    return app;
  }

  async function filled(): Promise<{nulls: number; distinct: number}> {
    const [row] = await db.query<{nulls: string; distinct: string}>(
      'SELECT count(*) FILTER (WHERE token IS NULL) AS nulls, count(DISTINCT token) AS distinct FROM ticket',
    );
    return {nulls: Number(row.nulls), distinct: Number(row.distinct)};
  }

  const shown = (s: PlannedStatement) => `${s.phase}: ${s.sql}`;

  it('adds the column without a rewrite, then back-fills every row with its own value', async () => {
    const target = await withModels([ticket(true)]);
    const plan = await target.planSchemaMigration();
    expect(plan.dataSources[0].statements.map(shown)).to.eql([
      'transaction: ALTER TABLE "public"."ticket" ADD COLUMN "token" UUID, ' +
        'ALTER COLUMN "token" SET DEFAULT gen_random_uuid()',
      'transaction: COMMENT ON COLUMN "public"."ticket"."token" IS \'lsm:back-fill pending\'',
      'no-transaction: DO $lsm$ DECLARE filled bigint; BEGIN LOOP UPDATE "public"."ticket" ' +
        'SET "token" = gen_random_uuid() WHERE ctid = ANY (ARRAY(SELECT ctid FROM "public"."ticket" ' +
        'WHERE "token" IS NULL LIMIT 10000)); GET DIAGNOSTICS filled = ROW_COUNT; ' +
        'EXIT WHEN filled = 0; COMMIT; END LOOP; END $lsm$',
      'own-transaction: COMMENT ON COLUMN "public"."ticket"."token" IS NULL',
    ]);
    await migrateSchemaWithReport(target);
    expect(await filled()).to.eql({nulls: 0, distinct: 25000});
    const [row] = await db.query<{token: string}>(
      "INSERT INTO ticket (title) VALUES ('new') RETURNING token",
    );
    expect(row.token).to.match(/^[0-9a-f-]{36}$/);
    const [comment] = await db.query<{c: string | null}>(
      "SELECT col_description('ticket'::regclass, 3) AS c",
    );
    expect(comment.c).to.be.null();
    expect(
      (await migrateSchemaWithReport(target)).dataSources[0].status,
    ).to.equal('up-to-date');
  });

  it('finishes a back-fill an interrupted run left', async () => {
    // What a run stopped after its transaction leaves.
    await db.query(
      'ALTER TABLE ticket ADD COLUMN token uuid, ALTER COLUMN token SET DEFAULT gen_random_uuid()',
    );
    await db.query("COMMENT ON COLUMN ticket.token IS 'lsm:back-fill pending'");
    const target = await withModels([ticket(true)]);
    const plan = await target.planSchemaMigration();
    expect(plan.dataSources[0].statements.map(s => s.phase)).to.eql([
      'no-transaction',
      'own-transaction',
    ]);
    await migrateSchemaWithReport(target);
    expect(await filled()).to.eql({nulls: 0, distinct: 25000});
    expect(
      (await migrateSchemaWithReport(target)).dataSources[0].status,
    ).to.equal('up-to-date');
  });
});
