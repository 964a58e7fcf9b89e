import {checkIndexMethods} from '../index-methods';
import {checkForeignKeyActions} from '../foreign-key-actions';
import {checkForeignKeyNames} from '../unnamed-foreign-keys';
import {
  pgAlterColumnTypeSql,
  pgColumnTypes,
  pgForeignKeyColumns,
} from './catalog';
import {TAG_APPLY_TRANSACTION} from './orphans';
import {openPostgresLockSession} from './lock';
import {postgresqlFailureChecks} from './failure-checks';
import {postgresqlGuards} from './guard';
import {postgresqlLossChecks} from './loss';
import {callConnector, queryConnector} from '../../juggler';
import {splitStatements} from '../sql-split';
import {withForeignKeysInline} from '../inline-foreign-keys';
import {
  escapeName,
  listedTable,
  qualifiedName,
  presentAmong,
  type TableRef,
  type TableStatsRow,
} from '../dialect';
import {connectPg, type PgConnector} from './client';
import {withoutPgNoOps} from './no-ops';
import {withChangedIndexKeys} from './index-keys';
import {withSingleSpacedCreateIndex} from './index-spacing';
import {withTidyClauses} from '../statement-spacing';
import {withPlainPropertyIndexes} from './plain-property-indexes';
import {withPropertyIndexes} from './property-indexes';
import {withoutIndexRenames} from './equal-indexes';
import {withUnmodellableIndexesKept} from './unmodellable-indexes';
import {checkUnnamedTypes} from './unnamed-types';
import {
  checkUngeneratedColumns,
  existingIdWarning,
  ungeneratedIdWarnings,
} from './ungenerated-columns';
import {
  checkUnorderedIndexDirections,
  withoutAscendingOfUnorderedIndex,
} from './unordered-index-keys';
import {pgUnreadSettings} from './unread-settings';
import {checkPgTypeModifiers} from './type-modifiers';
import {checkPgLiteralNames} from './literal-names';
import {pgTableIndexes} from './table-indexes';
import {checkNameCharacters} from '../name-characters';
import {modelNames} from '../model-names';
import {checkPgNameLengths} from './name-length';
import {rewritePgRead} from './reads';
import {adjustPgRead} from './foreign-key-targets';
import {loadPostgresSnapshot} from './snapshot';
import {pgOnlineForms, PG_ONLINE_SESSION} from './online-forms';
import {pgOnlineProgress} from './online-progress';
import {pgLockImpact} from './lock-impact';
import {postgresqlLockWait} from './lock-wait';
import {postgresqlLockTable} from './lock-table';
import type {DbSession} from '../dialect';
import type {DialectPlanning} from '../contract';
import {postgresqlInverse, postgresqlShadowDatabases} from './shadow';
import {postgresqlScriptForm} from './script-form';
import {checkPgEntityKeys} from './entity-keys';
import {checkPgKeyColumns} from './key-columns';
import {
  optionalGeneratedReason,
  withOptionalGeneratedColumns,
} from './generated-nullability';
import {withNowDefaults} from './now-defaults';
import {thawedNowReason, withThawedNowDefaults} from './frozen-now-defaults';
import {pgReadingIn} from './transaction-pool';
import {pgGeneratedIdDefault} from './generated-id-default';
import {pgExistingIndexes} from './existing-indexes';
import {isMissingObject} from './missing-table';

/** A precision after a PostgreSQL type that takes none (`FLOAT(p)` takes one). */
const INTEGER_OR_FLOAT_PRECISION =
  /\b(SMALLINT|INTEGER|INT|BIGINT|INT2|INT4|INT8|REAL|FLOAT4|FLOAT8|DOUBLE PRECISION)\s*\(\s*\d+\s*\)/gi;

/**
 * How runs that plan read PostgreSQL's catalog, tidy the connector's
 * statements and run them (see `index.ts`).
 */
