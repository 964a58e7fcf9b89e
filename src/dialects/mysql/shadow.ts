import {withVanishedIndexesAdded} from './vanished-indexes';
import {queryConnector} from '../../juggler';
import {
  IRREVERSIBLE,
  IRREVERSIBLE_STATEMENTS,
  NAME,
  TABLE,
  inverseByRules,
} from '../inverse';
import {escapeName} from '../dialect';
import {
  swapDatabase,
  type InverseStatement,
  type ShadowDatabases,
} from '../shadow';
import {alterOfCheckedForeignKey} from './checked-foreign-key';
import {alterOfMarked} from './marked-alter';
import {quote} from './quote';
import {SCHEMA_STATE_TABLE} from '../../runner/schema-state-driver';
import {statementTarget} from '../../planner/statement-target';
import {unquote} from '../../planner/statement-clauses';
import type {InverseContext} from '../previous-definitions';
import {mysqlPreviousDefinitions} from './previous-definitions';
import {mysqlRestoringClauses} from './restoring-inverses';

/** Shadow databases on a MySQL / MariaDB server: CREATE DATABASE needs the CREATE privilege. */
export const mysqlShadowDatabases: ShadowDatabases = {
  async create(connector, name) {
    // The same character set and collation as the datasource's database.
    const [defaults] = await queryConnector<{cs: string; co: string}>(
      connector,
      'SELECT @@character_set_database AS cs, @@collation_database AS co',
    );
    await queryConnector(
      connector,
      `CREATE DATABASE ${escapeName(connector, name)}` +
        (defaults
          ? ` CHARACTER SET ${defaults.cs} COLLATE ${defaults.co}`
          : ''),
    );
  },
  async disconnect(dataSource) {
    const client = (dataSource.connector as {client?: EndingPool} | undefined)
      ?.client;
    if (!dataSource.connected) {
      // Never connected (juggler's disconnect() then skips the connector):
      // end the pool its failed attempt made.
      if (client) {
        await new Promise<void>((resolve, reject) =>
          client.end(err => (err ? reject(err) : resolve())),
        );
      }
      return;
    }
    // The connector's own first connection finishes behind a query; else
    // it would leak its socket after disconnect().
    if (client) await dataSource.ping();
    await dataSource.disconnect();
  },
  async cancel(connector, name) {
    const sessions = await queryConnector<{id: number}>(
      connector,
      `SELECT ID AS id FROM information_schema.PROCESSLIST
       WHERE DB = COALESCE(?, DATABASE()) AND ID <> CONNECTION_ID()
         AND COMMAND = 'Query'`,
      [name ?? null],
    );
    for (const {id} of sessions) {
      await queryConnector(connector, `KILL QUERY ${Number(id)}`);
    }
  },
  async drop(connector, name) {
    await queryConnector(
      connector,
      `DROP DATABASE IF EXISTS ${escapeName(connector, name)}`,
    );
  },
  async identity(connector) {
    const [row] = await queryConnector<{id: string}>(
      connector,
      "SELECT CONCAT(DATABASE(), ' on ', @@hostname, ':', @@port) AS id",
    );
    return row.id;
  },
  async tables(connector) {
    const rows = await queryConnector<{name: string}>(
      connector,
      `SELECT TABLE_NAME AS name FROM information_schema.TABLES
       WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'
       ORDER BY TABLE_NAME`,
    );
    return rows.map(row => quote(row.name));
  },
  // A database is a schema, and the plan makes nothing else in it.
  extras: async () => ({schemas: [], extensions: []}),
  async empty(connector) {
    // The foreign keys first: one DROP TABLE of all of them fails on a key
    // from a table dropped after the one it references.
    const keys = await queryConnector<{tableName: string; name: string}>(
      connector,
      `SELECT TABLE_NAME AS tableName, CONSTRAINT_NAME AS name
       FROM information_schema.REFERENTIAL_CONSTRAINTS
       WHERE CONSTRAINT_SCHEMA = DATABASE()`,
    );
    for (const key of keys) {
      await queryConnector(
        connector,
        `ALTER TABLE ${quote(key.tableName)} DROP FOREIGN KEY ${quote(key.name)}`,
      );
    }
    const tables = await this.tables(connector);
    if (tables.length > 0) {
      await queryConnector(
        connector,
        `DROP TABLE IF EXISTS ${tables.join(', ')}`,
      );
    }
  },
  // Not those of the package's state table: a foreign key's checked
  // statement makes it when there is none, for its mark (state-marks.ts).
  async indexes(connector) {
    const rows = await queryConnector<{name: string}>(
      connector,
      `SELECT DISTINCT CONCAT(TABLE_NAME, '.', INDEX_NAME) AS name
       FROM information_schema.STATISTICS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> ?`,
      [SCHEMA_STATE_TABLE],
    );
    return new Set(rows.map(row => row.name));
  },
  definitions: mysqlPreviousDefinitions,
  settings: (settings, name) =>
    swapDatabase(withoutConnectorDefaults(settings), name, ['url']),
  // ER_DBACCESS_DENIED_ERROR, ER_SPECIFIC_ACCESS_DENIED_ERROR
  isPermissionError: error =>
    [1044, 1227].includes(Number((error as {errno?: unknown})?.errno)),
  grantHint:
    "grant the user CREATE and DROP on the shadow databases (GRANT ALL ON `lsm_shadow_%`.* TO '<user>'@'<host>'), " +
    'or run --generate with a datasource whose user has them',
};

