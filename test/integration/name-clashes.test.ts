import {expect} from '@loopback/testlab';
import {InvalidModelError, migrateSchemaWithReport} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';

const ID = {type: 'number', id: true, generated: true};

describeEachDatabase('index names that differ only in case', (db, kind) => {
  beforeEach(() => dropAllTables(db()));

  const spec = {
    name: 'Note',
    properties: {id: ID, a: {type: 'string'}, b: {type: 'string'}},
    settings: {indexes: {ix: {keys: {a: 1}}, IX: {keys: {b: 1}}}},
  };

  it('are refused on MySQL before anything runs, taken on PostgreSQL', async () => {
    // A model created first: MySQL commits its CREATE TABLE.
    const models = [{name: 'Alpha', properties: {id: ID}}, spec];
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
    try {
      const run = migrateSchemaWithReport(app);
      if (kind === 'postgresql') {
        // Quoted names keep their case: both are created.
        await run;
        expect(await tables(db())).to.eql(['alpha', 'note']);
        return;
      }
      const error = await run.then(
        () => undefined,
        (err: Error) => err,
      );
      expect(error).to.be.instanceOf(InvalidModelError);
      expect(error!.message).to.match(
        /model Note: the index is named "IX", which MySQL and MariaDB take for the index "ix" \(they compare index names without case\); .*rename its key in settings\.indexes/,
      );
      expect(await tables(db())).to.eql([]);
    } finally {
      await closeApp(app);
    }
  });
});
