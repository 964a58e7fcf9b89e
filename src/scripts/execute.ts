import {errorMessage} from '../database-error';
import type {Context} from '@loopback/core';
import type {juggler, Transaction} from '@loopback/repository';
import {ConnectionWatch, type ErrorEmitter} from '../dialects/connection-watch';
import {checkOutWithin, type PoolWait} from '../runner/pool-wait';
import type {ScriptTarget} from './data-source';
import type {LoadedScript} from './load';
import {
  busyPoolNote,
  cancelPgBackend,
  pgBackendOf,
  scriptTimeoutOf,
  withinTimeLimit,
} from './timeout';
import type {MigrationContext} from './types';
import type {Ledger} from './ledger-types';
import {queryConnector} from '../juggler';
import {dialectFor} from '../dialects';
import {refuseTransactionEnd} from './transaction-end';

/** Which step of running a script failed. */
export type ScriptRunPhase = 'begin' | 'script' | 'ledger' | 'commit';

/** Running a script failed; `phase` says where, `rolledBack` what was kept. */
export class ScriptRunError extends Error {
  constructor(
    readonly phase: ScriptRunPhase,
    /** `true` when the script's transaction was rolled back. */
    readonly rolledBack: boolean,
    cause: unknown,
    /**
     * The statements the script's `ctx.execute()` ran before it failed,
     * in order, where they stay (not rolled back).
     */
    readonly ran: readonly string[] = [],
    /**
     * PostgreSQL: the INVALID indexes (`"schema"."name"`) that the failed
     * `CREATE INDEX CONCURRENTLY` of a script run outside a transaction
     * left behind (or found left by an earlier run), on which running the
     * script again fails with "already exists".
     */
    readonly invalidIndexes: readonly string[] = [],
    /** The statement of `ctx.execute()` the database refused, if one was. */
    readonly failedStatement?: string,
  ) {
    super(errorMessage(cause), {cause});
  }
}

/** What `executeScript()` needs. */
export interface ScriptExecution {
  readonly app: Context;
  readonly target: ScriptTarget;
  readonly ledger: Ledger;
  readonly script: LoadedScript;
  readonly direction: 'up' | 'down';
  /** How long the script's transaction may wait for a pool connection. */
  readonly wait: PoolWait;
  /** The run's `scriptTimeoutMs` (the script's own `timeoutMs` wins). */
  readonly timeoutMs: number | undefined;
  /**
   * Called before each statement the script runs with `ctx.execute()`,
   * with the script's transaction when it has one; what it throws fails
   * the script before the statement.
   */
  readonly beforeStatement?: (
    sql: string,
    transaction: Transaction | undefined,
  ) => Promise<void>;
}

/**
 * Run a script's `up()` (and record it in the ledger) or its `down()` (and
 * remove its row). Where the ledger is transactional (PostgreSQL) both
 * happen in one transaction, given to the script as `ctx.transaction`: all
 * or nothing, unless the script says `transaction = false`. Elsewhere, and
 * then, the ledger is written after the script succeeded.
 * Resolves to how long the script's own function took, in ms.
 *
 * @throws ScriptRunError wrapping the cause
 */
export async function executeScript(run: ScriptExecution): Promise<number> {
  // `transaction = false`: statements that cannot run in a transaction.
  return run.ledger.transactional && run.script.instance.transaction !== false
    ? executeInTransaction(run)
    : executeThenRecord(run);
}

async function executeInTransaction(run: ScriptExecution): Promise<number> {
  let transaction: Transaction;
  const {dataSource} = run.target;
  try {
    transaction = await checkOutWithin(
      dataSource.connector,
      run.wait,
      `run migration script ${run.script.version}`,
      () => dataSource.beginTransaction({isolationLevel: 'READ COMMITTED'}),
      late => late.rollback(),
    );
  } catch (err) {
    throw new ScriptRunError('begin', false, err);
  }
  let phase: ScriptRunPhase = 'script';
  // The transaction's connection is checked out of the pool: its failure
  // (the session ended) must reject the script, not crash the process.
  const watch = watchTransaction(transaction);
  const attempt: StatementAttempt = {};
  try {
    // On a time-out the running statement is cancelled; the rollback below
    // then ends the transaction and the connection goes back clean.
    const pid = pgBackendOf(transaction);
    const {connector} = dataSource;
    const durationMs = await withinTimeLimit(
      () => watch.guard(() => invoke(run, transaction, [], attempt)),
      {
        timeoutMs: scriptTimeoutOf(run.script.instance, run.timeoutMs),
        transactional: true,
        stop: async () =>
          pid !== undefined && connector
            ? cancelPgBackend(connector, pid)
            : undefined,
        waitingFor: () =>
          connector ? busyPoolNote(connector, run.target.name) : undefined,
      },
    );
    phase = 'ledger';
    await watch.guard(() => record(run, durationMs, transaction));
    phase = 'commit';
    await watch.guard(() => transaction.commit());
    return durationMs;
  } catch (err) {
    await transaction.rollback().catch(() => undefined);
    throw new ScriptRunError(
      phase,
      true,
      err,
      [],
      [],
      refusedStatementOf(attempt, err),
    );
  } finally {
    watch.stop();
  }
}

/** A watch on the connection of a juggler transaction (a `pg` client). */
function watchTransaction(transaction: Transaction): ConnectionWatch {
  const {connection} = transaction as {connection?: Partial<ErrorEmitter>};
  const watched: ErrorEmitter =
    typeof connection?.on === 'function' &&
    typeof connection.removeListener === 'function'
      ? (connection as ErrorEmitter)
      : {on: () => undefined, removeListener: () => undefined};
  return new ConnectionWatch(watched);
}

