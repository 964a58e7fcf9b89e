import {expect} from '@loopback/testlab';
import {InvalidModelError} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';

const ID = {type: 'number', id: true, generated: true};

/** `Two` with two foreign keys to `Par`, declared without a `name`. */
const MODELS: ModelSpec[] = [
  {name: 'Par', properties: {id: ID}},
  {
    name: 'Two',
    properties: {id: ID, aId: {type: 'number'}, bId: {type: 'number'}},
    settings: {
      foreignKeys: {
        fk_a: {entity: 'Par', entityKey: 'id', foreignKey: 'aId'},
        fk_b: {entity: 'Par', entityKey: 'id', foreignKey: 'bId'},
      },
    },
  },
];

describeEachDatabase('foreign keys without a name', db => {
  beforeEach(() => dropAllTables(db()));

  it('are refused before any change, naming the setting to write', async () => {
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, MODELS);
    const error = await app.migrateSchema().then(
      () => undefined,
      (err: unknown) => err,
    );
    await closeApp(app);
    expect(error).to.be.instanceOf(InvalidModelError);
    expect((error as Error).message).to.match(
      /model Two: foreign key "fk_a" of settings\.foreignKeys has no name.*settings\.foreignKeys\.fk_a\.name/,
    );
    expect(await tables(db())).to.eql([]);
  });
});
