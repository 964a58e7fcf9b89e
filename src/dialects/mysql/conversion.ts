import {randomBytes} from 'node:crypto';
import type {JugglerConnector} from '../../juggler';
import {
  ConnectionWatch,
  endsMysqlSession,
  type ErrorEmitter,
} from '../connection-watch';
import type {
  ColumnRef,
  ConversionLoss,
  ConversionRefusal,
} from '../../planner/loss/checks';
import {probeTableError} from './probe-privilege';
import {ProbeKeys, withoutProbeRow} from './probe-keys';
import {liftStatementLimits} from './statement-limit';
import {integerSign} from './types';
import {keptByType, wideString, type ProbedColumn} from './probe-columns';
import {describeChangedValues} from '../../planner/loss/changed-values';
import {SAMPLES, totalOf} from '../../planner/will-fail/data';

/** A mysql2 connection as the pool hands it out. */
interface PooledConnection extends ErrorEmitter {
  query(
    sql: string,
    params: unknown[],
    cb: (err: Error | null, result?: unknown) => void,
  ): void;
  release(): void;
  destroy(): void;
}
interface PoolConnector extends JugglerConnector {
  readonly client?: {
    getConnection(
      cb: (err: Error | null, conn: PooledConnection) => void,
    ): void;
  } | null;
}

/** A pooled connection held (and watched) until `release()`. */
interface Connection {
  query(sql: string, params?: unknown[]): Promise<unknown>;
  release(): void;
}

/** The current column as the catalog has it. */
interface ColumnInfo extends ProbedColumn {
  readonly engine: string | null;
}

/** Errors of a column definition the database does not accept. */
const BAD_DEFINITION = new Set([
  1064, 1074, 1115, 1253, 1273, 1425, 1426, 1427, 1439, 4161,
]);
/** Errors of a value the new type does not take (strict mode, JSON check). */
const BAD_VALUE = new Set([
  1264, 1265, 1292, 1366, 1367, 1406, 1690, 3140, 4025,
]);

/** Errors of a check, which refuses a value whatever the `sql_mode` (JSON). */
const CHECK_FAILED = new Set([3140, 3819, 4025]);

/** Numeric types: a value of one compares with a value of another by value. */
const NUMBER_TYPES =
  /^(tinyint|smallint|mediumint|int|integer|bigint|decimal|numeric|dec|fixed|float|double|real)$/;

/** The name of a column type as written (`DECIMAL(10,1) UNSIGNED` → `decimal`). */
function typeName(type: string): string {
  return /^\s*(\w+)/.exec(type)?.[1].toLowerCase() ?? '';
}

/** Types compared byte for byte (a PAD SPACE collation ignores trailing spaces). */
const STRING_TYPES =
  /^(char|varchar|tinytext|text|mediumtext|longtext|enum|set|binary|varbinary|tinyblob|blob|mediumblob|longblob|json)$/;

/**
 * Judge a `CHANGE COLUMN` to `type` by letting the database convert every
 * stored value the same way, on one pooled connection (so under the
 * `sql_mode` the change itself would run with): the values are copied into a
 * temporary table as they are, and its column is changed to the new type by
 * `ALTER TABLE`, which converts as the change will (an `INSERT` converts
 * otherwise: it rounds `'12.5'` into an `INT` where `ALTER TABLE` truncates
 * it, and strict mode refuses the truncation). A conversion that fails
 * (strict mode: out of range, truncated, not a number; a JSON check) means
 * the change would fail too (`refusal`). A value is kept when the converted
 * value, copied back into a column of the old type, equals it: numbers and
 * times by value, strings byte for byte (trailing spaces count); the
 * first rows not kept are named by primary key with their value before and
 * after, in the read that counts them. The probe's statements run without
 * the app's statement limit (see `liftStatementLimits`).
 */
