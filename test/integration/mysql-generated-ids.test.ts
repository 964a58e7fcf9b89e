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
import {rejection} from '../support/rejection';
import {MigrationWillFailError} from '../../src';

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

  // A table an older version made, as the connector writes these ids.
  const MADE_WITHOUT: Record<string, string> = {
    'as lb4 discover writes an INT column': 'INT NOT NULL',
    "mysql.dataType 'int unsigned'": 'INT UNSIGNED NOT NULL',
    'unsigned: true': 'INT UNSIGNED NOT NULL',
    'a BIGINT(20), as discover writes it': 'BIGINT(20) NOT NULL',
  };

  for (const [declared, id] of Object.entries(IDS)) {
    it(`get AUTO_INCREMENT in a table made without it: ${declared}`, async () => {
      await db().query(
        `CREATE TABLE Thing (id ${MADE_WITHOUT[declared]} PRIMARY KEY, name VARCHAR(512))`,
      );
      await db().query("INSERT INTO Thing (id, name) VALUES (3, 'kept')");
      const model: ModelSpec = {
        name: 'Thing',
        properties: {id, name: {type: 'string'}},
      };
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [model]);
      try {
        const plan = await app.planSchemaMigration({fullCheck: true});
        const [statement] = plan.dataSources[0].statements;
        expect(statement?.sql).to.match(
          /^ALTER TABLE `Thing` CHANGE COLUMN `id` `id` [^,]* NOT NULL AUTO_INCREMENT(, ALGORITHM=COPY)?$/,
        );
        expect(statement.destructive).to.be.false();
        expect(statement.lock).to.equal('blocks-writes');
        await migrateSchemaWithReport(app);
        await db().query("INSERT INTO Thing (name) VALUES ('new')");
        expect(
          await db().query('SELECT id, name FROM Thing ORDER BY id'),
        ).to.eql([
          {id: 3, name: 'kept'},
          {id: 4, name: 'new'},
        ]);
        const again = await app.planSchemaMigration({fullCheck: true});
        expect(again.dataSources[0].statements).to.eql([]);
      } finally {
        await closeApp(app);
      }
    });
  }

  it('refuses to add AUTO_INCREMENT to an id column where a row holds 0', async () => {
    await db().query(
      'CREATE TABLE Thing (id INT UNSIGNED NOT NULL PRIMARY KEY, name VARCHAR(512))',
    );
    await db().query(
      "INSERT INTO Thing (id, name) VALUES (0, 'zero'), (1, 'one')",
    );
    const model: ModelSpec = {
      name: 'Thing',
      properties: {
        id: IDS["mysql.dataType 'int unsigned'"],
        name: {type: 'string'},
      },
    };
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [model]);
    try {
      const error = await rejection(migrateSchemaWithReport(app));
      expect(error).to.be.instanceOf(MigrationWillFailError);
      expect(error.message).to.match(
        /column "id" of "Thing" becomes AUTO_INCREMENT and 1 row holds 0 in it/,
      );
      expect(await db().query('SELECT id FROM Thing ORDER BY id')).to.eql([
        {id: 0},
        {id: 1},
      ]);
    } finally {
      await closeApp(app);
    }
  });
});
