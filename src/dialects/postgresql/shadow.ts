import {setTimeout} from 'node:timers/promises';
import {queryConnector, type JugglerConnector} from '../../juggler';
import {
  IRREVERSIBLE,
  IRREVERSIBLE_STATEMENTS,
  NAME,
  TABLE,
  inverseByRules,
  type ClauseInverse,
  type InverseRule,
} from '../inverse';
import {escapeName} from '../dialect';
import {SCRIPT_CREATE_SCHEMA} from './script-form';
import {NOT_NULL_CHECK_PREFIX} from './online';
import type {InverseContext} from '../previous-definitions';
import {pgPreviousDefinitions} from './previous-definitions';
import {BACK_FILL_INVERSES} from './back-fill-inverses';
import {
  PG_DROP_INDEX,
  pgRestoredIndex,
  pgRestoringClauses,
} from './restoring-inverses';
import {
  swapDatabase,
  type InverseStatement,
  type ShadowDatabases,
} from '../shadow';

/** Shadow databases on a PostgreSQL server: CREATE DATABASE needs CREATEDB. */
export const postgresqlShadowDatabases: ShadowDatabases = {
  async create(connector, name) {
    await queryConnector(
      connector,
      `CREATE DATABASE ${escapeName(connector, name)}`,
    );
  },
  async disconnect(dataSource) {
    // The connector ends its pool without waiting and hears no pool 'error'
    // by default: a session the drop ends while its client is still
    // closing would report an error nobody hears (see drop()).
    const pool = (dataSource.connector as {pg?: EndingPool | null} | undefined)
      ?.pg;
    pool?.on('error', () => undefined);
    if (!dataSource.connected) {
      // Never connected (juggler's disconnect() then skips the connector):
      // end the pool its failed attempt made.
      await pool?.end();
      return;
    }
    await dataSource.disconnect();
    while (pool && !pool.ended) await setTimeout(10);
  },
  async cancel(connector, name) {
    await queryConnector(
      connector,
      `SELECT pg_cancel_backend(pid) FROM pg_stat_activity
       WHERE datname = coalesce($1, current_database())
         AND pid <> pg_backend_pid()`,
      [name ?? null],
    );
  },
  async drop(connector, name) {
    const database = escapeName(connector, name);
    try {
      // A pool counts as ended once it asked its clients to end, before
      // their sessions are gone; a plain DROP waits (up to 5 s) for those
      // sessions to exit. Ending them instead (FORCE) sends each client an
      // error: loopback-connector-postgresql 7.x strips every 'error'
      // listener from a pool client after each query, so nobody hears it
      // and Node ends the process.
      await queryConnector(connector, `DROP DATABASE IF EXISTS ${database}`);
    } catch (err) {
      // object_in_use: sessions a failed run left open on it. FORCE
      // (PostgreSQL 13+) ends them.
      if ((err as {code?: unknown})?.code !== '55006') throw err;
      await queryConnector(
        connector,
        `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`,
      );
    }
  },
  async identity(connector) {
    const [row] = await queryConnector<{id: string}>(
      connector,
      // The cluster's own identifier: addresses and ports can differ for
      // one server, and two embedded ones report the same.
      `SELECT current_database() || ' of cluster ' || system_identifier AS id
       FROM pg_control_system()`,
    );
    return row.id;
  },
  async tables(connector) {
    const rows = await queryConnector<{name: string}>(
      connector,
      `SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
         AND n.nspname NOT IN ('pg_catalog', 'information_schema')
         AND n.nspname NOT LIKE 'pg\\_%'
       ORDER BY 1`,
    );
    return rows.map(row => row.name);
  },
  async extras(connector) {
    const schemas = await queryConnector<{name: string}>(
      connector,
      `SELECT quote_ident(n.nspname) AS name FROM pg_namespace n
       WHERE n.nspname NOT IN ('public', 'information_schema')
         AND n.nspname NOT LIKE 'pg\\_%'
         AND NOT EXISTS (
           SELECT 1 FROM pg_depend d
           WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid
             AND d.deptype = 'e')
       ORDER BY 1`,
    );
    const extensions = await queryConnector<{name: string}>(
      connector,
      'SELECT quote_ident(extname) AS name FROM pg_extension ORDER BY 1',
    );
    return {
      schemas: schemas.map(row => row.name),
      extensions: extensions.map(row => row.name),
    };
  },
  async empty(connector, before) {
    const tables = await this.tables(connector);
    // CASCADE: the foreign keys between them, and views on them.
    await dropAll(connector, 'TABLE', tables);
    const now = await this.extras(connector);
    // The schemas first: an extension the run made may live in one.
    await dropAll(connector, 'SCHEMA', added(now.schemas, before.schemas));
    await dropAll(
      connector,
      'EXTENSION',
      added(now.extensions, before.extensions),
    );
  },
  definitions: pgPreviousDefinitions,
  settings: (settings, name) =>
    swapDatabase(settings, name, ['url', 'connectionString']),
  // insufficient_privilege
  isPermissionError: error => (error as {code?: unknown})?.code === '42501',
  grantHint:
    'give the user the CREATEDB privilege (ALTER ROLE <user> CREATEDB), or ' +
    'run --generate with a datasource whose user has it',
};

