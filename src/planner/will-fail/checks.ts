import type {TableRef} from '../../dialects';
import {queryConnector, type JugglerConnector} from '../../juggler';

/** What differs between the databases when predicting a failure. */
export interface FailureChecks {
  /** The database's name in messages. */
  readonly database: string;
  /** Folds a bare identifier as the database does. */
  fold(name: string): string;
  /**
   * `true` when the database refuses NOT NULL over NULLs; `false` when it
   * converts them to a zero value (MySQL outside strict mode: data loss).
   */
  refusesNulls(connector: JugglerConnector): Promise<boolean>;
  primaryKey(connector: JugglerConnector, table: TableRef): Promise<string[]>;
  /** The column's type as the catalog names it; `undefined` when it does not exist. */
  columnType(
    connector: JugglerConnector,
    table: TableRef,
    column: string,
  ): Promise<string | undefined>;
  /**
   * The type a column of a `CREATE TABLE` gets, from the type written there
   * (PostgreSQL: `SERIAL` is `integer`).
   */
  storedType(written: string): string;
  /** Whether a foreign key column of type `fk` can reference a key of type `pk`. */
  typesMatch(
    connector: JugglerConnector,
    fk: string,
    pk: string,
  ): Promise<boolean>;
}

/** PostgreSQL: refuses NULLs always; keys compare when btree or an implicit cast says so. */
export const postgresqlFailureChecks: FailureChecks = {
  database: 'PostgreSQL',
  fold: name => name.toLowerCase(),
  refusesNulls: () => Promise.resolve(true),
  storedType: written =>
    written.replace(/^(small|big)?serial\b/i, (_, size?: string) =>
      size?.toLowerCase() === 'small'
        ? 'smallint'
        : size?.toLowerCase() === 'big'
          ? 'bigint'
          : 'integer',
    ),
  async primaryKey(connector, table) {
    const rows = await queryConnector<{name: string}>(
      connector,
      `SELECT a.attname AS "name"
         FROM pg_index i
         JOIN pg_class c ON c.oid = i.indrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey)
        WHERE i.indisprimary AND n.nspname = $1 AND c.relname = $2
        ORDER BY array_position(i.indkey, a.attnum)`,
      [table.schema, table.name],
    );
    return rows.map(r => r.name);
  },
  async columnType(connector, table, column) {
    const rows = await queryConnector<{type: string}>(
      connector,
      `SELECT format_type(a.atttypid, a.atttypmod) AS "type"
         FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relname = $2 AND a.attname = $3
          AND a.attnum > 0 AND NOT a.attisdropped`,
      [table.schema, table.name, column],
    );
    return rows[0]?.type;
  },
  async typesMatch(connector, fk, pk) {
    // What ALTER TABLE ... ADD FOREIGN KEY accepts: an equality operator of
    // a btree family between the two types, or an implicit cast.
    const rows = await queryConnector<{ok: boolean}>(
      connector,
      `SELECT f.oid = p.oid
           OR EXISTS (SELECT 1 FROM pg_amop o JOIN pg_am m ON m.oid = o.amopmethod
                       WHERE m.amname = 'btree' AND o.amopstrategy = 3
                         AND o.amoplefttype = p.oid AND o.amoprighttype = f.oid)
           OR EXISTS (SELECT 1 FROM pg_cast c
                       WHERE c.castsource = f.oid AND c.casttarget = p.oid AND c.castcontext = 'i')
           AS "ok"
         FROM (SELECT $1::regtype::oid AS oid) f, (SELECT $2::regtype::oid AS oid) p`,
      [fk, pk],
    );
    return rows[0]?.ok === true;
  },
};

const INTEGER = /^(tinyint|smallint|mediumint|int|integer|bigint)\b/;

/** MySQL and MariaDB (InnoDB): refuses NULLs in strict mode only. */
export const mysqlFailureChecks: FailureChecks = {
  database: 'MySQL',
  fold: name => name,
  storedType: written => written,
  async refusesNulls(connector) {
    const rows = await queryConnector<{mode: string}>(
      connector,
      'SELECT @@SESSION.sql_mode AS mode',
    );
    return /\bSTRICT_(TRANS|ALL)_TABLES\b/.test(rows[0]?.mode ?? '');
  },
  async primaryKey(connector, table) {
    const rows = await queryConnector<{name: string}>(
      connector,
      `SELECT COLUMN_NAME AS name FROM information_schema.KEY_COLUMN_USAGE
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY'
        ORDER BY ORDINAL_POSITION`,
      [table.name],
    );
    return rows.map(r => r.name);
  },
  async columnType(connector, table, column) {
    const rows = await queryConnector<{type: string}>(
      connector,
      `SELECT COLUMN_TYPE AS type FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?`,
      [table.name, column],
    );
    return rows[0]?.type;
  },
  typesMatch(_connector, fk, pk) {
    return Promise.resolve(mysqlTypesMatch(fk, pk));
  },
};

/**
 * InnoDB's rule, for the types LoopBack models use: integers of the same
 * size and sign, character strings of any length, other types alike.
 */
export function mysqlTypesMatch(fk: string, pk: string): boolean {
  const norm = (type: string) =>
    type
      .toLowerCase()
      .replace(/^integer\b/, 'int')
      .replace(/^(tinyint|smallint|mediumint|int|bigint)\(\d+\)/, '$1')
      .replace(/\s+zerofill\b/, '')
      .replace(/\s+/g, ' ')
      .trim();
  const [f, p] = [norm(fk), norm(pk)];
  if (INTEGER.test(f) || INTEGER.test(p)) return f === p;
  const text = /^(var)?char\b/;
  if (text.test(f) && text.test(p)) return true;
  return f === p;
}
