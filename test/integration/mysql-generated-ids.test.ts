import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeOnDatabase} from '../support/databases';

/** Generated integer ids the connector wrote without AUTO_INCREMENT. */
const IDS: Record<string, PropertyDefinition> = {
  'as lb4 discover writes an INT column': {
    type: 'number',
    id: 1,
    generated: 1,
    mysql: {dataType: 'int', dataPrecision: 10, dataScale: 0, nullable: 'N'},
  },
  "mysql.dataType 'int unsigned'": {
    type: 'number',
    id: true,
    generated: true,
    mysql: {dataType: 'int unsigned'},
  },
  'unsigned: true': {type: 'number', id: true, generated: true, unsigned: true},
  'a BIGINT(20), as discover writes it': {
    type: 'number',
    id: 1,
    generated: 1,
    mysql: {dataType: 'bigint', dataPrecision: 20, dataScale: 0},
  },
};

describeOnDatabase('mysql', 'generated integer ids (mysql)', db => {
  beforeEach(() => dropAllTables(db()));

  for (const [declared, id] of Object.entries(IDS)) {
    it(`are AUTO_INCREMENT in a new table: ${declared}`, async () => {
      const model: ModelSpec = {
        name: 'Thing',
        properties: {id, name: {type: 'string'}},
      };
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [model]);
      try {
        const report = await migrateSchemaWithReport(app);
        expect(report.dataSources[0].statements[0].sql).to.match(
          /`id` [^,]* AUTO_INCREMENT PRIMARY KEY/,
        );
        await db().query("INSERT INTO Thing (name) VALUES ('a'), ('b')");
        expect(await db().query('SELECT id FROM Thing ORDER BY id')).to.eql([
          {id: 1},
          {id: 2},
        ]);
        const again = await app.planSchemaMigration({fullCheck: true});
        expect(again.dataSources[0].statements).to.eql([]);
      } finally {
        await closeApp(app);
      }
    });
  }
});
