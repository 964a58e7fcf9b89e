import {expect} from '@loopback/testlab';
import {InvalidModelError} from '../../src';
import {migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

const ID = {type: 'number', id: true, generated: true};
const PAR: ModelSpec = {name: 'Par', properties: {id: ID}};

/** A model with a foreign key to `Par` per key, each declared without a `name`. */
function child(name: string, keys: string[]): ModelSpec {
  return {
    name,
    properties: {
      id: ID,
      ...Object.fromEntries(keys.map(k => [`${k}Id`, {type: 'number'}])),
    },
    settings: {
      foreignKeys: Object.fromEntries(
        keys.map(k => [
          `fk_${k}`,
          {entity: 'Par', entityKey: 'id', foreignKey: `${k}Id`},
        ]),
      ),
    },
  };
}

describeEachDatabase('foreign keys without a name', (db, kind) => {
  beforeEach(() => dropAllTables(db()));

  const migrate = async (models: ModelSpec[]) => {
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
    try {
      return await migrateSchemaWithReport(app, {fullCheck: true});
    } finally {
      await closeApp(app);
    }
  };
  const refusal = (models: ModelSpec[]) => rejection(migrate(models));

  // Two keys named "undefined" in one namespace: the database refused the
  // second, naming a key the model never declared.
  it('two in one table are refused before any change, naming the setting to write', async () => {
    const error = await refusal([PAR, child('Two', ['a', 'b'])]);
    expect(error).to.be.instanceOf(InvalidModelError);
    expect(error.message).to.match(
      /model Two: foreign key "fk_a" of settings\.foreignKeys has no name.*another key without a name of the (table|datasource).*settings\.foreignKeys\.fk_a\.name/,
    );
    expect(await tables(db())).to.eql([]);
  });

  // Stock migrates one such key (its constraint is named "undefined").
  it('one is made as stock makes it, and the next run is up to date', async () => {
    const models = [PAR, child('One', ['a'])];
    expect((await migrate(models)).dataSources[0].status).to.equal('migrated');
    expect((await migrate(models)).dataSources[0].status).to.equal(
      'up-to-date',
    );
  });

  if (kind === 'mysql') {
    it('one in each of two tables is refused on MySQL, where constraint names are one namespace', async () => {
      const error = await refusal([
        PAR,
        child('First', ['a']),
        child('Second', ['b']),
      ]);
      expect(error).to.be.instanceOf(InvalidModelError);
      expect(error.message).to.match(
        /^model First: foreign key "fk_a" .*another key without a name of the datasource/,
      );
      expect(await tables(db())).to.eql([]);
    });
  }
});
