import {openMysqlSession} from './session';
import {checkIndexMethods} from '../index-methods';
import {checkForeignKeyActions} from '../foreign-key-actions';
import {withSingleSpacedIndexes} from './index-spacing';
import {checkForeignKeyNames} from '../unnamed-foreign-keys';
import {modelColumns, quotesAddedIndexKeys} from './index-key-quotes';
import {quotesDroppedForeignKeys} from './dropped-foreign-keys';
import {checkPrimaryIndexName} from './primary-index-name';
import {referencesKeyColumns} from './referenced-columns';
import {checkMysqlNameLengths} from './name-length';
import {checkNameCharacters} from '../name-characters';
import {modelNames} from '../model-names';
import {checkMysqlIndexNameClashes} from './name-clashes';
import {
  mysqlAlterColumnTypeSql,
  mysqlColumnTypes,
  mysqlForeignKeyColumns,
} from './catalog';
import {MYSQL_APPLY_TAG} from './orphans';
import {openMysqlLockSession} from './lock';
import {mysqlFailureChecks} from './failure-checks';
import {mysqlGuards} from './guard';
import {mysqlLossChecks} from './loss';
import {InvalidModelError} from '../../errors';
import {indexColumns} from './key-indexes';
import {existingIdWarning, ungeneratedIdWarnings} from './ungenerated-ids';
import {callConnector, foreignKeyEntity, queryConnector} from '../../juggler';
import {splitStatements} from '../sql-split';
import {withForeignKeysInline} from '../inline-foreign-keys';
import {
  escapeName,
  listedTable,
  presentAmong,
  type TableStatsRow,
} from '../dialect';
import {namesIndexesAfterProperties} from './index-names';
import {mysqlWithoutNoOps} from './settled-statements';
import {withPropertyIndexKinds} from './property-index-kinds';
import {checkMysqlIndexForms} from './index-forms';
import {withIndexKinds, withIndexTypesAfterNames} from './index-kinds';
import {autoIncrementedId} from './generated-ids';
import {droppedFillDefaultReason} from './new-column-defaults';
import {loadMysqlSnapshot} from './snapshot';
import {mysqlLockImpact} from './lock-impact';
import {mysqlLockWait} from './lock-wait';
import {withoutDefaultWidth, withoutNumberNotTaken} from './types';
import {
  alterOfCheckedForeignKey,
  CHECKED_KEY_NOTE,
  checkedForeignKey,
} from './checked-foreign-key';
import {alterOfMarked, MARKED_NOTE} from './marked-alter';
import {mysqlOnlineForms} from './online-forms';
import type {DialectPlanning} from '../contract';
import {mysqlInverse, mysqlShadowDatabases} from './shadow';
import {mysqlKeyColumnRetype} from './server';
import {checkEnumValues} from './enum-values';
import {checkDefaultLiterals} from './default-literals';
import {mysqlUnreadSettings} from './unread-settings';
import {executingIn} from '../transaction-reads';
import {mysqlExistingIndexes} from './existing-indexes';
import {isMissingObject} from './missing-table';

/**
 * How runs that plan read the catalog of MySQL and MariaDB, tidy the
 * connector's statements and run them (see `index.ts`).
 */
