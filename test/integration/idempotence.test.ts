import {migrateSchemaWithReport} from '../../src';
import {juggler, type PropertyDefinition} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {postgresqlDialect} from '../../src/dialects/postgresql';
import {callConnector, type JugglerConnector} from '../../src/juggler';
import {captureSchemaChanges} from '../../src/planner/capture';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeEachDatabase, type DatabaseKind} from '../support/databases';

// Juggler and the connectors change model settings in place (the PostgreSQL
// connector rewrites `settings.indexes[x].keys`), so every app gets model
// specs of its own: each function below returns new objects on each call.

type Properties = Record<string, PropertyDefinition>;

/** The same column settings for both connectors. */
function onBoth(settings: Record<string, unknown>) {
  return {postgresql: {...settings}, mysql: {...settings}};
}

function foreignKey(
  name: string,
  entity: string,
  property: string,
  extra: Record<string, unknown> = {},
) {
  return {name, entity, entityKey: 'id', foreignKey: property, ...extra};
}

/** A change of the broad schema: properties added or redeclared, other indexes or keys. */
interface Variation {
  readonly customer?: Properties;
  readonly product?: Properties;
  readonly productIndexes?: Record<string, unknown>;
  readonly productForeignKeys?: Record<string, unknown>;
}

/** A broad schema: the property kinds, indexes and keys apps commonly use. */
function shopModels(kind: DatabaseKind, change: Variation = {}): ModelSpec[] {
  const pg = kind === 'postgresql';
  return [
    {
      // Bound before the Customer it points at.
      name: 'Product',
      properties: {
        id: {type: 'number', id: true, generated: true},
        name: {type: 'string', required: true},
        code: {
          type: 'string',
          length: 20,
          ...onBoth({dataType: 'varchar', dataLength: 20}),
        },
        summary: {type: 'string', length: 80},
        description: {type: 'string'},
        quantity: {type: 'number'},
        stock: {
          type: 'number',
          required: true,
          ...onBoth({dataType: 'integer'}),
        },
        views: {type: 'number', ...onBoth({dataType: 'bigint'})},
        price: {
          type: 'number',
          postgresql: {dataType: 'numeric', dataPrecision: 10, dataScale: 2},
          mysql: {dataType: 'decimal', dataPrecision: 10, dataScale: 2},
        },
        weight: {
          type: 'number',
          postgresql: {dataType: 'double precision'},
          mysql: {dataType: 'double'},
        },
        active: {type: 'boolean', required: true},
        releasedAt: {type: 'date'},
        attributes: {type: 'object'},
        tags: {type: 'array', itemType: 'string'},
        sku: {type: 'string', index: true},
        customerId: pg
          ? {type: 'string', postgresql: {dataType: 'uuid'}}
          : {type: 'number'},
        ...change.product,
      },
      settings: {
        indexes: change.productIndexes ?? {
          code_price: {keys: {code: 1, price: 1}},
        },
        foreignKeys: change.productForeignKeys ?? {
          fk_product_customer: foreignKey(
            'fk_product_customer',
            'Customer',
            'customerId',
          ),
        },
      },
    },
    {
      name: 'Customer',
      properties: {
        id: pg
          ? {
              type: 'string',
              id: true,
              generated: true,
              postgresql: {dataType: 'uuid'},
            }
          : {type: 'number', id: true, generated: true},
        name: {type: 'string', required: true},
        email: {type: 'string', index: {unique: true}},
        displayName: {type: 'string', ...onBoth({columnName: 'display_name'})},
        countryCode: {
          type: 'string',
          index: true,
          ...onBoth({columnName: 'country_code'}),
        },
        createdAt: {type: 'date'},
        ...change.customer,
      },
    },
  ];
}