export const postgresqlPlanning: DialectPlanning = {
  lockTable: postgresqlLockTable,
  shadow: postgresqlShadowDatabases,
  inverseOf: postgresqlInverse,
  scriptForm: postgresqlScriptForm,
  columnTypes: pgColumnTypes,
  foreignKeyColumns: pgForeignKeyColumns,
  alterColumnTypeSql: pgAlterColumnTypeSql,
  readingIn: pgReadingIn,
  generatedIdDefault: pgGeneratedIdDefault,
  applyTag: {firstInTransaction: TAG_APPLY_TRANSACTION},
  loss: postgresqlLossChecks,
  failures: postgresqlFailureChecks,
  guards: postgresqlGuards,
  openLockSession: openPostgresLockSession,
  lockImpact: pgLockImpact,
  lockWait: postgresqlLockWait,

  normalize(captured) {
    return splitStatements(captured, 'postgresql')
      .map(statement =>
        statement
          // createTable() starts its text with `undefined` when a property
          // names its own uuid extension (connector bug): drop the prefix.
          .replace(/^undefined(?=CREATE\s+EXTENSION)/i, '')
          // createTable() sends CREATE SCHEMA and ignores "already exists";
          // inside a transaction that error would abort everything.
          .replace(
            /^CREATE\s+SCHEMA\s+(?!IF\s+NOT\s+EXISTS)/i,
            'CREATE SCHEMA IF NOT EXISTS ',
          )
          // A date property's `dataPrecision: null`, as lb4 discover writes
          // it, is written `TIMESTAMP (null) WITH TIME ZONE`, and a time type
          // the connector does not list (`timestamp(3)`, `timetz`) without a
          // `dataPrecision` `TIMETZ (undefined)` (connector bugs): no
          // precision is meant.
          .replace(/ \((?:null|undefined)\)(?=[\s,)]|$)/gi, '')
          // A number property's `dataPrecision`, which lb4 discover writes
          // for every integer and floating-point column (the bits the
          // catalog reports: 16, 32, 64; 24, 53), is written `INTEGER(32)`
          // (connector bug): these types take none.
          .replace(INTEGER_OR_FLOAT_PRECISION, '$1'),
      )
      .map(withoutAscendingOfUnorderedIndex);
  },

  checkModel(connector, model) {
    checkUnnamedTypes(model, connector._models?.[model]?.properties ?? {});
    checkPgTypeModifiers(connector, model);
    checkUnorderedIndexDirections(connector, model);
    const names = modelNames(connector, model, 'postgresql');
    checkPgNameLengths(model, names);
    checkPgLiteralNames(connector, model);
    checkNameCharacters(model, names, 'postgresql');
    checkPgEntityKeys(connector, model);
    checkPgKeyColumns(connector, model);
    checkForeignKeyNames(connector, model, 'table');
    checkForeignKeyActions(connector, model);
    checkIndexMethods(connector, model, {
      database: 'PostgreSQL',
      kinds: ['', 'UNIQUE'],
      kindNote:
        "MySQL's FULLTEXT and SPATIAL are access methods here: type 'gin' or 'gist'",
      // MySQL's `columns` form, which the connector misreads whole
      // (`misreadColumnsIndex` words it).
      judgedElsewhere: index => 'columns' in index && !('keys' in index),
    });
  },

  checkNewTable: checkUngeneratedColumns,

  newTableWarnings: ungeneratedIdWarnings,

  existingIdWarning,

  async primaryKeyColumns(connector, table, cache) {
    const indexes = await pgTableIndexes(
      connector,
      table.schema,
      table.name,
      cache,
    );
    const key = indexes.find(index => index.primary);
    return (key?.columns ?? []).flatMap(column =>
      column === null ? [] : [column],
    );
  },

  unreadSettings: pgUnreadSettings,

  rewrite(captured, connector, model) {
    const sql = withTidyClauses(
      withSingleSpacedCreateIndex(
        withPlainPropertyIndexes(
          withNowDefaults(captured, connector, model),
          connector,
          model,
        ),
      ),
    );
    // LoopBack's tutorial declares `foreignKey: 'todoListId'` (a property
    // name); the connector pastes it as a column name, which PostgreSQL does
    // not have ("todolistid"): loopback-next #8685. Use the property's column.
    const definition = connector._models?.[model];
    if (!definition || !/\bFOREIGN\s+KEY\b/i.test(sql)) return sql;
    let result = sql;
    for (const fk of Object.values(definition.settings.foreignKeys ?? {})) {
      const property = fk.foreignKey;
      if (!property || !(property in definition.properties)) continue;
      const column = connector.column?.(model, property);
      if (!column || column === property) continue;
      result = result
        .split(`FOREIGN KEY (${escapeName(connector, property)})`)
        .join(`FOREIGN KEY (${escapeName(connector, column)})`);
    }
    return result;
  },

  rewriteRead: rewritePgRead,
  adjustRead: adjustPgRead,

  withoutNoOps: async (connector, model, statements, cache) => {
    const keyed = await withChangedIndexKeys(
      connector,
      model,
      statements,
      cache,
    );
    const changed = await withoutPgNoOps(connector, model, keyed, cache);
    const indexed = await withPropertyIndexes(connector, model, changed, cache);
    const renamed = await withoutIndexRenames(connector, model, indexed, cache);
    const kept = await withUnmodellableIndexesKept(
      connector,
      model,
      renamed,
      cache,
    );
    const thawed = await withThawedNowDefaults(connector, model, kept);
    return withOptionalGeneratedColumns(connector, model, thawed);
  },

  reasonOf: (sql, plan) =>
    thawedNowReason(sql) ?? optionalGeneratedReason(sql, plan),

  loadSnapshot: (connector, tables) => loadPostgresSnapshot(connector, tables),

  // A key written in its CREATE TABLE is checked against an empty table
  // as it is made: no ALTER TABLE, no lock or scan of its own.
  inlineForeignKeys: withForeignKeysInline,

  createTable(connector, model) {
    const createTable = connector.createTable;
    if (!createTable)
      throw new Error('the postgresql connector has no createTable');
    return callConnector(cb => createTable.call(connector, model, cb));
  },

  async listTables(connector, schemas) {
    // reltuples is -1 until the first VACUUM or ANALYZE (PostgreSQL 14+).
    const rows = await queryConnector<TableStatsRow>(
      connector,
      `SELECT n.nspname AS "schema", c.relname AS "name",
              CASE WHEN c.reltuples >= 0 THEN c.reltuples::float8 END AS "rows",
              CASE WHEN c.reltuples >= 0
                   THEN c.relpages::float8 * current_setting('block_size')::int END AS "bytes",
              c.relispartition AS "partition"
         FROM pg_catalog.pg_class c
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1)
        ORDER BY 1, 2`,
      [schemas],
    );
    return rows.map(listedTable);
  },

  async tablesNamedElsewhere(connector, names, schemas) {
    return queryConnector<TableRef>(
      connector,
      `SELECT n.nspname AS "schema", c.relname AS "name"
         FROM pg_catalog.pg_class c
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND c.relname = ANY($1)
          AND n.nspname <> ALL($2) AND NOT pg_is_other_temp_schema(n.oid)
        ORDER BY 1, 2`,
      [names, schemas],
    );
  },

  isMissingObject,

  async existingTables(connector, tables) {
    const schemas = [...new Set(tables.map(t => t.schema))];
    return presentAmong(tables, await this.listTables(connector, schemas));
  },

  existingIndexes: pgExistingIndexes,

  async foreignKeys(connector) {
    const rows = await queryConnector<{
      name: string;
      schema: string;
      table: string;
      targetSchema: string;
      targetTable: string;
    }>(
      connector,
      `SELECT con.conname AS "name", ns.nspname AS "schema", cl.relname AS "table",
              tns.nspname AS "targetSchema", tcl.relname AS "targetTable"
         FROM pg_catalog.pg_constraint con
         JOIN pg_catalog.pg_class cl ON cl.oid = con.conrelid
         JOIN pg_catalog.pg_namespace ns ON ns.oid = cl.relnamespace
         JOIN pg_catalog.pg_class tcl ON tcl.oid = con.confrelid
         JOIN pg_catalog.pg_namespace tns ON tns.oid = tcl.relnamespace
        WHERE con.contype = 'f'`,
    );
    return rows.map(r => ({
      name: r.name,
      table: {schema: r.schema, name: r.table},
      target: {schema: r.targetSchema, name: r.targetTable},
    }));
  },

  dropTableSql(connector, table) {
    return `DROP TABLE ${qualifiedName(connector, table)}`;
  },

  dropForeignKeySql(connector, fk) {
    return (
      `ALTER TABLE ${qualifiedName(connector, fk.table)} ` +
      `DROP CONSTRAINT ${escapeName(connector, fk.name)}`
    );
  },

  async openSession(connector: PgConnector): Promise<DbSession> {
    const client = await connectPg(connector);
    return {
      query: async sql => {
        await client.query(sql);
      },
      get lost() {
        return client.lost;
      },
      release: () => client.release(),
    };
  },

  onlineForms: pgOnlineForms,
  onlineSession: PG_ONLINE_SESSION,
  onlineProgress: pgOnlineProgress,
};