export const mysqlPlanning: DialectPlanning = {
  shadow: mysqlShadowDatabases,
  inverseOf: mysqlInverse,
  columnTypes: mysqlColumnTypes,
  foreignKeyColumns: mysqlForeignKeyColumns,
  keyColumnRetype: mysqlKeyColumnRetype,
  alterColumnTypeSql: mysqlAlterColumnTypeSql,
  readingIn: executingIn,
  applyTag: {statementPrefix: MYSQL_APPLY_TAG},
  loss: mysqlLossChecks,
  failures: mysqlFailureChecks,
  guards: mysqlGuards,
  openLockSession: openMysqlLockSession,
  lockImpact: mysqlLockImpact,
  lockWait: mysqlLockWait,

  // The keys of an added index are quoted before the split: the connector
  // writes them bare in ALTER TABLE, and a `;` in a column's name would end
  // the statement there.
  normalize: (captured, of) =>
    splitStatements(
      quotesDroppedForeignKeys(
        of
          ? quotesAddedIndexKeys(captured, modelColumns(of.connector, of.model))
          : captured,
      ),
      'mysql',
    ).map(statement =>
      // The `dataPrecision` and `dataLength` lb4 discover writes for every
      // DOUBLE (22) and TINY/MEDIUM/LONG TEXT or BLOB column (its maximum
      // length) are written after the type (`DOUBLE(22)`): left out.
      withoutNumberNotTaken(statement),
    ),

  loadSnapshot: connector => loadMysqlSnapshot(connector),

  // An ALTER TABLE that adds a key rebuilds the table; written in its
  // CREATE TABLE, the key (and the index named after it) comes for free.
  inlineForeignKeys: withForeignKeysInline,

  checkModel(connector, model) {
    // The connector looks foreign key columns up as properties and throws an
    // uncaught TypeError (killing the process) when one is not.
    const definitions = connector._models ?? {};
    const definition = definitions[model];
    checkEnumValues(model, definition?.properties ?? {});
    checkDefaultLiterals(model, definition?.properties ?? {});
    const names = modelNames(connector, model, 'mysql');
    checkMysqlNameLengths(model, names);
    checkNameCharacters(model, names, 'mysql');
    checkMysqlIndexNameClashes(connector, model, names);
    checkPrimaryIndexName(connector, model, names);
    checkMysqlIndexForms(connector, model);
    checkIndexMethods(connector, model, {
      database: 'MySQL and MariaDB',
      types: ['BTREE', 'HASH', 'RTREE'],
      typeNote: "PostgreSQL's gin, gist or brin",
      kinds: ['', 'UNIQUE', 'FULLTEXT', 'SPATIAL'],
      kindNote: 'an index is plain without one',
    });
    checkForeignKeyNames(connector, model, 'database');
    checkForeignKeyActions(connector, model, {
      unsupported: {
        'SET DEFAULT':
          'which InnoDB does not do: MariaDB makes the key RESTRICT in silence, MySQL refuses the table',
      },
      anySpacing: true,
    });
    for (const [key, fk] of Object.entries(
      definition?.settings.foreignKeys ?? {},
    )) {
      const entity = foreignKeyEntity(fk);
      const target = entity ? definitions[entity] : undefined;
      const problems = [
        missingProperty(
          'foreignKey',
          fk.foreignKey,
          model,
          definition?.properties,
        ),
        target &&
          missingProperty(
            'entityKey',
            fk.entityKey,
            entity!,
            target.properties,
          ),
      ].filter(Boolean);
      if (problems.length > 0) {
        throw new InvalidModelError(
          `model ${model}, foreign key "${fk.name ?? key}": ${problems.join('; ')}. ` +
            'The mysql connector needs property names there (it maps them to columns itself).',
          model,
        );
      }
    }
  },

  unreadSettings: mysqlUnreadSettings,

  newTableWarnings: ungeneratedIdWarnings,

  existingIdWarning,

  primaryKeyColumns: (connector, table, cache) =>
    indexColumns(connector, table.name, 'PRIMARY', cache),

  connectorModel: withIndexKinds,

  reasonOf: droppedFillDefaultReason,

  // Spacing last: the rewrites before it match the connector's text.
  rewrite: (sql, connector, model) =>
    withSingleSpacedIndexes(
      autoIncrementedId(
        referencesKeyColumns(
          quotesAddedIndexKeys(
            withPropertyIndexKinds(
              withIndexTypesAfterNames(
                namesIndexesAfterProperties(sql, connector, model),
              ),
              connector,
              model,
            ),
            modelColumns(connector, model),
          ),
          connector,
          model,
        ),
        connector,
        model,
      ),
    ),

  withoutNoOps: mysqlWithoutNoOps,

  adjustRead(sql, rows) {
    // MariaDB and MySQL 5.x report `int(11)` for INT; the connector compares
    // that with its own `INT` and changes the column on every run.
    if (!/^\s*SHOW\s+FIELDS\b/i.test(sql) || !Array.isArray(rows)) return;
    for (const row of rows as Array<{Type?: unknown}>) {
      if (typeof row.Type === 'string')
        row.Type = withoutDefaultWidth(row.Type);
    }
  },

  async createTable(connector, model) {
    const {createTable, addForeignKeys} = connector;
    if (!createTable || !addForeignKeys) {
      throw new Error('the mysql connector has no createTable/addForeignKeys');
    }
    await callConnector(cb => createTable.call(connector, model, cb));
    // Its createTable() leaves foreign keys out; autoupdate adds them after.
    await callConnector(cb => addForeignKeys.call(connector, model, cb));
  },

  async listTables(connector) {
    // InnoDB's TABLE_ROWS is an estimate from its sampled statistics.
    const rows = await queryConnector<TableStatsRow>(
      connector,
      `SELECT '' AS \`schema\`, TABLE_NAME AS name, TABLE_ROWS AS \`rows\`,
              DATA_LENGTH + INDEX_LENGTH AS bytes
         FROM information_schema.TABLES
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'
        ORDER BY 2`,
    );
    return rows.map(listedTable);
  },

  isMissingObject,

  async existingTables(connector, tables) {
    return presentAmong(tables, await this.listTables(connector, []));
  },

  existingIndexes: mysqlExistingIndexes,

  async foreignKeys(connector) {
    const rows = await queryConnector<{
      name: string;
      table: string;
      target: string;
    }>(
      connector,
      // Not REFERENTIAL_CONSTRAINTS: MariaDB lists a foreign key there only
      // to a user with a database-wide privilege other than SELECT.
      `SELECT DISTINCT CONSTRAINT_NAME AS name, TABLE_NAME AS \`table\`,
              REFERENCED_TABLE_NAME AS target
         FROM information_schema.KEY_COLUMN_USAGE
        WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_SCHEMA = DATABASE()
          AND REFERENCED_TABLE_NAME IS NOT NULL`,
    );
    return rows.map(r => ({
      name: r.name,
      table: {schema: '', name: r.table},
      target: {schema: '', name: r.target},
    }));
  },

  dropTableSql(connector, table) {
    return `DROP TABLE ${escapeName(connector, table.name)}`;
  },

  dropForeignKeySql(connector, fk) {
    return (
      `ALTER TABLE ${escapeName(connector, fk.table.name)} ` +
      `DROP FOREIGN KEY ${escapeName(connector, fk.name)}`
    );
  },

  openSession: openMysqlSession,

  runnableForm: (sql, stateTable) => checkedForeignKey(sql, stateTable) ?? sql,

  statementShown: sql => alterOfCheckedForeignKey(sql) ?? alterOfMarked(sql),

  compoundNote: sql => {
    if (alterOfCheckedForeignKey(sql)) return CHECKED_KEY_NOTE;
    return alterOfMarked(sql) ? MARKED_NOTE : undefined;
  },

  onlineForms: mysqlOnlineForms,
};

function missingProperty(
  setting: string,
  name: string | undefined,
  model: string,
  properties: Readonly<Record<string, unknown>> | undefined,
): string | undefined {
  const names = Object.keys(properties ?? {});
  if (name !== undefined && names.includes(name)) return undefined;
  const near = names.find(p => p.toLowerCase() === name?.toLowerCase());
  return (
    `${setting} "${name}" is not a property of model ${model}` +
    (near ? ` (did you mean "${near}"?)` : '')
  );
}