/** Column types spelled in ways the connectors do not read back as such. */
function spellingModels(kind: DatabaseKind): ModelSpec[] {
  const properties: Properties =
    kind === 'postgresql'
      ? {
          amount: {
            type: 'number',
            ...pgType('decimal', {dataPrecision: 12, dataScale: 3}),
          },
          wholeAmount: {
            type: 'number',
            ...pgType('numeric', {dataPrecision: 8}),
          },
          count: {type: 'number', ...pgType('int')},
          ratio: {type: 'number', ...pgType('float')},
          flag: {type: 'boolean', ...pgType('bool')},
          code: {type: 'string', ...pgType('char', {dataLength: 3})},
          label: {type: 'string', ...pgType('varchar')},
          labels: {type: 'array', itemType: 'string', ...pgType('text[]')},
          names: {type: 'array', itemType: 'string', ...pgType('varchar[]')},
          at: {type: 'date', ...pgType('timestamp', {dataPrecision: 3})},
          document: {type: 'object', ...pgType('jsonb')},
          // As lb4 discover writes a timestamptz column.
          stamp: {
            type: 'date',
            ...pgType('timestamp with time zone', {
              dataLength: null,
              dataPrecision: null,
              dataScale: null,
              nullable: 'YES',
            }),
          },
          // A time type named with its precision, or as timetz.
          stamp3: {type: 'date', ...pgType('timestamp(3)')},
          clock: {type: 'date', ...pgType('timetz')},
        }
      : {
          amount: {
            type: 'number',
            ...mysqlType('decimal', {dataPrecision: 12, dataScale: 3}),
          },
          wholeAmount: {
            type: 'number',
            ...mysqlType('numeric', {dataPrecision: 8}),
          },
          plainDecimal: {type: 'number', ...mysqlType('decimal')},
          count: {type: 'number', ...mysqlType('integer')},
          ratio: {type: 'number', ...mysqlType('real')},
          code: {type: 'string', ...mysqlType('char', {dataLength: 3})},
          label: {type: 'string', ...mysqlType('varchar', {dataLength: 40})},
          at: {type: 'date', ...mysqlType('datetime', {dataPrecision: 3})},
          stamp: {type: 'date', ...mysqlType('timestamp', {dataPrecision: 3})},
          document: {type: 'object', ...mysqlType('json')},
          // As lb4 discover writes a TEXT column: stored as MEDIUMTEXT in utf8mb4.
          body: {type: 'string', ...mysqlType('text', {dataLength: 65535})},
          brief: {type: 'string', ...mysqlType('text', {dataLength: 20})},
          image: {type: 'Buffer', ...mysqlType('blob', {dataLength: 65535})},
          built: {type: 'number', ...mysqlType('year')},
          // Synonyms the server stores under another name (qa82).
          national: {type: 'string', ...mysqlType('national varchar(20)')},
          fixedNational: {type: 'string', ...mysqlType('nchar(5)')},
          oneByte: {type: 'string', ...mysqlType('char byte')},
          binaryText: {type: 'string', ...mysqlType('char(10) binary')},
          int4: {type: 'number', ...mysqlType('int4')},
          float8: {type: 'number', ...mysqlType('float8')},
          middle: {type: 'number', ...mysqlType('middleint')},
          longText: {type: 'string', ...mysqlType('long varchar')},
        };
  return [
    {
      name: 'Measure',
      properties: {
        id: {type: 'number', id: true, generated: true},
        ...properties,
      },
    },
  ];
}

function pgType(dataType: string, extra: Record<string, unknown> = {}) {
  return {postgresql: {dataType, ...extra}};
}

function mysqlType(dataType: string, extra: Record<string, unknown> = {}) {
  return {mysql: {dataType, ...extra}};
}

/** Foreign keys declared in ways the connectors do not read back as such. */
function foreignKeyModels(): ModelSpec[] {
  return [
    {
      name: 'Shipment',
      properties: {
        id: {type: 'number', id: true, generated: true},
        // A column name of its own.
        warehouseId: {type: 'number', ...onBoth({columnName: 'warehouse_id'})},
        // Its constraint is declared under a key that is not its name.
        originId: {type: 'number'},
      },
      settings: {
        foreignKeys: {
          fk_shipment_warehouse: foreignKey(
            'fk_shipment_warehouse',
            'Warehouse',
            'warehouseId',
            // Upper case, as the docs spell it.
            {onDelete: 'CASCADE', onUpdate: 'SET NULL'},
          ),
          origin: foreignKey('fk_shipment_origin', 'Warehouse', 'originId'),
        },
      },
    },
    {
      name: 'Warehouse',
      properties: {
        id: {type: 'number', id: true, generated: true},
        name: {type: 'string'},
      },
    },
  ];
}