export async function mysqlConversionLoss(
  connector: JugglerConnector,
  ref: ColumnRef,
  type: string,
): Promise<ConversionLoss> {
  const conn = await connect(connector as PoolConnector);
  const probe = `lsm_probe_${randomBytes(4).toString('hex')}`;
  let restoreLimits = async (): Promise<void> => undefined;
  try {
    restoreLimits = await liftStatementLimits(conn);
    const info = await columnInfo(conn, ref);
    if (keptByType(info, type)) return {values: 0, exact: true};
    const old = `${info.columnType}${info.collation ? ` COLLATE ${info.collation}` : ''}`;
    // NULL on each: a TIMESTAMP column would otherwise be set on UPDATE
    // where explicit_defaults_for_timestamp is off.
    const keys = await ProbeKeys.of(conn, ref);
    const wide = wideString(info);
    await conn
      .query(
        `CREATE TEMPORARY TABLE ${probe} (${keys.definitions()}, o ${wide?.original ?? old} NULL, ` +
          `v ${old} NULL${wide?.backLater ? '' : `, b ${old} NULL`})` +
          (info.engine ? ` ENGINE=${info.engine}` : '') +
          (info.tableCollation ? ` COLLATE=${info.tableCollation}` : ''),
      )
      .catch((err: unknown) => {
        throw probeTableError(err, ref, type);
      });
    // The copy reads as a plain SELECT does (a consistent read): under
    // REPEATABLE READ an INSERT ... SELECT locks every row it reads, so the
    // app's writes to the table would wait for the whole copy, and the copy
    // for any row an app's transaction holds. The level set so is the next
    // transaction's only: this statement's.
    await conn.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
    await conn.query(
      `INSERT INTO ${probe} (o, v${keys.probeColumns()}) SELECT ${ref.column}, ${ref.column}${keys.tableColumns()} ` +
        `FROM ${ref.table} WHERE ${ref.column} IS NOT NULL${keys.orderBy()}`,
    );
    try {
      await conn.query(convertSql(probe, type));
    } catch (err) {
      if (BAD_DEFINITION.has(errnoOf(err))) {
        return {
          values: 0,
          exact: true,
          refusal: {error: onColumn((err as Error).message, probe, ref)},
        };
      }
      const error = onColumn(serverError(err, BAD_VALUE), probe, ref);
      return {
        values: 0,
        exact: true,
        refusal: await failingRows(conn, {probe, keys}, type, error),
      };
    }
    if (wide?.backLater) {
      const added = await conn
        .query(`ALTER TABLE ${probe} ADD COLUMN b ${old} NULL`)
        .catch((err: unknown) => serverError(err, ROW_TOO_LARGE));
      if (typeof added === 'string') {
        return {
          values: totalOf(
            (await conn.query(
              `SELECT COUNT(*) AS total FROM ${probe}`,
            )) as Array<Record<string, unknown>>,
          ),
          exact: false,
          note:
            `a value converted to ${type} and one of ${info.columnType} do not fit in one ` +
            'row beside each other, which comparing them takes',
        };
      }
    }
    await conn.query(`UPDATE IGNORE ${probe} SET b = v`);
    const lost = (await conn.query(
      `SELECT COUNT(*) OVER () AS total, o AS old_value, v AS new_value${keys.probeColumns()} ` +
        `FROM ${probe} WHERE NOT (${keptWhen(info.dataType, type)}) ORDER BY n LIMIT ${SAMPLES}`,
    )) as Array<Record<string, unknown>>;
    const values = totalOf(lost);
    const numbers = {
      before: NUMBER_TYPES.test(info.dataType),
      after: NUMBER_TYPES.test(typeName(type)),
    };
    const samples = describeChangedValues(keys.names(), lost, numbers);
    const note = signednessNote(info.columnType, type);
    return {
      values,
      exact: true,
      ...(values > 0 && {samples}),
      ...(note && {note}),
    };
  } finally {
    await conn
      .query(`DROP TEMPORARY TABLE IF EXISTS ${probe}`)
      .then(restoreLimits)
      .finally(() => conn.release());
  }
}

/** MySQL's ER_TOO_BIG_ROWSIZE: a row's columns outside TEXT/BLOB take over 65535 bytes. */
const ROW_TOO_LARGE = new Set([1118]);

/** ENUM and SET: their members match a value without case. */
const MEMBER_TYPES = /^(enum|set)$/;

