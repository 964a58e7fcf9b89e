import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {migrateSchemaWithReport} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {dropAllTables, indexes} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';

/** A `varchar(40)` property with this `index`. */
const indexed = (index: PropertyDefinition['index']): PropertyDefinition => ({
  type: 'string',
  index,
  postgresql: {dataType: 'varchar', dataLength: 40},
  mysql: {dataType: 'varchar', dataLength: 40},
});

describeEachDatabase('a property index made unique, then not', (db, kind) => {
  beforeEach(() => dropAllTables(db()));
  // Each connector's name for a property's own index.
  const indexName = (property: string) =>
    kind === 'postgresql' ? `item_${property}_idx` : property;

  for (const property of ['code', 'item_code']) {
    it(`each change is made in one run and settles (${property})`, async () => {
      const steps: Array<[PropertyDefinition['index'], boolean]> = [
        [true, false],
        [{unique: true}, true],
        [true, false],
      ];
      for (const [index, unique] of steps) {
        const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
          {
            name: 'Item',
            properties: {
              id: {type: 'number', id: true, generated: true},
              [property]: indexed(index),
            },
          },
        ]);
        try {
          await migrateSchemaWithReport(app);
          expect(
            (await indexes(db()))
              .filter(i => i.columns === property)
              .map(i => ({name: i.name, unique: i.unique})),
          ).to.eql([{name: indexName(property), unique}]);
          const again = await migrateSchemaWithReport(app, {
            fullCheck: true,
          });
          expect(again.dataSources[0]).to.containDeep({
            status: 'up-to-date',
            statements: [],
          });
        } finally {
          await closeApp(app);
        }
      }
    });
  }
});
