import {expect} from '@loopback/testlab';
import {dialectFor} from '../../src/dialects';
import {callConnector, type JugglerConnector} from '../../src/juggler';
import {
  captureSchemaChanges,
  type CatalogReadHooks,
} from '../../src/planner/capture';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {chainedModels} from '../support/schemas';
import type {Dialect} from '../../src/dialects/contract';
import type {ColumnType, PlanCache} from '../../src/dialects/dialect';
import {indexColumns} from '../../src/dialects/mysql/key-indexes';
import {pgTableIndexes} from '../../src/dialects/postgresql/table-indexes';
import {pgColumnTypeIds} from '../../src/dialects/postgresql/settled-types';
import {withoutMysqlNoOps} from '../../src/dialects/mysql/no-ops';
import {
  COLUMNS_READ,
  FOREIGN_KEYS_READ,
  INDEX_COLUMNS_READ,
} from '../../src/dialects/mysql/plan-reads';

type Callback = (err?: Error | null, result?: unknown) => void;
interface ReadingConnector extends JugglerConnector {
  showFields(model: string, cb: Callback): void;
  showIndexes(model: string, cb: Callback): void;
  discoverForeignKeys(table: string, options: object, cb: Callback): void;
  getConstraintTrigger?(model: string, fks: unknown[], cb: Callback): void;
}

function extraModels(): ModelSpec[] {
  const rules = ['cascade', 'set null', 'no action', 'restrict'];
  return [
    {
      name: 'Owner',
      properties: {
        id: {type: 'number', id: true, generated: true},
        email: {
          type: 'string',
          index: {unique: true},
          mysql: {dataType: 'varchar', dataLength: 80},
        },
        rank: {type: 'number', default: 3},
        label: {
          type: 'string',
          default: "it's",
          mysql: {dataType: 'varchar', dataLength: 20},
        },
        price: {
          type: 'number',
          postgresql: {dataType: 'numeric', dataPrecision: 10, dataScale: 2},
          mysql: {dataType: 'decimal', dataPrecision: 10, dataScale: 2},
        },
      },
      settings: {indexes: {owner_rank_label: {keys: {rank: 1, label: -1}}}},
    },
    {
      name: 'Pet',
      properties: {
        id: {type: 'number', id: true, generated: true},
        ...Object.fromEntries(
          rules.map((_, i) => [`owner${i}Id`, {type: 'number'}]),
        ),
      },
      settings: {
        foreignKeys: Object.fromEntries(
          rules.map((rule, i) => [
            `fk_pet_owner${i}`,
            {
              name: `fk_pet_owner${i}`,
              entity: 'Owner',
              entityKey: 'id',
              foreignKey: `owner${i}Id`,
              onDelete: rule,
              onUpdate: rules[(i + 1) % 4],
            },
          ]),
        ),
      },
    },
  ];
}

/** What the connector learns about a model's table through its per-table reads. */
async function readTable(
  connector: ReadingConnector,
  dialect: Dialect,
  model: string,
) {
  const settle = (invoke: (cb: Callback) => void) =>
    callConnector(invoke).then(
      value => ({value}),
      (error: Error) => ({error: error.message}),
    );
  const fields = await settle(cb => connector.showFields(model, cb));
  const indexes = await settle(cb => connector.showIndexes(model, cb));
  const foreignKeys = await settle(cb =>
    connector.discoverForeignKeys(
      dialect.tableOf(connector, model).name,
      {},
      cb,
    ),
  );
  const fks = 'value' in foreignKeys ? (foreignKeys.value as unknown[]) : [];
  const rules = connector.getConstraintTrigger
    ? await settle(cb => connector.getConstraintTrigger!(model, fks, cb)).then(
        r => ('error' in r ? r : {value: fks}),
      )
    : undefined;
  return normalise({fields, indexes, foreignKeys, rules});
}

/** Order-insensitive, statistics-free form of the reads. */
function normalise<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (key, v) => {
      if (key === 'Cardinality') return undefined;
      if (Array.isArray(v))
        return [...v].sort((a, b) =>
          JSON.stringify(a).localeCompare(JSON.stringify(b)),
        );
      return v;
    }),
  );
}

