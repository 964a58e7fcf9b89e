import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  StockApp,
  type ModelSpec,
} from '../support/app-builder';
import {columns, dropAllTables, indexes} from '../support/catalog';
import {describeOnDatabase} from '../support/databases';

/** A model on a table of another storage engine than InnoDB (`settings.mysql.engine`). */
function logEntry(engine: string, extra: ModelSpec['properties']): ModelSpec {
  return {
    name: 'LogEntry',
    properties: {
      id: {type: 'number', id: true, generated: true},
      message: {type: 'string', mysql: {dataType: 'varchar', dataLength: 60}},
      ...extra,
    },
    settings: {mysql: {engine}},
  };
}

const CHANGED = {
  level: {type: 'number'},
  source: {
    type: 'string',
    index: true,
    mysql: {dataType: 'varchar', dataLength: 40},
  },
};

describeOnDatabase(
  'mysql',
  'MySQL/MariaDB tables of other storage engines than InnoDB',
  db => {
    beforeEach(() => dropAllTables(db()));

    async function migrateStock(models: ModelSpec[]): Promise<void> {
      const app = buildApp(StockApp, {db: db().dataSourceConfig}, models);
      try {
        await app.migrateSchema();
      } finally {
        await closeApp(app);
      }
    }

    async function migrate(models: ModelSpec[]) {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
      try {
        return await migrateSchemaWithReport(app);
      } finally {
        await closeApp(app);
      }
    }

    async function schema() {
      return {
        columns: await columns(db(), 'logentry'),
        indexes: await indexes(db()),
      };
    }

    for (const engine of ['MyISAM', 'Aria', 'MEMORY']) {
      it(`changes an existing ${engine} table as LoopBack does, in its plain form (${engine} has no online DDL)`, async () => {
        await migrateStock([logEntry(engine, {})]);
        await migrateStock([logEntry(engine, CHANGED)]);
        const stock = await schema();
        await dropAllTables(db());

        await migrate([logEntry(engine, {})]);
        await db().query("INSERT INTO `LogEntry` (message) VALUES ('kept')");
        const report = await migrate([logEntry(engine, CHANGED)]);

        const statements = report.dataSources[0].statements;
        expect(statements.length).to.be.above(0);
        for (const statement of statements) {
          expect(statement.sql).not.to.match(/ALGORITHM|LOCK=NONE/);
          expect(statement.lock).to.equal('blocks-writes');
        }
        expect(await schema()).to.eql(stock);
        expect(
          await db().query('SELECT message FROM `LogEntry`'),
        ).to.containDeep([{message: 'kept'}]);
      });
    }
  },
);
