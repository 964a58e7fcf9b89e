import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {
  InvalidModelError,
  migrateSchemaWithReport,
  MigrationWillFailError,
} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeEachDatabase, type DatabaseKind} from '../support/databases';
import {rejection} from '../support/rejection';

/**
 * Properties as `lb4 discover` writes them for a table's timestamp, text,
 * integer and floating-point columns: every column setting stated, `null`
 * where the catalog has none, the precision it reports (bits on
 * PostgreSQL, digits on MySQL) where it has one.
 */
function discovered(kind: DatabaseKind): Record<string, PropertyDefinition> {
  return kind === 'postgresql'
    ? {
        createdAt: {
          type: 'date',
          postgresql: {
            columnName: 'created_at',
            dataType: 'timestamp with time zone',
            dataLength: null,
            dataPrecision: null,
            dataScale: null,
            nullable: 'YES',
          },
        },
        body: {
          type: 'string',
          postgresql: {
            columnName: 'body',
            dataType: 'text',
            dataLength: null,
            dataPrecision: null,
            dataScale: null,
            nullable: 'YES',
          },
        },
        views: pgNumber('views', 'integer', 32, 0),
        rank: pgNumber('rank', 'smallint', 16, 0),
        total: pgNumber('total', 'bigint', 64, 0),
        score: pgNumber('score', 'double precision', 53, null),
        ratio: pgNumber('ratio', 'real', 24, null),
      }
    : {
        createdAt: {
          type: 'date',
          mysql: {
            columnName: 'created_at',
            dataType: 'datetime',
            dataLength: null,
            dataPrecision: null,
            dataScale: null,
            nullable: 'Y',
          },
        },
        body: {
          type: 'string',
          length: 65535,
          mysql: {
            columnName: 'body',
            dataType: 'text',
            dataLength: 65535,
            dataPrecision: null,
            dataScale: null,
            nullable: 'Y',
          },
        },
        views: mysqlNumber('views', 'int', 10, 0),
        total: mysqlNumber('total', 'bigint', 19, 0),
        score: mysqlNumber('score', 'double', 22, null),
        ratio: mysqlNumber('ratio', 'float', 12, null),
        summary: mysqlText('summary', 'mediumtext', 16777215),
        archive: mysqlText('archive', 'longblob', 4294967295),
      };
}

/** A number column as discover writes it: the precision the catalog reports. */
function pgNumber(
  columnName: string,
  dataType: string,
  dataPrecision: number,
  dataScale: number | null,
): PropertyDefinition {
  return {
    type: 'number',
    postgresql: {
      columnName,
      dataType,
      dataLength: null,
      dataPrecision,
      dataScale,
      nullable: 'YES',
    },
  };
}

function mysqlText(
  columnName: string,
  dataType: string,
  dataLength: number,
): PropertyDefinition {
  return {
    type: dataType.endsWith('blob') ? 'buffer' : 'string',
    mysql: {
      columnName,
      dataType,
      dataLength,
      dataPrecision: null,
      dataScale: null,
      nullable: 'Y',
    },
  };
}

function mysqlNumber(
  columnName: string,
  dataType: string,
  dataPrecision: number,
  dataScale: number | null,
): PropertyDefinition {
  return {
    type: 'number',
    mysql: {
      columnName,
      dataType,
      dataLength: null,
      dataPrecision,
      dataScale,
      nullable: 'Y',
    },
  };
}

/** A full plan of the app, run, finds nothing to do. */
async function expectNothingToDo(app: MigratingApp): Promise<void> {
  const report = await migrateSchemaWithReport(app, {fullCheck: true});
  expect(report.dataSources[0].statements.map(st => st.sql)).to.eql([]);
}