describeEachDatabase('the bulk catalog snapshot', db => {
  let app: MigratingApp | undefined;
  afterEach(async () => {
    if (app) await closeApp(app);
    app = undefined;
  });

  it('describes every table exactly as the connector reads it table by table', async () => {
    await dropAllTables(db());
    const models = [...chainedModels(4), ...extraModels()];
    app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
    await app.migrateSchema();

    const ds = await app.get<{connector: ReadingConnector}>('datasources.db');
    const connector = ds.connector;
    const dialect = dialectFor(db().kind)!;
    const names = [...models.map(m => m.name)];
    const snapshot = await dialect.loadSnapshot!(
      connector,
      names.map(n => dialect.tableOf(connector, n)),
    );
    let answered = 0;
    for (const model of names) {
      const hooks = readHooks(dialect, connector, model);
      const fromSnapshot: CatalogReadHooks = {
        ...hooks,
        answerRead: sql => {
          const answer = snapshot.answer(sql);
          if (answer) answered++;
          return answer;
        },
      };
      let direct: unknown;
      let viaSnapshot: unknown;
      await captureSchemaChanges(
        connector,
        async () => {
          direct = await readTable(connector, dialect, model);
        },
        hooks,
      );
      await captureSchemaChanges(
        connector,
        async () => {
          viaSnapshot = await readTable(connector, dialect, model);
        },
        fromSnapshot,
      );
      expect(viaSnapshot).to.eql(direct);
    }
    // Every per-table read was answered by the snapshot, none went to the database.
    const readsPerTable = db().kind === 'mysql' ? 4 : 3;
    expect(answered).to.equal(names.length * readsPerTable);
  });

  it('reads columns of every kind of type, and indexes on expressions and quoted names, as the connector does', async function () {
    if (db().kind !== 'postgresql') this.skip();
    await dropAllTables(db());
    await db().query(
      `DROP DOMAIN IF EXISTS lsm_positive, lsm_tags, lsm_code;
       DROP TYPE IF EXISTS lsm_mood;
       CREATE DOMAIN lsm_positive AS integer NOT NULL CHECK (VALUE > 0);
       CREATE DOMAIN lsm_tags AS varchar(12)[];
       CREATE DOMAIN lsm_code AS numeric(8, 3);
       CREATE TYPE lsm_mood AS ENUM ('ok', 'sad')`,
    );
    app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      {name: 'Typed', properties: {id: {type: 'number', id: true}}},
    ]);
    await app.migrateSchema();
    await db().query(
      `ALTER TABLE typed
         ADD COLUMN c_char char(3), ADD COLUMN c_bpchar character,
         ADD COLUMN c_varchar varchar(40), ADD COLUMN c_varchar_any varchar,
         ADD COLUMN c_text text NOT NULL DEFAULT '', ADD COLUMN c_bit bit(4),
         ADD COLUMN c_varbit varbit(9), ADD COLUMN c_numeric numeric(12, 2),
         ADD COLUMN c_numeric_int numeric(12), ADD COLUMN c_numeric_any numeric,
         ADD COLUMN c_small smallint, ADD COLUMN c_big bigint,
         ADD COLUMN c_real real, ADD COLUMN c_double double precision,
         ADD COLUMN c_ts timestamp(3), ADD COLUMN c_tstz timestamptz,
         ADD COLUMN c_time time(0), ADD COLUMN c_timetz timetz,
         ADD COLUMN c_date date, ADD COLUMN c_interval interval minute to second(2),
         ADD COLUMN c_uuid uuid, ADD COLUMN c_json json, ADD COLUMN c_jsonb jsonb,
         ADD COLUMN c_bytea bytea, ADD COLUMN c_bool boolean,
         ADD COLUMN c_text_array text[], ADD COLUMN c_int_matrix integer[][],
         ADD COLUMN c_varchar_array varchar(20)[], ADD COLUMN c_numeric_array numeric(6, 1)[],
         ADD COLUMN c_positive lsm_positive DEFAULT 1, ADD COLUMN c_tags lsm_tags,
         ADD COLUMN c_code lsm_code, ADD COLUMN c_mood lsm_mood,
         ADD COLUMN c_identity integer GENERATED ALWAYS AS IDENTITY,
         ADD COLUMN c_generated integer GENERATED ALWAYS AS (id * 2) STORED,
         ADD COLUMN "Mixed Case" integer;
       CREATE INDEX typed_expression ON typed (lower(c_text), c_varchar DESC);
       CREATE UNIQUE INDEX "Typed Quoted" ON typed ("Mixed Case", c_uuid)
         WHERE c_bool`,
    );
    const ds = await app.get<{connector: ReadingConnector}>('datasources.db');
    const connector = ds.connector;
    const dialect = dialectFor(db().kind)!;
    const snapshot = await dialect.loadSnapshot!(connector, [
      dialect.tableOf(connector, 'Typed'),
    ]);
    const hooks = readHooks(dialect, connector, 'Typed');
    let direct: unknown;
    let viaSnapshot: unknown;
    await captureSchemaChanges(
      connector,
      async () => {
        direct = await readTable(connector, dialect, 'Typed');
      },
      hooks,
    );
    await captureSchemaChanges(
      connector,
      async () => {
        viaSnapshot = await readTable(connector, dialect, 'Typed');
      },
      {...hooks, answerRead: sql => snapshot.answer(sql)},
    );
    expect(
      (direct as {fields: {value: unknown[]}}).fields.value,
    ).to.have.length(37);
    expect(viaSnapshot).to.eql(direct);
  });

  it('answers for a table that does not exist as the database would', async () => {
    await dropAllTables(db());
    app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      {name: 'Ghost', properties: {id: {type: 'number', id: true}}},
    ]);
    await app.planSchemaMigration(); // attaches the model to its datasource
    const ds = await app.get<{connector: ReadingConnector; connected: boolean}>(
      'datasources.db',
    );
    const connector = ds.connector;
    const dialect = dialectFor(db().kind)!;
    const snapshot = await dialect.loadSnapshot!(connector, [
      dialect.tableOf(connector, 'Ghost'),
    ]);
    let direct: unknown;
    let viaSnapshot: unknown;
    await captureSchemaChanges(connector, async () => {
      direct = await readTable(connector, dialect, 'Ghost');
    });
    await captureSchemaChanges(
      connector,
      async () => {
        viaSnapshot = await readTable(connector, dialect, 'Ghost');
      },
      {answerRead: sql => snapshot.answer(sql)},
    );
    expect(viaSnapshot).to.eql(direct);
  });

  it("holds the plan's own bulk reads as the database answers them", async () => {
    await dropAllTables(db());
    const models = [...chainedModels(3), ...extraModels()];
    app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
    await app.migrateSchema();
    const ds = await app.get<{connector: ReadingConnector}>('datasources.db');
    const connector = ds.connector;
    const dialect = dialectFor(db().kind)!;
    const tables = models.map(m => dialect.tableOf(connector, m.name));
    const snapshot = await dialect.loadSnapshot!(connector, tables);
    const fromSnapshot: PlanCache = new Map(snapshot.planReads);
    const fromDatabase: PlanCache = new Map();
    const schemas = [...new Set(tables.map(t => t.schema))];
    const names = ['id', 'parentId', 'parentid', 'email', 'owner1Id'];
    const sorted = (rows: ColumnType[]) =>
      rows.map(r => JSON.stringify(r)).sort();
    expect(
      sorted(
        await dialect.columnTypes(connector, schemas, names, fromSnapshot),
      ),
    ).to.eql(sorted(await dialect.columnTypes(connector, schemas, names)));
    if (db().kind === 'postgresql') {
      for (const table of tables) {
        const read = (cache?: PlanCache) =>
          pgTableIndexes(connector, table.schema, table.name, cache).then(
            rows => rows.map(r => JSON.stringify(r)).sort(),
          );
        const direct = await read();
        expect(direct).to.not.be.empty();
        expect(await read(fromSnapshot)).to.eql(direct);
        const typeIds = (cache?: PlanCache) =>
          pgColumnTypeIds(
            connector,
            table.schema,
            table.name,
            cache ?? new Map(),
          ).then(rows => rows.map(r => JSON.stringify(r)).sort());
        const directTypes = await typeIds();
        expect(directTypes).to.not.be.empty();
        expect(await typeIds(fromSnapshot)).to.eql(directTypes);
      }
    }
    if (db().kind !== 'mysql') return;
    // What the mysql dialect's no-op checks read, with an empty cache...
    const table = '`Pet`';
    await withoutMysqlNoOps(
      connector,
      'Pet',
      [
        `ALTER TABLE ${table} CHANGE COLUMN \`owner1Id\` \`owner1Id\` INT NULL, ` +
          `DROP FOREIGN KEY \`fk_pet_owner1\`, ADD CONSTRAINT \`fk_pet_owner1\` ` +
          'FOREIGN KEY (`owner1Id`) REFERENCES `Owner`(`id`)',
      ],
      fromDatabase,
    );
    await indexColumns(connector, 'Owner', 'owner_rank_label', fromDatabase);
    // ...is what the snapshot holds.
    const plain = (value: unknown) =>
      JSON.parse(
        JSON.stringify(value, (_k, v: unknown) =>
          v instanceof Map ? Object.fromEntries(v) : v,
        ),
      ) as unknown;
    for (const key of [COLUMNS_READ, INDEX_COLUMNS_READ, FOREIGN_KEYS_READ]) {
      expect(fromDatabase.has(key)).to.be.true();
      expect(plain(await fromSnapshot.get(key))).to.eql(
        plain(await fromDatabase.get(key)),
      );
    }
  });
});

/** The catalog read hooks a plan gives the connector migrating `model`. */
function readHooks(
  dialect: Dialect,
  connector: ReadingConnector,
  model: string,
): CatalogReadHooks {
  return {
    rewriteRead: sql => dialect.rewriteRead?.(sql, connector, model) ?? sql,
    adjustRead: (sql, rows) =>
      dialect.adjustRead?.(sql, rows, connector, model),
  };
}