/**
 * The exact inverse of a statement the MySQL connector plans. A foreign key
 * whose index the server made (named after the key: `context.implicit`
 * holds `table.key`) is dropped with that index; a statement that replaces
 * or drops a definition restores it from `context.previous`.
 */
export function mysqlInverse(
  sql: string,
  context: InverseContext = {},
): InverseStatement {
  const checked = alterOfCheckedForeignKey(sql) ?? alterOfMarked(sql);
  if (checked !== undefined) return mysqlInverse(checked, context);
  const implicit = context.implicit ?? new Set();
  const target = statementTarget(sql, name => name);
  const table = target.kind === 'alter-table' ? target.table.name : '';
  const inverse = inverseByRules(
    sql,
    [
      {
        pattern: new RegExp(
          `^CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?${TABLE}`,
          'i',
        ),
        inverse: m => ({sql: `DROP TABLE ${m[1]}`}),
      },
      {
        pattern: new RegExp(
          `^CREATE\\s+(?:UNIQUE\\s+|FULLTEXT\\s+|SPATIAL\\s+)?INDEX\\s+${NAME}\\s+ON\\s+${TABLE}`,
          'i',
        ),
        inverse: m => ({sql: `DROP INDEX ${m[1]} ON ${m[2]}`}),
      },
      {
        // Undone as the same drop by an ALTER TABLE of its table.
        pattern: new RegExp(
          `^DROP\\s+INDEX\\s+${NAME}\\s+ON\\s+${TABLE}(?:\\s+(?:ALGORITHM|LOCK)\\s*=\\s*\\w+)*$`,
          'i',
        ),
        inverse: m =>
          mysqlInverse(`ALTER TABLE ${m[2]} DROP INDEX ${m[1]}`, context),
      },
      ...IRREVERSIBLE_STATEMENTS,
    ],
    [
      {
        pattern: new RegExp(
          `^ADD\\s+(?:UNIQUE\\s+|FULLTEXT\\s+|SPATIAL\\s+)?(?:INDEX|KEY)\\s+${NAME}`,
          'i',
        ),
        inverse: m => ({clause: `DROP INDEX ${m[1]}`}),
      },
      {
        pattern: new RegExp(
          `^ADD\\s+CONSTRAINT\\s+${NAME}\\s+FOREIGN\\s+KEY\\b`,
          'i',
        ),
        inverse: m => ({
          clause: implicit.has(`${table}.${unquote(m[1])}`)
            ? `DROP FOREIGN KEY ${m[1]}, DROP INDEX ${m[1]}`
            : `DROP FOREIGN KEY ${m[1]}`,
        }),
      },
      {
        pattern: new RegExp(`^ADD\\s+CONSTRAINT\\s+${NAME}\\s+UNIQUE\\b`, 'i'),
        inverse: m => ({clause: `DROP INDEX ${m[1]}`}),
      },
      {
        pattern: new RegExp(
          `^ADD\\s+(?:COLUMN\\s+)?(?!(?:INDEX|KEY|UNIQUE|FULLTEXT|SPATIAL|CONSTRAINT|PRIMARY|FOREIGN|CHECK|PARTITION)\\b)${NAME}`,
          'i',
        ),
        inverse: m => ({clause: `DROP COLUMN ${m[1]}`}),
      },
      {
        // Only the plan writes it, right after adding the column with the
        // model's default to fill its rows (new-column-defaults.ts): the
        // column's drop undoes both.
        pattern: new RegExp(
          `^ALTER\\s+(?:COLUMN\\s+)?${NAME}\\s+DROP\\s+DEFAULT$`,
          'i',
        ),
        inverse: () => ({kept: 'dropping the column added before undoes it'}),
      },
      {
        // The online form's algorithm (see online-ddl.ts): how, not what,
        // so nothing to undo and nothing to say (see inverseByRules).
        pattern: /^(?:ALGORITHM|LOCK)\s*=\s*\w+$/i,
        inverse: () => ({kept: ''}),
      },
      ...mysqlRestoringClauses(context.previous),
      ...IRREVERSIBLE,
    ],
  );
  return withVanishedIndexesAdded(sql, inverse, context.vanished);
}

/** The part of a `mysql` pool that `disconnect()` ends. */
interface EndingPool {
  end(callback: (err?: Error | null) => void): void;
}

/**
 * The connector writes its default `legacyUtcDateProcessing: true` into the
 * settings it is given, and hands every setting it does not know to mysql2,
 * which prints a warning for this one: left out, the shadow's connector
 * sets the same default again, silently.
 */
function withoutConnectorDefaults(
  settings: Readonly<Record<string, unknown>>,
): Readonly<Record<string, unknown>> {
  if (settings.legacyUtcDateProcessing !== true) return settings;
  const copy = {...settings};
  delete copy.legacyUtcDateProcessing;
  return copy;
}
