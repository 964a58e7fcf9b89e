import {expect} from '@loopback/testlab';
import {MigrationWillFailError, migrateSchemaWithReport} from '../../src';
import type {ModelSpec} from '../support/app-builder';
import {appsPerTest} from '../support/apps-per-test';
import {foreignKeyRules, indexes} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {rejection} from '../support/rejection';
import {
  kindWithToken,
  localReferencingToken,
  PLAIN_TOKEN,
} from '../support/token-key-models';

/** Kind, its token unique or not, and Local with its key to it or without. */
function models(unique: boolean, keyed: boolean): ModelSpec[] {
  return [
    kindWithToken(
      unique ? {...PLAIN_TOKEN, index: {unique: true}} : PLAIN_TOKEN,
    ),
    localReferencingToken(keyed),
  ];
}

// A unique index that a foreign key of another model references, removed
// from its model: the connector drops it, and the database refuses
// (MySQL: "Cannot drop index 'token': needed in a foreign key constraint",
// mid-run); removed with the key in one run, MySQL dropped the index first
// and failed the same way.
describeEachDatabase('an index a foreign key needs', (db, kind) => {
  const apps = appsPerTest(db);
  const tokenIndexes = async () =>
    (await indexes(db())).filter(i => /token/i.test(i.columns)).length;

  beforeEach(() => migrateSchemaWithReport(apps.app(models(true, true))));

  it('is not dropped while the key stays: the run is refused before any change', async () => {
    const err = await rejection(
      migrateSchemaWithReport(apps.app(models(false, true))),
    );
    expect(err).to.be.instanceOf(MigrationWillFailError);
    expect(err.message).to.match(
      kind === 'postgresql'
        ? /index "kind_token_idx" is referenced by foreign key "fk_local_tag"/
        : /index "token" of "Kind": foreign key "fk_local_tag" of "Local" needs an index that starts with "token", and MySQL refuses to drop the last one/,
    );
    expect(await tokenIndexes()).to.equal(1);
    expect(await foreignKeyRules(db())).to.have.length(1);
  });

  it('is dropped after the key when both go in one run', async () => {
    const report = await migrateSchemaWithReport(
      apps.app(models(false, false)),
    );
    expect(report.dataSources[0].status).to.equal('migrated');
    expect(await foreignKeyRules(db())).to.eql([]);
    expect(await tokenIndexes()).to.equal(0);
    const again = await migrateSchemaWithReport(apps.app(models(false, false)));
    expect(again.dataSources[0].status).to.equal('up-to-date');
  });

  it('is dropped after a key to its own table when both go in one run (qa82)', async () => {
    const employee = (keyed: boolean) => [
      {
        name: 'Employee',
        properties: {
          id: {type: 'number', id: true, generated: true},
          badge: {type: 'string', length: 20},
          managerBadge: {type: 'string', length: 20},
        },
        settings: keyed
          ? {
              indexes: {
                ix_employee_badge: {keys: {badge: 1}, options: {unique: true}},
              },
              foreignKeys: {
                fkEmpManager: {
                  name: 'fk_emp_manager',
                  entity: 'Employee',
                  entityKey: 'badge',
                  foreignKey: 'managerBadge',
                },
              },
            }
          : {},
      },
    ];
    await migrateSchemaWithReport(apps.app(employee(true)));
    expect(await foreignKeyRules(db())).to.have.length(2);
    const report = await migrateSchemaWithReport(apps.app(employee(false)));
    expect(report.dataSources[0].status).to.equal('migrated');
    expect(await foreignKeyRules(db())).to.have.length(1);
    const again = await migrateSchemaWithReport(apps.app(employee(false)));
    expect(again.dataSources[0].status).to.equal('up-to-date');
  });
});
