import {expect} from '@loopback/testlab';
import {
  buildApp,
  closeApp,
  MigratingApp,
  StockApp,
  type ModelSpec,
} from '../support/app-builder';
import {DataLossError, migrateSchemaWithReport} from '../../src';
import {columns, dropAllTables, foreignKeys, tables} from '../support/catalog';
import {createTestDatabase, type TestDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

const CUSTOMER: ModelSpec = {
  name: 'Customer',
  dataSource: 'pg',
  properties: {
    id: {type: 'number', id: true, generated: true},
    name: {type: 'string'},
  },
};
const INVOICE: ModelSpec = {
  name: 'Invoice',
  dataSource: 'pg',
  properties: {
    id: {type: 'number', id: true, generated: true},
    customerId: {type: 'number'},
  },
  settings: {
    foreignKeys: {
      fk_invoice_customer: {
        name: 'fk_invoice_customer',
        entity: 'Customer',
        entityKey: 'id',
        foreignKey: 'customerId',
      },
    },
  },
};
const AUDIT: ModelSpec = {
  name: 'AuditEntry',
  dataSource: 'maria',
  properties: {
    id: {type: 'number', id: true, generated: true},
    customerId: {type: 'number'},
  },
  settings: {
    // Points at a model on the other datasource: no database can enforce it.
    foreignKeys: {
      fk_audit_customer: {
        name: 'fk_audit_customer',
        entity: 'Customer',
        entityKey: 'id',
        foreignKey: 'customerId',
      },
    },
  },
};

describe('an app with two datasources (PostgreSQL and MariaDB)', function () {
  let pg: TestDatabase | undefined;
  let maria: TestDatabase | undefined;
  let app: MigratingApp | StockApp | undefined;

  before(async function () {
    pg = await createTestDatabase('postgresql');
    maria = await createTestDatabase('mysql');
    if (!pg || !maria) this.skip();
  });
  after(async () => {
    await pg?.drop();
    await maria?.drop();
  });
  beforeEach(async () => {
    await dropAllTables(pg!);
    await dropAllTables(maria!);
  });
  afterEach(async () => {
    if (app) await closeApp(app);
    app = undefined;
  });

  function build<A extends MigratingApp | StockApp>(AppClass: new () => A): A {
    const built = buildApp(
      AppClass,
      {pg: pg!.dataSourceConfig, maria: maria!.dataSourceConfig},
      [INVOICE, CUSTOMER, AUDIT],
    );
    app = built;
    return built;
  }

  it('the stock mixin fails with a models list (loopback-next #5997, baseline)', async () => {
    const stock = build(StockApp);
    await expect(
      stock.migrateSchema({models: ['AuditEntry']}),
    ).to.be.rejectedWith(/not attached to this datasource/);
  });

  it('migrates each datasource with its own models', async () => {
    const report = await migrateSchemaWithReport(build(MigratingApp));
    expect(
      report.dataSources.map(d => [d.name, d.connector, d.status, d.models]),
    ).to.eql([
      ['pg', 'postgresql', 'migrated', ['Customer', 'Invoice']],
      ['maria', 'mysql', 'migrated', ['AuditEntry']],
    ]);
    expect(await tables(pg!)).to.eql(['customer', 'invoice']);
    expect(await tables(maria!)).to.eql(['auditentry']);
    expect((await foreignKeys(pg!)).map(k => k.name)).to.eql([
      'fk_invoice_customer',
    ]);
  });

  it('reports a foreign key to a model on another datasource instead of dropping it silently', async () => {
    const report = await migrateSchemaWithReport(build(MigratingApp));
    const [warning] = report.dataSources[1].warnings;
    expect(warning).to.match(
      /AuditEntry declares foreign key "fk_audit_customer" to model Customer, which is not attached to datasource "maria"/,
    );
    expect(await foreignKeys(maria!)).to.eql([]);
  });

  it('applies a models list per datasource', async () => {
    const report = await migrateSchemaWithReport(build(MigratingApp), {
      models: ['AuditEntry', 'Customer'],
    });
    expect(report.dataSources.map(d => [d.name, d.models])).to.eql([
      ['pg', ['Customer']],
      ['maria', ['AuditEntry']],
    ]);
    expect(await tables(pg!)).to.eql(['customer']);
    expect(await tables(maria!)).to.eql(['auditentry']);
  });

  it('skips, and says so, a datasource that has none of the listed models', async () => {
    const report = await migrateSchemaWithReport(build(MigratingApp), {
      models: ['AuditEntry'],
    });
    expect(report.dataSources[0]).to.containDeep({
      name: 'pg',
      status: 'skipped',
      reason: 'none of the requested models is attached to it',
    });
    expect(await tables(pg!)).to.eql([]);
  });

  it('refuses data loss on one datasource before changing any datasource', async () => {
    await migrateSchemaWithReport(build(MigratingApp));
    await maria!.query('INSERT INTO `AuditEntry` (customerId) VALUES (7)');
    await closeApp(app!);
    const customer = {
      ...CUSTOMER,
      properties: {...CUSTOMER.properties, email: {type: 'string'}},
    };
    const audit = {
      ...AUDIT,
      properties: {id: AUDIT.properties.id},
      settings: {},
    };
    const changed = buildApp(
      MigratingApp,
      {pg: pg!.dataSourceConfig, maria: maria!.dataSourceConfig},
      [INVOICE, customer, audit],
    );
    app = changed;
    const error = await rejection(migrateSchemaWithReport(changed));
    expect(error).to.be.instanceOf(DataLossError);
    expect(error.message).to.match(/datasource "maria", model AuditEntry/);
    expect(
      (await columns(pg!, 'customer')).map(c => c.column),
    ).to.not.containEql('email');
  });

  it('migrates only the listed datasources', async () => {
    const report = await migrateSchemaWithReport(build(MigratingApp), {
      dataSources: ['maria'],
    });
    expect(report.dataSources.map(d => d.name)).to.eql(['maria']);
    expect(await tables(pg!)).to.eql([]);
    expect(await tables(maria!)).to.eql(['auditentry']);
  });
});