/**
 * The condition a probe row meets when its value `o` is kept: its value
 * converted (`v`) and copied back into the old type (`b`) equals it. An
 * ENUM or SET value copied back finds its member without case, so between
 * two of them the converted value must be the same text too (`'paid'` is
 * `'Paid'` under `ENUM('Paid')`), compared in one character set.
 */
function keptWhen(oldType: string, type: string): string {
  const newType = typeName(type);
  if (MEMBER_TYPES.test(oldType) && MEMBER_TYPES.test(newType)) {
    const text = (c: string) =>
      `CAST(${c} AS CHAR CHARACTER SET utf8mb4) COLLATE utf8mb4_bin`;
    return `BINARY o <=> BINARY b AND ${text('o')} <=> ${text('v')}`;
  }
  if (STRING_TYPES.test(oldType)) return 'BINARY o <=> BINARY b';
  // A number rounded past the old type's range comes back clamped to its
  // limit, which may be the value itself (99999999.99 is 100000000.0 in
  // DECIMAL(10,1), and back): numbers compare as is too.
  return NUMBER_TYPES.test(oldType) && NUMBER_TYPES.test(newType)
    ? 'o <=> b AND o <=> v'
    : 'o <=> b';
}

/**
 * Count the values the conversion cannot make: convert again without the
 * strict modes, which turns each refusal into a warning. A check (MariaDB's
 * JSON column has one) refuses whatever the `sql_mode`: then the values are
 * written into a column of the new type one row at a time, each refused
 * row a warning. The warnings name rows by their place in the probe: the
 * refusal names them by the table's primary key (see {@link ProbeKeys}).
 */
async function failingRows(
  conn: Connection,
  {probe, keys}: {readonly probe: string; readonly keys: ProbeKeys},
  type: string,
  error: string,
): Promise<ConversionRefusal> {
  const [{mode}] = (await conn.query(
    'SELECT @@SESSION.sql_mode AS mode',
  )) as Array<{
    mode: string;
  }>;
  const loose = mode
    .split(',')
    .filter(m => !/^STRICT_(TRANS|ALL)_TABLES$/.test(m))
    .join(',');
  await conn.query('SET SESSION max_error_count = 65535, sql_mode = ?', [
    loose,
  ]);
  try {
    try {
      await conn.query(convertSql(probe, type));
    } catch (err) {
      serverError(err, CHECK_FAILED);
      return await failingChecks(conn, {probe, keys}, type, error);
    }
    const warnings = (await conn.query('SHOW WARNINGS')) as Array<{
      Level: string;
      Message: string;
    }>;
    const rows = new Set<string>();
    let skipped = 0;
    const values: string[] = [];
    for (const w of warnings) {
      if (w.Level !== 'Warning' && w.Level !== 'Error') continue;
      const row = /\bat row (\d+)/.exec(w.Message)?.[1];
      if (row) rows.add(row);
      else skipped++;
      const value = row ? undefined : /\bvalue: '([\s\S]*)'$/.exec(w.Message);
      if (value) values.push(value[1]);
    }
    const places = [...rows].map(Number);
    return {
      error: withoutProbeRow(error),
      rows: rows.size + skipped,
      keys: await keys.describe(conn, probe, {places, values}),
    };
  } finally {
    await conn.query('SET SESSION max_error_count = DEFAULT, sql_mode = ?', [
      mode,
    ]);
  }
}

/**
 * The rows a check of the new type refuses (MariaDB's JSON column checks
 * `JSON_VALID()`): written into a column of that type one row at a time,
 * each refused row is left NULL there (every probe row holds a value). The
 * server's warnings name no row.
 */
async function failingChecks(
  conn: Connection,
  {probe, keys}: {readonly probe: string; readonly keys: ProbeKeys},
  type: string,
  error: string,
): Promise<ConversionRefusal> {
  await conn.query(`ALTER TABLE ${probe} ADD COLUMN w ${type} NULL`);
  await conn.query(`UPDATE IGNORE ${probe} SET w = o`);
  const refused = (await conn.query(
    `SELECT n, COUNT(*) OVER () AS total FROM ${probe} WHERE w IS NULL ORDER BY n LIMIT ${SAMPLES}`,
  )) as Array<{n: number | string; total: number | string}>;
  const json = /^json\b/i.test(type.trim()) ? ': not valid JSON' : '';
  return {
    error: `${withoutProbeRow(error)}${json}`,
    rows: Number(refused[0]?.total ?? 0),
    keys: await keys.describe(conn, probe, {
      places: [],
      values: [],
      numbers: refused.map(r => Number(r.n)),
    }),
  };
}

