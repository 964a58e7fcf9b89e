import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeOnDatabase} from '../support/databases';

/** An event table made without LoopBack, with millisecond times. */
const EVENTS = `CREATE TABLE events (
  id INT PRIMARY KEY,
  created DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
    ON UPDATE CURRENT_TIMESTAMP(3))`;

/** Its model: the times sized by `mysql.dataPrecision`, no defaults declared. */
const events: ModelSpec = {
  name: 'Events',
  properties: {
    id: {type: 'number', id: true, required: true},
    created: {
      type: 'date',
      required: true,
      mysql: {dataType: 'datetime', dataPrecision: 3},
    },
    updated: {
      type: 'date',
      required: true,
      mysql: {dataType: 'timestamp', dataPrecision: 3},
    },
  },
  settings: {mysql: {table: 'events'}},
};

describeOnDatabase('mysql', 'fractional-second time columns (mysql)', db => {
  beforeEach(() => dropAllTables(db()));

  it('with CURRENT_TIMESTAMP(3) defaults, as declared: nothing planned, on every run', async () => {
    await db().query(EVENTS);
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [events]);
    try {
      const first = await migrateSchemaWithReport(app);
      expect(first.dataSources[0].statements).to.eql([]);
      const again = await app.planSchemaMigration({fullCheck: true});
      expect(again.dataSources[0].statements).to.eql([]);
    } finally {
      await closeApp(app);
    }
    const [column] = await db().query<{def: string; extra: string}>(
      `SELECT COLUMN_DEFAULT AS def, EXTRA AS extra FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'events' AND COLUMN_NAME = 'updated'`,
    );
    expect(column).to.eql({
      def: 'current_timestamp(3)',
      extra: 'on update current_timestamp(3)',
    });
  });
});
