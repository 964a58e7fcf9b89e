import {expect} from '@loopback/testlab';
import {InvalidModelError, migrateSchemaWithReport} from '../../src';
import type {ModelSpec} from '../support/app-builder';
import {appsPerTest} from '../support/apps-per-test';
import {tables} from '../support/catalog';
import {describeOnDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

/** A Doc with these indexes, beside a Tag the same run creates first. */
function models(
  indexes: Record<string, unknown>,
  codeIndex?: unknown,
): ModelSpec[] {
  return [
    {
      name: 'Tag',
      properties: {id: {type: 'number', id: true, generated: true}},
    },
    {
      name: 'Doc',
      properties: {
        id: {type: 'number', id: true, generated: true},
        code: {type: 'string', length: 20, index: codeIndex},
        body: {type: 'string', length: 200},
      },
      settings: {indexes},
    },
  ];
}

// QA on an lb4 app: `type: 'gin'` (natural in a model shared with
// PostgreSQL) planned clean and failed mid-run with a syntax error, after
// the run's earlier statements.
describeOnDatabase('mysql', 'index access methods and kinds', db => {
  const apps = appsPerTest(db);

  it("refuses an index type MySQL does not have (PostgreSQL's gin) before any change", async () => {
    const err = await rejection(
      migrateSchemaWithReport(
        apps.app(models({by_body: {keys: {body: 1}, type: 'gin'}})),
      ),
    );
    expect(err).to.be.instanceOf(InvalidModelError);
    expect(err.message).to.equal(
      'model Doc, index "by_body": type "gin" is none MySQL and MariaDB have ' +
        "(PostgreSQL's gin, gist or brin); the connector writes it as it is, which the server " +
        "refuses. Declare one of 'BTREE', 'HASH', 'RTREE' (any case), or leave type out.",
    );
    expect(await tables(db())).to.eql([]);
  });

  it("refuses a property index's unknown kind", async () => {
    const err = await rejection(
      migrateSchemaWithReport(apps.app(models({}, {kind: 'unique_key'}))),
    );
    expect(err).to.be.instanceOf(InvalidModelError);
    expect(err.message).to.startWith(
      'model Doc, property code, index: kind "unique_key" is none MySQL and MariaDB have',
    );
    expect(await tables(db())).to.eql([]);
  });

  it('makes indexes of known methods and kinds in any case, up to date after', async () => {
    const spec = () =>
      models(
        {by_body: {keys: {body: 1}, type: 'hash', kind: 'unique'}},
        {
          type: 'btree',
        },
      );
    const first = await migrateSchemaWithReport(apps.app(spec()));
    expect(first.dataSources[0].status).to.equal('migrated');
    const again = await migrateSchemaWithReport(apps.app(spec()));
    expect(again.dataSources[0].status).to.equal('up-to-date');
  });
});

// QA on an lb4 app (qa82): `kind: 'FULLTEXT'` on PostgreSQL (a model shared
// with MySQL) was refused as a statement "not part of changing table".
describeOnDatabase('postgresql', 'index kinds', db => {
  const apps = appsPerTest(db);

  it("refuses MySQL's FULLTEXT kind before any change, naming PostgreSQL's way", async () => {
    const err = await rejection(
      migrateSchemaWithReport(
        apps.app(models({by_body: {keys: {body: 1}, kind: 'FULLTEXT'}})),
      ),
    );
    expect(err).to.be.instanceOf(InvalidModelError);
    expect(err.message).to.equal(
      'model Doc, index "by_body": kind "FULLTEXT" is none PostgreSQL has (MySQL\'s FULLTEXT ' +
        "and SPATIAL are access methods here: type 'gin' or 'gist'); the connector writes it as " +
        "it is, which the server refuses. Declare 'UNIQUE' (any case), or leave kind out.",
    );
    expect(await tables(db())).to.eql([]);
  });

  it('takes a unique kind in any case, with an access method', async () => {
    const spec = () =>
      models({by_body: {keys: {body: 1}, kind: 'unique', type: 'btree'}});
    const first = await migrateSchemaWithReport(apps.app(spec()));
    expect(first.dataSources[0].status).to.equal('migrated');
    const again = await migrateSchemaWithReport(apps.app(spec()));
    expect(again.dataSources[0].status).to.equal('up-to-date');
  });
});