describeEachDatabase('idempotence: planning after a migration', (db, kind) => {
  const apps: MigratingApp[] = [];
  const newApp = (models: ModelSpec[]) => {
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
    apps.push(app);
    return app;
  };

  beforeEach(() => dropAllTables(db()));
  afterEach(async () => {
    for (const app of apps.splice(0)) await closeApp(app);
  });

  /** Plan on the app that migrated, then on a fresh app: nothing to do. */
  async function expectSettled(
    migrated: MigratingApp,
    models: () => ModelSpec[],
  ): Promise<void> {
    await expectNothingPlanned(migrated, 'the app that migrated');
    const fresh = newApp(models());
    await expectNothingPlanned(fresh, 'a fresh app');
    const report = await migrateSchemaWithReport(fresh);
    expect(report.dataSources[0].status).to.equal('up-to-date');
  }

  it('a broad schema: nothing to do once migrated', async () => {
    const models = () => shopModels(kind);
    const app = newApp(models());
    const report = await migrateSchemaWithReport(app);
    expect(report.dataSources[0].status).to.equal('migrated');
    await expectSettled(app, models);
  });

  it('a broad schema: nothing to do once a change is migrated', async () => {
    await newApp(shopModels(kind)).migrateSchema();
    const change: Variation = {
      customer: {phone: {type: 'string', length: 30}},
      product: {
        notes: {type: 'string'},
        discount: {
          type: 'number',
          postgresql: {dataType: 'numeric', dataPrecision: 5, dataScale: 2},
          mysql: {dataType: 'decimal', dataPrecision: 5, dataScale: 2},
        },
        barcode: {type: 'string', index: {unique: true}},
      },
      productIndexes: {
        code_price: {keys: {code: 1, price: 1}},
        name_stock: {keys: {name: 1, stock: -1}, options: {unique: true}},
      },
    };
    const models = () => shopModels(kind, change);
    const app = newApp(models());
    const report = await migrateSchemaWithReport(app);
    expect(report.dataSources[0].status).to.equal('migrated');
    const sql = report.dataSources[0].statements.map(s => s.sql).join('\n');
    expect(sql).to.match(/notes/);
    expect(sql).to.match(/name_stock/);
    await expectSettled(app, models);
  });

  it('genuine changes of settled columns, indexes and keys are still planned', async () => {
    await newApp(shopModels(kind)).migrateSchema();
    const change: Variation = {
      product: {
        price: {
          type: 'number',
          postgresql: {dataType: 'numeric', dataPrecision: 12, dataScale: 2},
          mysql: {dataType: 'decimal', dataPrecision: 12, dataScale: 2},
        },
      },
      productIndexes: {code_price: {keys: {price: 1, code: 1}}},
      productForeignKeys: {
        fk_product_customer: foreignKey(
          'fk_product_customer',
          'Customer',
          'customerId',
          {onDelete: 'cascade'},
        ),
      },
    };
    const models = () => shopModels(kind, change);
    const app = newApp(models());
    const plan = (await app.planSchemaMigration()).dataSources[0].statements;
    const sql = plan.map(s => s.sql).join('\n');
    expect(sql).to.match(/price.*(NUMERIC|DECIMAL)\(12,2\)/i);
    expect(sql).to.match(/DROP INDEX.*code_price/i);
    expect(sql).to.match(
      /INDEX\s+(?:CONCURRENTLY\s+)?\S*code_price\S*\s*(ON\s+\S+\s*)?\(\s*\S*price/i,
    );
    expect(sql).to.match(/DROP (CONSTRAINT|FOREIGN KEY).*fk_product_customer/i);
    expect(sql).to.match(/fk_product_customer.*ON DELETE CASCADE/i);
    await migrateSchemaWithReport(app);
    await expectSettled(app, models);
  });

  it('column types the connector reads back in another spelling', async () => {
    const models = () => spellingModels(kind);
    const app = newApp(models());
    await migrateSchemaWithReport(app);
    await expectSettled(app, models);
  });

  it('foreign keys on a renamed column, under another key, with upper-case actions', async () => {
    const models = foreignKeyModels;
    const app = newApp(models());
    await migrateSchemaWithReport(app);
    await expectSettled(app, models);
  });
  // The column read is mended at its source: the connector then emits no
  // statement at all, and the plan needs no statement taken out.
  if (kind === 'postgresql')
    it('the PostgreSQL connector reads the precision, length and element type it compares', async () => {
      const app = newApp([
        {
          name: 'Gauge',
          properties: {
            id: {type: 'number', id: true, generated: true},
            price: {
              type: 'number',
              ...pgType('numeric', {dataPrecision: 10, dataScale: 2}),
            },
            whole: {type: 'number', ...pgType('numeric', {dataPrecision: 8})},
            code: {type: 'string', ...pgType('char', {dataLength: 3})},
            labels: {type: 'array', itemType: 'string', ...pgType('text[]')},
            names: {type: 'array', itemType: 'string', ...pgType('varchar[]')},
          },
        },
      ]);
      await migrateSchemaWithReport(app);
      const ds = await app.get<juggler.DataSource>('datasources.db');
      const connector = ds.connector as unknown as JugglerConnector;
      const autoupdate = () =>
        callConnector(cb => connector.autoupdate!(['Gauge'], cb));

      // On its own, the connector changes all five columns on every run...
      const alone = await captureSchemaChanges(connector, autoupdate);
      expect(alone.join('\n').match(/ TYPE /g)).to.have.length(5);
      // ...and none once the dialect rewrites its column read.
      const rewriteRead = (sql: string) =>
        postgresqlDialect.rewriteRead!(sql, connector, 'Gauge');
      expect(
        await captureSchemaChanges(connector, autoupdate, {rewriteRead}),
      ).to.eql([]);
    });
});

async function expectNothingPlanned(
  app: MigratingApp,
  which: string,
): Promise<void> {
  // A full check: the fingerprint fast path would not ask the connectors.
  const report = await app.planSchemaMigration({fullCheck: true});
  const sql = report.dataSources.flatMap(ds => ds.statements.map(s => s.sql));
  expect(sql.length).to.equal(
    0,
    `planning again on ${which} should find nothing to do, but plans:\n` +
      sql.join(';\n'),
  );
}
