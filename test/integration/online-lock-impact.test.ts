import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {migrateSchemaWithReport, type PlannedStatement} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {createTestDatabase, type TestDatabase} from '../support/databases';

const ID: PropertyDefinition = {type: 'number', id: true, generated: true};

function item(change: 'before' | 'not-null' | 'more'): ModelSpec {
  const more = change === 'more';
  return {
    name: 'Item',
    properties: {
      id: ID,
      category: {type: 'string', required: change !== 'before'},
      ...(more && {
        note: {type: 'string'},
        token: {
          type: 'string',
          postgresql: {dataType: 'uuid', dbDefault: 'gen_random_uuid()'},
        },
      }),
    },
  };
}

/** Each statement's phase, lock impact and the ends of its text. */
function shown(statements: readonly PlannedStatement[]): string[] {
  return statements.map(
    s =>
      `${s.phase} ${s.lock}${s.scansTable ? ' scans' : ''}${s.rewritesTable ? ' rewrites' : ''}: ` +
      `${s.sql.split(' ').slice(0, 2).join(' ')} ... ${s.sql.split(' ').slice(-2).join(' ')}`,
  );
}

/**
 * The lock impact the plan gives the statements of its online phases
 * (README, "Zero-downtime" and "Lock impact and busy tables"): what
 * `--dry-run` prints above them and what its summary lists as blocking the
 * app. The statements the online forms add are judged as they run: a
 * back-fill updates rows in committed batches, a comment takes no lock the
 * app feels, and `SET NOT NULL` after its check was validated skips its scan.
 */
describe('lock impact of online phases (postgresql)', () => {
  let db: TestDatabase;
  const apps: MigratingApp[] = [];

  before(async () => {
    db = (await createTestDatabase('postgresql'))!;
  });
  after(async () => {
    for (const app of apps.splice(0)) await closeApp(app);
    await db?.drop();
  });

  function appWith(models: ModelSpec[]): MigratingApp {
    const app = buildApp(MigratingApp, {db: db.dataSourceConfig}, models);
    apps.push(app);
    return app;
  }

  before(async () => {
    await migrateSchemaWithReport(appWith([item('before')]));
    await db.query(
      "INSERT INTO item (category) SELECT 'c' || n FROM generate_series(1, 2000) AS n",
    );
  });

  it('says SET NOT NULL after its validated check is brief', async () => {
    const plan = await appWith([item('not-null')]).planSchemaMigration();
    expect(shown(plan.dataSources[0].statements)).to.eql([
      'transaction brief: ALTER TABLE ... NOT VALID',
      'own-transaction none scans: ALTER TABLE ... CONSTRAINT "lsm_nn_category"',
      'own-transaction brief: ALTER TABLE ... NOT NULL',
      'own-transaction brief: ALTER TABLE ... CONSTRAINT "lsm_nn_category"',
    ]);
  });

  it('says a back-fill and its marks block no one, beside other changes', async () => {
    const plan = await appWith([item('more')]).planSchemaMigration();
    expect(shown(plan.dataSources[0].statements)).to.eql([
      'transaction brief: ALTER TABLE ... DEFAULT gen_random_uuid()',
      "transaction none: COMMENT ON ... 'lsm:back-fill pending'",
      'transaction brief: ALTER TABLE ... NOT VALID',
      'no-transaction none scans: DO $lsm$ ... END $lsm$',
      'own-transaction none: COMMENT ON ... IS NULL',
      'own-transaction none scans: ALTER TABLE ... CONSTRAINT "lsm_nn_category"',
      'own-transaction brief: ALTER TABLE ... NOT NULL',
      'own-transaction brief: ALTER TABLE ... CONSTRAINT "lsm_nn_category"',
    ]);
  });
});
