import {expect} from '@loopback/testlab';
import {MigrationWillFailError} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {describeOnDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

/** A table a view of the database reads (made by hand, as teams have them). */
function order(total: Record<string, unknown>, note = true): ModelSpec {
  return {
    name: 'Order',
    properties: {
      id: {type: 'number', id: true, generated: true},
      total: {type: 'number', ...total},
      ...(note && {note: {type: 'string'}}),
    },
    settings: {postgresql: {table: 'orders'}},
  };
}

const NUMERIC_12_2 = {
  postgresql: {dataType: 'numeric', dataPrecision: 12, dataScale: 2},
};

describeOnDatabase('postgresql', 'columns views use (postgresql)', db => {
  beforeEach(async () => {
    await db().query(
      `DROP TABLE IF EXISTS orders CASCADE;
       CREATE TABLE orders (id serial PRIMARY KEY, total numeric(12,2), note text);
       CREATE VIEW order_totals AS SELECT sum(total) AS total, max(note) AS note FROM orders;
       INSERT INTO orders (total, note) VALUES (12.5, NULL);`,
    );
  });

  async function refusal(model: ModelSpec): Promise<string[]> {
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [model]);
    try {
      const plan = await app.planSchemaMigration();
      const error = await rejection(app.migrateSchema());
      expect(error).to.be.instanceOf(MigrationWillFailError);
      return plan.dataSources[0].statements.flatMap(s => s.willFail ?? []);
    } finally {
      await closeApp(app);
    }
  }

  it('refuses a type change of a column a view uses, naming the view and the fix, changing nothing', async () => {
    const planned = await refusal(
      order({
        postgresql: {dataType: 'numeric', dataPrecision: 14, dataScale: 2},
      }),
    );
    expect(planned).to.eql([
      'column "total" of "public"."orders" is used by view ' +
        '"public"."order_totals": PostgreSQL changes no type of a column a ' +
        'view uses, nor drops it ("cannot alter type of a column used by a ' +
        'view or rule"). Drop the view in a migration script with runs = ' +
        "'before-schema' and make it again in one that runs after the " +
        'schema (the default), or keep the column as it is',
    ]);
    const type = await db().query(
      "SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'total'",
    );
    expect(type).to.eql([{t: 'numeric(12,2)'}]);
  });

  it('refuses to drop a column a view uses, even one that holds no values', async () => {
    const planned = await refusal(order(NUMERIC_12_2, false));
    expect(planned).to.have.length(1);
    expect(planned[0]).to.startWith(
      'column "note" of "public"."orders" is used by view "public"."order_totals"',
    );
  });

  it('refuses a rebuild that drops a table a view uses, so that --check says so, changing nothing', async () => {
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      order(NUMERIC_12_2),
    ]);
    try {
      const plan = await app.planSchemaMigration({existingSchema: 'drop'});
      const error = await rejection(
        app.migrateSchema({existingSchema: 'drop'}),
      );
      expect(error).to.be.instanceOf(MigrationWillFailError);
      const drop = plan.dataSources[0].statements.find(s =>
        s.sql.startsWith('DROP TABLE'),
      );
      expect(drop?.willFail).to.equal(
        'table "public"."orders" is used by view "public"."order_totals": ' +
          'PostgreSQL drops no table a view uses ("cannot drop table ... ' +
          'because other objects depend on it"). Drop the view in a ' +
          "migration script with runs = 'before-schema' and make it again " +
          'in one that runs after the schema (the default)',
      );
    } finally {
      await closeApp(app);
    }
    const rows = await db().query('SELECT note FROM orders');
    expect(rows).to.have.length(1);
  });
});

describeOnDatabase(
  'postgresql',
  'column types the database has not (postgresql)',
  db => {
    const ticket: ModelSpec = {
      name: 'Ticket',
      properties: {
        id: {type: 'number', id: true, generated: true},
        state: {type: 'string', postgresql: {dataType: 'ticket_state'}},
      },
    };

    it('refuses a table with a column of an enum type not made yet, naming it and the fix; makes it once the type exists', async () => {
      await db().query(
        'DROP TABLE IF EXISTS ticket; DROP TYPE IF EXISTS ticket_state',
      );
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [ticket]);
      try {
        const plan = await app.planSchemaMigration();
        expect(
          plan.dataSources[0].statements.flatMap(s => s.willFail ?? []),
        ).to.eql([
          'column "state" of "public"."ticket" has type TICKET_STATE, which ' +
            'the database does not have (the connector makes no type). Make it ' +
            "first, in a migration script with runs = 'before-schema' (CREATE " +
            "TYPE ..., CREATE EXTENSION ...), or correct the property's " +
            'postgresql.dataType',
        ]);
        const error = await rejection(app.migrateSchema());
        expect(error).to.be.instanceOf(MigrationWillFailError);
        await db().query("CREATE TYPE ticket_state AS ENUM ('open', 'closed')");
        await app.migrateSchema();
        const again = await app.planSchemaMigration({fullCheck: true});
        expect(again.dataSources[0].statements).to.eql([]);
      } finally {
        await closeApp(app);
      }
    });
  },
);

describeOnDatabase('postgresql', 'a model on a view (postgresql)', db => {
  const report: ModelSpec = {
    name: 'Report',
    properties: {
      id: {type: 'number', id: true, generated: true},
      title: {type: 'string'},
    },
  };

  it('plans nothing for it and warns of no table the plan would create', async () => {
    // report_src has every column of the model and no model: it looked
    // like the model's old table, and the view like a table to create.
    await db().query(
      `DROP VIEW IF EXISTS report; DROP TABLE IF EXISTS report_src;
       CREATE TABLE report_src (id serial PRIMARY KEY, title text);
       CREATE VIEW report AS SELECT id, title FROM report_src;`,
    );
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [report]);
    try {
      const plan = await app.planSchemaMigration({fullCheck: true});
      const migrated = await app.migrateSchema({fullCheck: true});
      for (const {statements, warnings} of [
        plan.dataSources[0],
        migrated!.dataSources[0],
      ]) {
        expect(statements).to.eql([]);
        expect(warnings).to.eql([
          'table without a model in this app: "public"."report_src"; the ' +
            'migration leaves it as it is (drop what is no longer needed by ' +
            'hand or in a migration script)',
        ]);
      }
    } finally {
      await closeApp(app);
    }
  });

  it('checks no table it would make: a generated text id on a view is not refused, as stock migrates it', async () => {
    await db().query(
      `DROP VIEW IF EXISTS report; DROP TABLE IF EXISTS report_src;
       CREATE TABLE report_src (id text PRIMARY KEY, title text);
       CREATE VIEW report AS SELECT id, title FROM report_src;`,
    );
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      {
        ...report,
        properties: {
          ...report.properties,
          id: {type: 'string', id: true, generated: true},
        },
      },
    ]);
    try {
      const migrated = await app.migrateSchema({fullCheck: true});
      expect(migrated!.dataSources[0]).to.containDeep({
        statements: [],
        warnings: [
          'table without a model in this app: "public"."report_src"; the ' +
            'migration leaves it as it is (drop what is no longer needed by ' +
            'hand or in a migration script)',
        ],
      });
      expect(migrated!.dataSources[0].warnings).to.have.length(1);
    } finally {
      await closeApp(app);
    }
  });
});