/** Change the probe's column to the new type: the conversion the change makes. */
function convertSql(probe: string, type: string): string {
  return `ALTER TABLE ${probe} MODIFY v ${type} NULL`;
}

async function columnInfo(
  conn: Connection,
  ref: ColumnRef,
): Promise<ColumnInfo> {
  const rows = (await conn.query(
    `SELECT c.COLUMN_TYPE AS columnType, c.DATA_TYPE AS dataType, c.COLLATION_NAME AS collation,
            t.TABLE_COLLATION AS tableCollation, t.ENGINE AS engine
       FROM information_schema.COLUMNS c
       JOIN information_schema.TABLES t USING (TABLE_SCHEMA, TABLE_NAME)
      WHERE c.TABLE_SCHEMA = DATABASE() AND c.TABLE_NAME = ? AND c.COLUMN_NAME = ?`,
    [ref.tableName, ref.name],
  )) as ColumnInfo[];
  return rows[0];
}

/**
 * Said of an `UNSIGNED` integer column the change makes signed, which the
 * model may not mean: `lb4 discover` writes `mysql.dataType: 'int'` for an
 * `INT UNSIGNED` column, and the connector makes what it names.
 */
function signednessNote(current: string, type: string): string | undefined {
  const [was, made] = [integerSign(current), integerSign(type)];
  if (!was?.unsigned || !made || made.unsigned) return undefined;
  return (
    `it was ${current.toUpperCase()}: the model makes it signed; to keep it unsigned, declare ` +
    `mysql.dataType '${was.base} unsigned' without dataPrecision`
  );
}

/**
 * A message about the probe's column of the new type, said of the column
 * itself: MariaDB names it `` `db`.`probe`.`v` ``, MySQL `'v'`, a refused
 * definition `for 'v'`; the probe table is named as the table.
 */
function onColumn(message: string, probe: string, ref: ColumnRef): string {
  const column = `${ref.table}.${ref.column}`;
  return message
    .replace(new RegExp(`\`${probe}\\.v\``, 'g'), column)
    .replace(new RegExp(`\`[^\`]*\`\\.\`${probe}\`\\.\`v\``, 'g'), column)
    .replace(/\b(column|for) 'v'/g, `$1 ${column}`)
    .replaceAll(`\`${probe}\``, ref.table)
    .replaceAll(probe, ref.table);
}

/** The message of a database error with one of these numbers; others are thrown on. */
function serverError(err: unknown, errnos: ReadonlySet<number>): string {
  if (!errnos.has(errnoOf(err))) throw err;
  return (err as Error).message;
}

function errnoOf(err: unknown): number {
  return (err as {errno?: number}).errno ?? 0;
}

/**
 * A connection of the connector's pool, watched while held (see
 * `ConnectionWatch`): once the server ends its session, every query on it
 * rejects with the server's own error (the clean-up of the probe too, so
 * that it cannot hide that error behind mysql2's "closed state"), and it is
 * destroyed on release instead of going back to the pool.
 */
async function connect(connector: PoolConnector): Promise<Connection> {
  const pool = connector.client;
  if (!pool) {
    throw new Error('the mysql datasource is disconnected (it has no pool)');
  }
  const conn = await new Promise<PooledConnection>((resolve, reject) =>
    pool.getConnection((err, c) => (err ? reject(err) : resolve(c))),
  );
  const watch = new ConnectionWatch(conn);
  return {
    query: (sql, params = []) =>
      watch.guard(
        () =>
          new Promise((resolve, reject) =>
            conn.query(sql, params, (err, result) => {
              if (err && endsMysqlSession(err)) watch.markLost(err);
              return err ? reject(err) : resolve(result);
            }),
          ),
      ),
    release() {
      watch.stop();
      if (watch.lost) conn.destroy();
      else conn.release();
    },
  };
}
