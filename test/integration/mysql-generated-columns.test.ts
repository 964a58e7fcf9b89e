import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {migrateSchemaWithReport, MigrationWillFailError} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeOnDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

/** A table made without LoopBack, with a virtual and a stored generated column. */
const CUSTOMER = `CREATE TABLE customer (
  id INT PRIMARY KEY,
  email VARCHAR(190) NOT NULL,
  label VARCHAR(200) AS (CONCAT('<', email, '>')) VIRTUAL,
  domain VARCHAR(190) AS (SUBSTRING_INDEX(email, '@', -1)) STORED)`;

/** A string property as `lb4 discover` describes a nullable VARCHAR(n) column. */
function varchar(column: string, length: number): PropertyDefinition {
  return {
    type: 'string',
    length,
    mysql: {columnName: column, dataType: 'varchar', dataLength: length},
  };
}

/** The customer model, its generated columns of these lengths. */
function customer(label = 200, domain = 190): ModelSpec {
  return {
    name: 'Customer',
    properties: {
      id: {type: 'number', id: true, required: true},
      email: {...varchar('email', 190), required: true},
      label: varchar('label', label),
      domain: varchar('domain', domain),
    },
    settings: {mysql: {table: 'customer'}},
  };
}

describeOnDatabase('mysql', 'generated columns (mysql)', db => {
  beforeEach(async () => {
    await dropAllTables(db());
    await db().query(CUSTOMER);
    await db().query(
      `INSERT INTO customer (id, email) VALUES (1, 'asa@example.se')`,
    );
  });

  async function migrate(model: ModelSpec, online: boolean, dryRun = false) {
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [model]);
    try {
      return await migrateSchemaWithReport(app, {online, dryRun});
    } finally {
      await closeApp(app);
    }
  }

  async function definitions() {
    return db().query<{name: string; extra: string; expression: string}>(
      `SELECT COLUMN_NAME AS name, EXTRA AS extra, GENERATION_EXPRESSION AS expression
         FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'customer'
          AND COLUMN_NAME IN ('label', 'domain') ORDER BY COLUMN_NAME`,
    );
  }

  it('declared as they are: nothing planned', async () => {
    const report = await migrate(customer(), true);
    expect(report.dataSources[0].statements).to.eql([]);
  });

  for (const online of [true, false]) {
    it(`a stored one restated as a plain column is refused, named with the fix, changing nothing (online: ${online})`, async () => {
      const before = await definitions();
      const plan = await migrate(customer(200, 250), online, true);
      const [statement] = plan.dataSources[0].statements;
      expect(statement.willFail).to.match(
        /^column "domain" of "customer" is a generated column \(varchar\(190\) AS \(.*\) STORED\), .*dropping its expression.*MODIFY `domain` <new type> AS \(.*\) STORED\)$/,
      );

      const error = await rejection(migrate(customer(200, 250), online));
      expect(error).to.be.instanceOf(MigrationWillFailError);
      expect(await definitions()).to.eql(before);
      await db().query(
        `UPDATE customer SET email = 'asa@example.org' WHERE id = 1`,
      );
      expect(await db().query('SELECT domain FROM customer')).to.eql([
        {domain: 'example.org'},
      ]);
    });
  }

  it('a virtual one is refused before any change, not by the server halfway', async () => {
    const error = await rejection(migrate(customer(300, 190), true));
    expect(error).to.be.instanceOf(MigrationWillFailError);
    expect(error.message).to.match(
      /column "label" of "customer" is a generated column \(varchar\(200\) AS \(.*\) VIRTUAL\), .*refuses for a virtual column \(error 1907\)/,
    );
  });

  it('a virtual one taken out of the model is dropped as losing nothing: it stores no values', async () => {
    const {label, ...withoutLabel} = customer().properties;
    expect(label).to.not.be.undefined();
    const model: ModelSpec = {...customer(), properties: withoutLabel};

    const report = await migrate(model, true);
    const [statement] = report.dataSources[0].statements;
    expect(statement).to.containDeep({destructive: false});
    expect(statement.reason).to.match(
      /drops column "label", which is computed when read and stores no values/,
    );
    expect((await definitions()).map(c => c.name)).to.eql(['domain']);
  });
});
