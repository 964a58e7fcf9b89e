import {expect} from '@loopback/testlab';
import {MigrationWillFailError, migrateSchemaWithReport} from '../../src';
import {appsPerTest} from '../support/apps-per-test';
import {dropAllTables, foreignKeyRules, tables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {rejection} from '../support/rejection';
import {
  kindWithToken,
  localReferencingToken,
  PLAIN_TOKEN,
} from '../support/token-key-models';

// QA on an lb4 app: a foreign key to a column with no unique key
// (PostgreSQL) or no index (MySQL) planned clean, then failed: PostgreSQL
// "there is no unique constraint matching given keys", MariaDB errno 150
// after the referenced table was created.
describeEachDatabase('a foreign key to columns without a key', (db, kind) => {
  const apps = appsPerTest(db);
  const pg = kind === 'postgresql';
  const expected = (table: string) =>
    `foreign key "fk_local_tag" cannot be added: it references "token" of ${table}, and ` +
    (pg
      ? 'PostgreSQL requires a primary key or unique index of exactly the columns a foreign key references'
      : 'MySQL requires an index that starts with the columns a foreign key references') +
    ', which that table does not have. To fix it, make it the id of model Kind, or give model Kind ' +
    'a unique index of that column (index: {unique: true} on its property, or settings.indexes ' +
    'with options: {unique: true}); or reference the id instead';

  it('is refused before any change when the run creates both tables', async () => {
    const err = await rejection(
      migrateSchemaWithReport(
        apps.app([kindWithToken(PLAIN_TOKEN), localReferencingToken()]),
      ),
    );
    expect(err).to.be.instanceOf(MigrationWillFailError);
    expect(err.message).to.containEql(
      expected(pg ? '"public"."kind"' : '"Kind"'),
    );
    expect(await tables(db())).to.eql([]);
  });

  it('is refused when the referenced table exists without the key', async () => {
    await migrateSchemaWithReport(apps.app([kindWithToken(PLAIN_TOKEN)]));
    const err = await rejection(
      migrateSchemaWithReport(
        apps.app([kindWithToken(PLAIN_TOKEN), localReferencingToken()]),
      ),
    );
    expect(err).to.be.instanceOf(MigrationWillFailError);
    expect(err.message).to.containEql(
      expected(pg ? '"public"."kind"' : '"Kind"'),
    );
    expect(await tables(db())).to.eql(['kind']);
  });

  it('makes the key where the model declares a unique index of the column, in a new table or an existing one', async () => {
    const unique = {...PLAIN_TOKEN, index: {unique: true}};
    await migrateSchemaWithReport(
      apps.app([kindWithToken(unique), localReferencingToken()]),
    );
    expect(await foreignKeyRules(db())).to.have.length(1);
    await dropAllTables(db());
    await migrateSchemaWithReport(apps.app([kindWithToken(PLAIN_TOKEN)]));
    // The run that adds the key gives the existing table the index first.
    const report = await migrateSchemaWithReport(
      apps.app([kindWithToken(unique), localReferencingToken()]),
    );
    expect(report.dataSources[0].status).to.equal('migrated');
    expect(await foreignKeyRules(db())).to.have.length(1);
  });

  it('makes a key to a unique column of its own table in the run that creates the table (qa82)', async () => {
    const employee = () => [
      {
        name: 'Employee',
        properties: {
          id: {type: 'number', id: true, generated: true},
          badge: {type: 'string', length: 20},
          managerBadge: {type: 'string', length: 20},
        },
        settings: {
          indexes: {
            uq_employee_badge: {keys: {badge: 1}, options: {unique: true}},
          },
          foreignKeys: {
            fk_emp_manager: {
              name: 'fk_emp_manager',
              entity: 'Employee',
              entityKey: 'badge',
              foreignKey: 'managerBadge',
            },
          },
        },
      },
    ];
    const report = await migrateSchemaWithReport(apps.app(employee()));
    expect(report.dataSources[0].status).to.equal('migrated');
    expect(await foreignKeyRules(db())).to.have.length(1);
    const again = await migrateSchemaWithReport(apps.app(employee()));
    expect(again.dataSources[0].status).to.equal('up-to-date');
  });
});