/** `DROP <kind> IF EXISTS <names> CASCADE`, where there are any. */
async function dropAll(
  connector: JugglerConnector,
  kind: 'TABLE' | 'SCHEMA' | 'EXTENSION',
  names: readonly string[],
): Promise<void> {
  if (names.length === 0) return;
  await queryConnector(
    connector,
    `DROP ${kind} IF EXISTS ${names.join(', ')} CASCADE`,
  );
}

/** The names of `now` that are not in `before`. */
function added(now: readonly string[], before: readonly string[]): string[] {
  return now.filter(name => !before.includes(name));
}

const INDEX_SCHEMA = new RegExp(`^${NAME}\\s*\\.`);

/**
 * The exact inverse of a statement the PostgreSQL connector plans; one
 * that replaces or drops a definition restores it from `context.previous`.
 */
export function postgresqlInverse(
  sql: string,
  context: InverseContext = {},
): InverseStatement {
  const {previous} = context;
  return inverseByRules(
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
          `^CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+(CONCURRENTLY\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?${NAME}\\s+ON\\s+(?:ONLY\\s+)?${TABLE}`,
          'i',
        ),
        inverse: m => {
          // An index lives in its table's schema.
          const schema = INDEX_SCHEMA.exec(m[3]);
          const index = schema ? `${schema[1]}.${m[2]}` : m[2];
          return {sql: `DROP INDEX ${m[1] ? 'CONCURRENTLY ' : ''}${index}`};
        },
      },
      {
        pattern: /^CREATE\s+(?:SCHEMA|EXTENSION)\s+IF\s+NOT\s+EXISTS\b/i,
        inverse: () => ({
          kept: 'it only makes sure that a shared object exists, which may have existed before',
        }),
      },
      {
        pattern: SCRIPT_CREATE_SCHEMA,
        inverse: () => ({
          kept: 'it only makes sure that a shared object exists, which may have existed before',
        }),
      },
      {
        pattern: PG_DROP_INDEX,
        inverse: m => pgRestoredIndex(m, previous),
      },
      ...BACK_FILL_INVERSES,
      ...IRREVERSIBLE_STATEMENTS,
    ],
    [
      {
        pattern: new RegExp(
          `^ADD\\s+COLUMN\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?${NAME}`,
          'i',
        ),
        inverse: m => ({clause: `DROP COLUMN ${m[1]}`}),
      },
      ...NOT_NULL_CHECK_INVERSES,
      {
        pattern: new RegExp(`^VALIDATE\\s+CONSTRAINT\\s+${NAME}$`, 'i'),
        inverse: () => ({
          kept: 'validating a constraint leaves nothing to undo: the inverse of its ADD CONSTRAINT drops it',
        }),
      },
      {
        pattern: new RegExp(`^ADD\\s+CONSTRAINT\\s+${NAME}`, 'i'),
        inverse: m => ({clause: `DROP CONSTRAINT ${m[1]}`}),
      },
      {
        pattern: new RegExp(
          `^ALTER\\s+COLUMN\\s+${NAME}\\s+SET\\s+NOT\\s+NULL$`,
          'i',
        ),
        inverse: m => ({clause: `ALTER COLUMN ${m[1]} DROP NOT NULL`}),
      },
      ...pgRestoringClauses(previous),
      ...IRREVERSIBLE,
    ],
  );
}

/** The part of a `pg` pool that `disconnect()` waits on. */
interface EndingPool {
  readonly ended: boolean;
  end(): Promise<void>;
  on(event: 'error', listener: () => void): unknown;
}

/** The check constraint the online `SET NOT NULL` validates first (`online.ts`). */
const NOT_NULL_CHECK = `("${NOT_NULL_CHECK_PREFIX}(?:[^"]|"")*")`;

/**
 * The online form of `SET NOT NULL` adds a check constraint `NOT VALID`
 * (dropping one an earlier run left), validates it, sets NOT NULL and drops
 * it again: its inverse is `DROP NOT NULL` with the check dropped where it
 * is still there (the transaction ran, the online phase did not).
 */
const NOT_NULL_CHECK_INVERSES: readonly InverseRule<ClauseInverse>[] = [
  {
    pattern: new RegExp(
      `^ADD\\s+CONSTRAINT\\s+${NOT_NULL_CHECK}\\s+CHECK\\b`,
      'i',
    ),
    inverse: m => ({clause: `DROP CONSTRAINT IF EXISTS ${m[1]}`}),
  },
  {
    pattern: new RegExp(
      `^DROP\\s+CONSTRAINT\\s+(?:IF\\s+EXISTS\\s+)?${NOT_NULL_CHECK}$`,
      'i',
    ),
    inverse: () => ({
      kept: 'it drops the check constraint that stands in for NOT NULL while it is validated: the inverse of SET NOT NULL undoes the change',
    }),
  },
];
