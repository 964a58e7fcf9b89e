import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {describeEachDatabase, type TestDatabase} from '../support/databases';

// Models of one datasource in other PostgreSQL schemas (`postgresql:
// {schema}`), with foreign keys declared as the LoopBack docs show. The
// connector reads a table's foreign keys by table name alone, in every
// schema, and compares a key's referenced table by name alone.

const CUSTOMER = (schema?: string): ModelSpec => ({
  name: 'Customer',
  properties: {
    id: {type: 'number', id: true, generated: true},
    name: {type: 'string'},
  },
  settings: schema ? {postgresql: {schema}} : {},
});

const FK_TO_CUSTOMER = {
  fk_invoice_customer: {
    name: 'fk_invoice_customer',
    entity: 'Customer',
    entityKey: 'id',
    foreignKey: 'customerId',
  },
};

/** A model on table `invoice` of `schema`, with or without the key. */
function invoice(name: string, schema: string, withKey: boolean): ModelSpec {
  return {
    name,
    properties: {
      id: {type: 'number', id: true, generated: true},
      customerId: {type: 'number'},
    },
    settings: {
      postgresql: {schema, table: 'invoice'},
      ...(withKey ? {foreignKeys: FK_TO_CUSTOMER} : {}),
    },
  };
}

/** Every foreign key: `schema.table.name -> schema.table`. */
async function keys(db: TestDatabase): Promise<string[]> {
  const rows = await db.query<{key: string}>(
    `SELECT ns.nspname || '.' || cl.relname || '.' || con.conname || ' -> ' ||
            tns.nspname || '.' || tcl.relname AS key
       FROM pg_constraint con
       JOIN pg_class cl ON cl.oid = con.conrelid
       JOIN pg_namespace ns ON ns.oid = cl.relnamespace
       JOIN pg_class tcl ON tcl.oid = con.confrelid
       JOIN pg_namespace tns ON tns.oid = tcl.relnamespace
      WHERE con.contype = 'f'`,
  );
  return rows.map(r => r.key).sort();
}

describeEachDatabase('foreign keys of tables in other schemas', (db, kind) => {
  if (kind !== 'postgresql') return;
  const apps: MigratingApp[] = [];
  const app = (models: ModelSpec[]) => {
    const built = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
    apps.push(built);
    return built;
  };
  const statements = async (models: ModelSpec[]) =>
    (await app(models).planSchemaMigration({fullCheck: true})).dataSources[0]
      .statements;

  afterEach(async () => {
    for (const a of apps.splice(0)) await closeApp(a);
    await db().query(
      'DROP SCHEMA IF EXISTS sales, archive, crm CASCADE; DROP TABLE IF EXISTS public.customer, public.invoice CASCADE',
    );
  });

  it("reads a table's keys in its own schema, not those of a table of the same name in another", async () => {
    const models = [
      CUSTOMER(),
      invoice('SalesInvoice', 'sales', true),
      invoice('ArchiveInvoice', 'archive', false),
    ];
    await migrateSchemaWithReport(app(models));
    // archive.invoice has no key: nothing to drop there.
    expect(await statements(models)).to.eql([]);

    const keyed = [
      CUSTOMER(),
      invoice('SalesInvoice', 'sales', true),
      invoice('ArchiveInvoice', 'archive', true),
    ];
    const added = await migrateSchemaWithReport(app(keyed));
    expect(added.dataSources[0].statements[0].sql).to.startWith(
      'ALTER TABLE "archive"."invoice" ADD CONSTRAINT "fk_invoice_customer" FOREIGN KEY ("customerid") REFERENCES "public"."customer"(id)',
    );
    expect(await keys(db())).to.eql([
      'archive.invoice.fk_invoice_customer -> public.customer',
      'sales.invoice.fk_invoice_customer -> public.customer',
    ]);
    expect(await statements(keyed)).to.eql([]);
  });

  it('moves a foreign key to the table its model now maps to in another schema', async () => {
    await migrateSchemaWithReport(
      app([CUSTOMER(), invoice('Invoice', 'sales', true)]),
    );
    const moved = [CUSTOMER('crm'), invoice('Invoice', 'sales', true)];
    const report = await migrateSchemaWithReport(app(moved));
    const sql = report.dataSources[0].statements.map(s => s.sql);
    expect(sql).to.containEql(
      'ALTER TABLE "sales"."invoice" DROP CONSTRAINT IF EXISTS "fk_invoice_customer"',
    );
    expect(await keys(db())).to.eql([
      'sales.invoice.fk_invoice_customer -> crm.customer',
    ]);
    expect(await statements(moved)).to.eql([]);
  });
});