async function executeThenRecord(run: ScriptExecution): Promise<number> {
  let durationMs: number;
  const ran: string[] = [];
  const attempt: StatementAttempt = {};
  try {
    durationMs = await withinTimeLimit(
      () => invoke(run, undefined, ran, attempt),
      {
        timeoutMs: scriptTimeoutOf(run.script.instance, run.timeoutMs),
        transactional: false,
        stop: async () => undefined,
      },
    );
  } catch (err) {
    const invalid = await invalidIndexesLeft(run, attempt.failed);
    throw new ScriptRunError(
      'script',
      false,
      err,
      ran,
      invalid,
      refusedStatementOf(attempt, err),
    );
  }
  try {
    await record(run, durationMs, undefined);
  } catch (err) {
    throw new ScriptRunError('ledger', false, err);
  }
  return durationMs;
}

/** The last statement of `ctx.execute()` the database refused, if one was. */
interface StatementAttempt {
  failed?: string;
  /** What the database answered to it. */
  error?: unknown;
}

/**
 * The statement whose refusal `err` is (or was caused by); not one a
 * script caught before it failed on its own.
 */
function refusedStatementOf(
  attempt: StatementAttempt,
  err: unknown,
): string | undefined {
  for (let e = err; e instanceof Error; e = e.cause) {
    if (e === attempt.error) return attempt.failed;
  }
  return undefined;
}

/** `CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] name ON [ONLY] table`. */
const CONCURRENT_INDEX =
  /^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\s+(?:IF\s+NOT\s+EXISTS\s+)?("(?:[^"]|"")+"|[^\s"(]+)\s+ON\s+(?:ONLY\s+)?((?:"(?:[^"]|"")+"|[^\s"(.]+)(?:\.(?:"(?:[^"]|"")+"|[^\s"(.]+))?)/i;

/**
 * PostgreSQL: a `CREATE INDEX CONCURRENTLY` that fails leaves its index
 * behind, INVALID, and the same statement then fails on it ("already
 * exists"). The INVALID index of that name on that table, if there is one,
 * as `"schema"."name"`; nothing when the lookup fails.
 */
async function invalidIndexesLeft(
  run: ScriptExecution,
  failed: string | undefined,
): Promise<string[]> {
  const {connector} = run.target.dataSource;
  if (run.target.connectorName !== 'postgresql' || !connector || !failed) {
    return [];
  }
  const match = CONCURRENT_INDEX.exec(failed);
  if (!match) return [];
  const index = match[1].startsWith('"')
    ? match[1].slice(1, -1).replace(/""/g, '"')
    : match[1].toLowerCase();
  try {
    const rows = await queryConnector<{name: string}>(
      connector,
      `SELECT format('%I.%I', n.nspname, c.relname) AS name
         FROM pg_catalog.pg_index x
         JOIN pg_catalog.pg_class c ON c.oid = x.indexrelid
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE NOT x.indisvalid AND c.relname = $1 AND x.indrelid = to_regclass($2)`,
      [index, match[2]],
    );
    return rows.map(row => row.name);
  } catch {
    return [];
  }
}

/** Run the script's function; each statement it ran is pushed to `ran`. */
async function invoke(
  run: ScriptExecution,
  transaction: Transaction | undefined,
  ran: string[] = [],
  attempt: StatementAttempt = {},
): Promise<number> {
  const {instance} = run.script;
  const fn = run.direction === 'up' ? instance.up : instance.down;
  if (typeof fn !== 'function') {
    throw new Error(`the script has no ${run.direction}() method`);
  }
  const {dataSource, name} = run.target;
  const tag = statementTag(run, transaction);
  const ctx: MigrationContext = {
    app: run.app,
    // The app's own juggler DataSource, typed structurally until here.
    dataSource: dataSource as unknown as juggler.DataSource,
    dataSourceName: name,
    transaction,
    direction: run.direction,
    execute: async <T>(sql: string, params: readonly unknown[] = []) => {
      if (transaction) refuseTransactionEnd(sql);
      const {beforeStatement} = run;
      if (beforeStatement) await beforeStatement(sql, transaction);
      let rows: T;
      try {
        rows = (await dataSource.execute(
          tag + sql,
          [...params],
          transaction ? {transaction} : {},
        )) as T;
      } catch (err) {
        attempt.failed = sql;
        attempt.error = err;
        throw err;
      }
      ran.push(sql);
      return rows;
    },
  };
  const started = performance.now();
  await fn.call(instance, ctx);
  return Math.round(performance.now() - started);
}

/**
 * The comment a statement of a script outside a transaction starts with
 * where apply statements carry one (MySQL / MariaDB, see
 * `runner/orphans.ts`): a statement still running on the server after its
 * process died (kill -9) is then an orphan the next run waits for, or ends
 * with `terminateOrphanedMigrations`, before it runs the unrecorded script
 * again. '' elsewhere: a script's transaction dies with its process.
 */
function statementTag(
  run: ScriptExecution,
  transaction: Transaction | undefined,
): string {
  const tag = dialectFor(run.target.connectorName)?.applyTag;
  return !transaction && tag && 'statementPrefix' in tag
    ? tag.statementPrefix
    : '';
}

async function record(
  run: ScriptExecution,
  durationMs: number,
  transaction: Transaction | undefined,
): Promise<void> {
  const options = transaction ? {transaction} : {};
  const {script} = run;
  if (run.direction === 'up') {
    await run.ledger.insert(
      {
        version: script.version,
        name: script.name,
        description: script.description,
        checksum: script.checksum,
        durationMs,
      },
      options,
    );
  } else {
    await run.ledger.remove(script.version, options);
  }
}