describeEachDatabase('models written by lb4 discover', (db, kind) => {
  beforeEach(() => dropAllTables(db()));

  /** Build the app of `models`, run `work` with it, and close it. */
  async function withApp<T>(
    models: ModelSpec[],
    work: (app: MigratingApp) => Promise<T>,
  ): Promise<T> {
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
    try {
      return await work(app);
    } finally {
      await closeApp(app);
    }
  }

  function migrate(fullCheck = false) {
    return withApp(
      [
        {
          name: 'Post',
          properties: {
            id: {type: 'number', id: true, generated: true},
            ...discovered(kind),
          },
        },
      ],
      async app =>
        (await migrateSchemaWithReport(app, {fullCheck})).dataSources[0],
    );
  }

  it('leave the tables they were discovered from as they are', async () => {
    await db().query(
      kind === 'postgresql'
        ? 'CREATE TABLE post (id SERIAL PRIMARY KEY, created_at TIMESTAMPTZ, body TEXT,' +
            ' views INTEGER, rank SMALLINT, total BIGINT, score DOUBLE PRECISION, ratio REAL)'
        : 'CREATE TABLE `Post` (id INT AUTO_INCREMENT PRIMARY KEY, created_at DATETIME, body TEXT,' +
            ' views INT, total BIGINT, score DOUBLE, ratio FLOAT, summary MEDIUMTEXT,' +
            ' archive LONGBLOB)',
    );
    expect((await migrate()).statements.map(st => st.sql)).to.eql([]);
  });

  it('create their tables, and the next run has nothing to do', async () => {
    expect((await migrate()).status).to.equal('migrated');
    expect(await migrate(true)).to.containDeep({
      status: 'up-to-date',
      statements: [],
    });
  });

  it("keep a UNIQUE column's constraint as the index of its index: {unique: true} (PostgreSQL)", async function () {
    if (kind !== 'postgresql') this.skip();
    await db().query(
      'CREATE TABLE account (id SERIAL PRIMARY KEY, email VARCHAR(120) NOT NULL UNIQUE)',
    );
    await withApp(
      [
        {
          name: 'Account',
          properties: {
            id: {type: 'number', id: true, generated: true},
            email: {
              type: 'string',
              required: true,
              index: {unique: true},
              postgresql: {
                columnName: 'email',
                dataType: 'character varying',
                dataLength: 120,
                nullable: 'NO',
              },
            },
          },
        },
      ],
      async app => {
        // The connector would drop the constraint's index (PostgreSQL refuses)
        // and make an equal one under its own name.
        await expectNothingToDo(app);
        const constraints = await db().query<{conname: string}>(
          "SELECT conname FROM pg_constraint WHERE contype = 'u' AND conrelid = 'account'::regclass",
        );
        expect(constraints.map(c => c.conname)).to.eql(['account_email_key']);
      },
    );
  });

  it("refuse to drop a composite UNIQUE constraint's index, with the fix, changing nothing (PostgreSQL)", async function () {
    if (kind !== 'postgresql') this.skip();
    // lb4 discover writes a UNIQUE (tenant, email) constraint as an
    // index: {unique: true} of each column; the model of a team that keeps
    // only one of them (the other holds duplicates) declares no index of
    // the constraint, and the connector drops it by DROP INDEX, which
    // PostgreSQL refuses (2BP01) after --check said it would apply.
    await db().query(
      "CREATE TABLE customer (id SERIAL PRIMARY KEY, tenant TEXT NOT NULL DEFAULT 'main'," +
        ' email TEXT NOT NULL, CONSTRAINT customer_tenant_email_uq UNIQUE (tenant, email))',
    );
    await db().query(
      "INSERT INTO customer (email) VALUES ('a@x.io'), ('b@x.io')",
    );
    const customer = (indexes?: object): ModelSpec => ({
      name: 'Customer',
      properties: {
        id: {type: 'number', id: true, generated: true},
        tenant: {type: 'string', required: true},
        email: {type: 'string', required: true},
      },
      settings: indexes ? {indexes} : {},
    });
    await withApp([customer()], async app => {
      const error = await rejection(app.migrateSchema());
      expect(error).to.be.instanceOf(MigrationWillFailError);
      expect(error.message).to.match(
        /index "customer_tenant_email_uq" is the index of constraint "customer_tenant_email_uq" \(UNIQUE \(tenant, email\)\).*customer_tenant_email_uq: \{keys: \{tenant: 1, email: 1\}, options: \{unique: true\}\}/,
      );
    });
    const constraints = await db().query<{conname: string}>(
      "SELECT conname FROM pg_constraint WHERE contype = 'u' AND conrelid = 'customer'::regclass",
    );
    expect(constraints.map(c => c.conname)).to.eql([
      'customer_tenant_email_uq',
    ]);
    // The declaration the message gives keeps it.
    await withApp(
      [
        customer({
          customer_tenant_email_uq: {
            keys: {tenant: 1, email: 1},
            options: {unique: true},
          },
        }),
      ],
      expectNothingToDo,
    );
  });

  it('refuse to drop a unique index a foreign key references, changing nothing (PostgreSQL)', async function () {
    if (kind !== 'postgresql') this.skip();
    await db().query(
      'CREATE TABLE account (id SERIAL PRIMARY KEY, code TEXT NOT NULL)',
    );
    await db().query('CREATE UNIQUE INDEX account_code_idx ON account (code)');
    await db().query(
      'CREATE TABLE ledger (id SERIAL PRIMARY KEY, account_code TEXT' +
        ' REFERENCES account (code) ON DELETE CASCADE)',
    );
    await withApp(
      [
        {
          name: 'Account',
          properties: {
            id: {type: 'number', id: true, generated: true},
            code: {type: 'string', required: true},
          },
        },
      ],
      async app => {
        const error = await rejection(app.migrateSchema());
        expect(error).to.be.instanceOf(MigrationWillFailError);
        expect(error.message).to.match(
          /index "account_code_idx" is referenced by foreign key "ledger_account_code_fkey" of public.ledger/,
        );
      },
    );
    const index = await db().query<{n: string}>(
      "SELECT count(*)::text AS n FROM pg_indexes WHERE indexname = 'account_code_idx'",
    );
    expect(index[0].n).to.equal('1');
  });

  it("refuse postgresql.dataType 'ARRAY' (an array column) with the fix, changing nothing", async function () {
    if (kind !== 'postgresql') this.skip();
    await db().query(
      'CREATE TABLE tagged (id SERIAL PRIMARY KEY, tags TEXT[])',
    );
    await withApp(
      [
        {
          name: 'Tagged',
          properties: {
            id: {type: 'number', id: true, generated: true},
            tags: {
              type: 'string',
              postgresql: {
                columnName: 'tags',
                dataType: 'ARRAY',
                nullable: 'YES',
              },
            },
          },
        },
      ],
      async app => {
        const error = await rejection(app.migrateSchema());
        expect(error).to.be.instanceOf(InvalidModelError);
        expect(error.message).to.match(
          /^model Tagged: property tags has postgresql.dataType 'ARRAY' .*dataType: 'text\[\]'/,
        );
      },
    );
  });

  it("refuse postgresql.dataType 'USER-DEFINED' (an enum column) with the fix, changing nothing", async function () {
    if (kind !== 'postgresql') this.skip();
    await db().query(
      `DROP TYPE IF EXISTS ticket_state CASCADE;
       CREATE TYPE ticket_state AS ENUM ('open', 'closed');
       CREATE TABLE ticket (id SERIAL PRIMARY KEY, state ticket_state)`,
    );
    await withApp(
      [
        {
          name: 'Ticket',
          properties: {
            id: {type: 'number', id: true, generated: true},
            state: {
              type: 'string',
              postgresql: {
                columnName: 'state',
                dataType: 'USER-DEFINED',
                nullable: 'YES',
              },
            },
          },
        },
      ],
      async app => {
        const error = await rejection(app.migrateSchema());
        expect(error).to.be.instanceOf(InvalidModelError);
        expect(error.message).to.equal(
          "model Ticket: property state has postgresql.dataType 'USER-DEFINED' " +
            '(as lb4 discover writes a column of an enum or another type the ' +
            'database defines), which names no type: PostgreSQL cannot make such ' +
            'a column (on a database without the table, its CREATE TABLE fails), ' +
            "and a column of any such type passes for it. Write the type's name, " +
            "e.g. dataType: 'order_status' (with its schema, " +
            "'sales.order_status', for a type outside the search_path).",
        );
      },
    );
  });

  it('refuse a change of a model lb4 discover made of a view, naming the view and the fix, changing nothing (PostgreSQL)', async function () {
    if (kind !== 'postgresql') this.skip();
    await db().query(
      `DROP VIEW IF EXISTS order_totals;
       CREATE VIEW order_totals AS SELECT 1 AS customer_id, 2.5 AS total`,
    );
    const totals = (properties: Record<string, PropertyDefinition>) => [
      {
        name: 'OrderTotals',
        properties: {
          customerId: {
            type: 'number',
            id: true,
            postgresql: {columnName: 'customer_id', dataType: 'integer'},
          },
          total: {type: 'number', postgresql: {dataType: 'numeric'}},
          ...properties,
        },
        settings: {postgresql: {table: 'order_totals'}},
      },
    ];
    // As discovered: nothing to change.
    await withApp(totals({}), async app => {
      const plan = await app.planSchemaMigration({fullCheck: true});
      expect(plan.dataSources[0].statements).to.eql([]);
    });
    await withApp(totals({label: {type: 'string'}}), async app => {
      const plan = await app.planSchemaMigration();
      expect(plan.dataSources[0].statements.map(s => s.willFail)).to.eql([
        'model OrderTotals maps to view "public"."order_totals", which ' +
          'PostgreSQL cannot change as a table (ALTER TABLE, CREATE INDEX, ' +
          'DROP INDEX). Declare in the model only what the view has, or change ' +
          'the view in a migration script with runs = ' +
          "'before-schema' (CREATE OR REPLACE VIEW ...)",
      ]);
      const error = await rejection(app.migrateSchema());
      expect(error).to.be.instanceOf(MigrationWillFailError);
    });
    await db().query('DROP VIEW order_totals');
  });

  it("refuse mysql.dataType 'enum' without its values, with the fix (MySQL)", async function () {
    if (kind !== 'mysql') this.skip();
    await db().query(
      "CREATE TABLE `Ticket` (id INT AUTO_INCREMENT PRIMARY KEY, state ENUM('open', 'closed'))",
    );
    const state = (values?: string[]): PropertyDefinition => ({
      type: 'string',
      ...(values ? {jsonSchema: {enum: values}} : {}),
      mysql: {columnName: 'state', dataType: 'enum', nullable: 'Y'},
    });
    const ticket = (values?: string[]) =>
      buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        {
          name: 'Ticket',
          properties: {
            id: {type: 'number', id: true, generated: true},
            state: state(values),
          },
        },
      ]);
    const discovered = ticket();
    try {
      const error = await rejection(discovered.migrateSchema());
      expect(error).to.be.instanceOf(InvalidModelError);
      expect(error.message).to.match(
        /^model Ticket: property state has mysql.dataType 'enum' but no values in jsonSchema.enum.*jsonSchema: \{enum: \['a', 'b'\]\}/,
      );
    } finally {
      await closeApp(discovered);
    }
    const listed = ticket(['open', 'closed']);
    try {
      await expectNothingToDo(listed);
    } finally {
      await closeApp(listed);
    }
  });

  it("refuse mysql.dataType 'set' without its members, with the fix (MySQL)", async function () {
    if (kind !== 'mysql') this.skip();
    await db().query(
      "CREATE TABLE `Badge` (id INT AUTO_INCREMENT PRIMARY KEY, tags SET('VIP','EXPORT'))",
    );
    const badge = (tags: PropertyDefinition) =>
      buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        {
          name: 'Badge',
          properties: {id: {type: 'number', id: true, generated: true}, tags},
        },
      ]);
    // As lb4 discover writes a SET column: its length, no members.
    const discovered = badge({
      type: 'string',
      length: 10,
      mysql: {columnName: 'tags', dataType: 'set', dataLength: 10},
    });
    try {
      const error = await rejection(discovered.migrateSchema());
      expect(error).to.be.instanceOf(InvalidModelError);
      expect(error.message).to.match(
        /^model Badge: property tags has mysql.dataType 'set' without its members .*mysql: \{dataType: "set\('A','B'\)"\}/,
      );
    } finally {
      await closeApp(discovered);
    }
    const listed = badge({
      type: 'string',
      mysql: {columnName: 'tags', dataType: "set('VIP','EXPORT')"},
    });
    try {
      await expectNothingToDo(listed);
    } finally {
      await closeApp(listed);
    }
  });

  it('leave tinyint(1) and smallint(6) columns as they are: discover writes their precision (MySQL)', async function () {
    if (kind !== 'mysql') this.skip();
    await db().query(
      'CREATE TABLE `Flag` (id INT AUTO_INCREMENT PRIMARY KEY,' +
        ' active TINYINT(1) NOT NULL DEFAULT 1, in_stock TINYINT(1), pages SMALLINT(6))',
    );
    await withApp(
      [
        {
          name: 'Flag',
          properties: {
            id: {type: 'number', id: true, generated: true},
            active: {
              type: 'number',
              required: true,
              jsonSchema: {nullable: false},
              precision: 3,
              scale: 0,
              generated: false,
              mysql: {
                columnName: 'active',
                dataType: 'tinyint',
                dataLength: null,
                dataPrecision: 3,
                dataScale: 0,
                nullable: 'N',
                generated: false,
              },
            },
            inStock: mysqlNumber('in_stock', 'tinyint', 3, 0),
            pages: mysqlNumber('pages', 'smallint', 5, 0),
          },
        },
      ],
      expectNothingToDo,
    );
  });

  it('keep the index a foreign key declared without one needs (MySQL)', async function () {
    if (kind !== 'mysql') this.skip();
    await db().query(
      'CREATE TABLE `Customer` (id INT AUTO_INCREMENT PRIMARY KEY)',
    );
    // MariaDB names the key Orders_ibfk_1 and its index customer_id.
    await db().query(
      'CREATE TABLE `Orders` (id INT AUTO_INCREMENT PRIMARY KEY, customer_id INT,' +
        ' FOREIGN KEY (customer_id) REFERENCES `Customer` (id))',
    );
    const id = {type: 'number', id: true, generated: true};
    await withApp(
      [
        {name: 'Customer', properties: {id}},
        {
          name: 'Orders',
          properties: {
            id,
            customerId: {
              type: 'number',
              mysql: {
                columnName: 'customer_id',
                dataType: 'int',
                nullable: 'Y',
              },
            },
          },
          settings: {
            foreignKeys: {
              Orders_ibfk_1: {
                name: 'Orders_ibfk_1',
                entity: 'Customer',
                entityKey: 'id',
                foreignKey: 'customerId',
              },
            },
          },
        },
      ],
      async app => {
        // The connector drops every index the model does not declare.
        await expectNothingToDo(app);
        const indexes = await db().query<{name: string}>(
          "SELECT INDEX_NAME AS name FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Orders' AND INDEX_NAME <> 'PRIMARY'",
        );
        expect(indexes.map(i => i.name)).to.eql(['customer_id']);
      },
    );
  });
});
