import {expect} from '@loopback/testlab';
import type {ModelSettings, PropertyDefinition} from '@loopback/repository';
import {migrateSchemaWithReport} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {dropAllTables, indexes} from '../support/catalog';
import {TEXT} from '../support/indexed-item';
import {describeEachDatabase} from '../support/databases';

/**
 * An index declaring an access method (`type`) without `kind`, added to an
 * existing table: the mysql connector reads `kind.toUpperCase()` there, and
 * threw an uncaught TypeError that killed the process (stock too); and it
 * writes a `settings.indexes` one `INDEX USING btree by_code (code)`, a
 * syntax error, in a new table too.
 */
describeEachDatabase('an index with type and no kind', db => {
  beforeEach(() => dropAllTables(db()));

  const forms: Array<[string, PropertyDefinition, Partial<ModelSettings>]> = [
    ["property index: {type: 'btree'}", {...TEXT, index: {type: 'btree'}}, {}],
    [
      "settings.indexes {keys: {code: 1}, type: 'btree'}",
      TEXT,
      {indexes: {by_code: {keys: {code: 1}, type: 'btree'}}},
    ],
  ];

  /**
   * Migrate model Item with this `code` and `settings`: its column code gets
   * an index, not unique, and a full check after it finds nothing left to
   * do.
   */
  async function expectIndexedAndSettled(
    code: PropertyDefinition,
    settings: Partial<ModelSettings>,
  ): Promise<void> {
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      {
        name: 'Item',
        properties: {id: {type: 'number', id: true}, code},
        settings,
      },
    ]);
    try {
      await migrateSchemaWithReport(app);
      expect(
        (await indexes(db())).filter(i => i.columns === 'code'),
      ).to.containDeep([{unique: false}]);
      const again = await migrateSchemaWithReport(app, {fullCheck: true});
      expect(again.dataSources[0].statements).to.eql([]);
    } finally {
      await closeApp(app);
    }
  }

  for (const [title, code, settings] of forms) {
    it(`${title} is made in a new table, and settles`, async () => {
      await expectIndexedAndSettled(code, settings);
    });

    it(`${title} is added to an existing table, and settles`, async () => {
      const plain = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        {
          name: 'Item',
          properties: {id: {type: 'number', id: true}, code: TEXT},
        },
      ]);
      try {
        await plain.migrateSchema();
      } finally {
        await closeApp(plain);
      }
      await expectIndexedAndSettled(code, settings);
    });
  }
});
