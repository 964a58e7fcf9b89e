import type {JugglerConnector} from '../juggler';
import type {ApplyPhase, LockImpact} from '../types';
import type {DbSession, TableRef} from './dialect';

/** One planned statement whose lock impact a dialect judges. */
export interface LockImpactQuery {
  readonly sql: string;
  /** The table the statement changes, when it names one. */
  readonly table?: TableRef;
  /**
   * `true` when the table exists before the plan runs (not created, or
   * dropped and created again, by the plan): other sessions may be using it.
   */
  readonly existing: boolean;
  /** Where an online plan runs the statement (see `PlannedStatement.phase`). */
  readonly phase?: ApplyPhase;
}

/** What one statement does to the sessions using its table. */
export interface LockImpactVerdict {
  readonly lock: LockImpact;
  readonly rewritesTable: boolean;
  readonly scansTable: boolean;
  /**
   * The statement's online form (MySQL `..., ALGORITHM=INSTANT`), which the
   * run executes instead of `sql` when `online` is on.
   */
  readonly onlineSql?: string;
  /**
   * Why the statement has no online form on this server, and what it
   * would do in its plain form: with `online` on, the run is refused.
   */
  readonly notOnline?: string;
  /**
   * What the plain form (`online: false`) does instead, when that differs
   * from what the online form does: MariaDB adds a foreign key in place only
   * with its checks off, and otherwise copies the table.
   */
  readonly plain?: LockImpactJudgement;
}

/** What a statement's locks do to the sessions using its table. */
export type LockImpactJudgement = Pick<
  LockImpactVerdict,
  'lock' | 'rewritesTable' | 'scansTable'
>;

/** How a dialect judges the lock impact of a plan's statements. */
export type JudgeLockImpact = (
  connector: JugglerConnector,
  statements: readonly LockImpactQuery[],
) => Promise<LockImpactVerdict[]>;

/** A session holding a lock on a table another statement waits for. */
export interface LockHolder {
  /** The table, as `"schema"."table"` or `"table"`. */
  readonly table: string;
  /** The server's id of the session (PostgreSQL pid, MySQL connection id). */
  readonly pid: number;
  /** `application_name` (PostgreSQL), `user@host` (MySQL). */
  readonly application: string;
  /** How long its transaction (else its statement) has run, in ms. */
  readonly durationMs?: number;
  /** Its current (or last) query. */
  readonly query?: string;
  /** The lock it holds, in the database's words. */
  readonly mode?: string;
}

/** The holders found, and what could not be read (a missing privilege, table). */
export interface LockHolders {
  readonly holders: LockHolder[];
  /** Why the holders are unknown or incomplete, when they are. */
  readonly unavailable?: string;
}

/**
 * How DDL statements wait for table locks: each waits at most a few hundred
 * ms (so the app never queues long behind it), then the run backs off and
 * retries (see `runner/lock-retry.ts`).
 */
export interface StatementLockWait {
  /**
   * The statements that make every later statement of the apply's session
   * wait at most `ms` for a lock: run first in the transaction (PostgreSQL
   * `SET LOCAL`) or once on the session.
   */
  limit(ms: number): string[];
  /** The limit `limit(ms)` really sets, in ms (the database's own unit, rounded up). */
  effectiveMs(ms: number): number;
  /** The statements that give the session back its own limit before it goes back to the pool. */
  readonly restore: readonly string[];
  /** `true` when `err` is the database's "lock wait timed out" error. */
  isLockTimeout(err: unknown): boolean;
  /**
   * `true` when `err` says an operator cancelled the statement (not a
   * statement timeout, which a replay meets again and so names): not the
   * statements' own fault, and running them again, to name the failing
   * one, would take their locks (and do their table-sized work) again.
   */
  isCancelled(err: unknown): boolean;
  /**
   * Where the database's own limit cannot say `ms` (`effectiveMs(ms) > ms`:
   * MariaDB counts whole seconds), a watch over the statements of
   * `session` that stops one once it has waited about `ms` for a table
   * lock: it then fails with a {@link LockWaitStopped}, which the retry
   * takes as a lock wait timeout. `undefined` where none is needed or none
   * can be kept (the database's own limit then holds).
   */
  watch?(
    connector: JugglerConnector,
    session: DbSession,
    ms: number,
  ): Promise<LockWaitWatch | undefined>;
  /** The sessions holding a lock on any of `tables`. */
  holders(
    connector: JugglerConnector,
    tables: readonly TableRef[],
  ): Promise<LockHolders>;
}

/**
 * The error of a statement a {@link LockWaitWatch} stopped once it had
 * waited `waitedMs` for a lock (the watch's limit: `limitMs`); it changed
 * nothing, as a statement the database's own limit stops.
 */
export class LockWaitStopped extends Error {
  constructor(
    message: string,
    readonly waitedMs: number,
    readonly limitMs: number,
    options: {cause: unknown},
  ) {
    super(message, options);
    this.name = 'LockWaitStopped';
  }
}

/** A watch over one session's statements (see `StatementLockWait.watch`). */
export interface LockWaitWatch {
  /** Send one statement (`statement()`), stopping it when it waits too long for a lock. */
  run(statement: () => Promise<void>): Promise<void>;
}

const ORDER: readonly LockImpact[] = [
  'none',
  'brief',
  'blocks-writes',
  'blocks-reads-and-writes',
];

/** The stronger of two lock impacts. */
export function worstLock(a: LockImpact, b: LockImpact): LockImpact {
  return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
}

/** The verdict of one clause or statement, merged with another of the same statement. */
export function mergeVerdicts(
  a: LockImpactVerdict,
  b: LockImpactVerdict,
): LockImpactVerdict {
  return {
    lock: worstLock(a.lock, b.lock),
    rewritesTable: a.rewritesTable || b.rewritesTable,
    scansTable: a.scansTable || b.scansTable,
  };
}

/** What a statement on a table no other session uses yet does: nothing to anyone. */
export const NO_IMPACT: LockImpactVerdict = {
  lock: 'none',
  rewritesTable: false,
  scansTable: false,
};

const ALTER_TABLE =
  /^ALTER\s+TABLE\s+(?:ONLY\s+)?(?:IF\s+EXISTS\s+)?(?:"(?:[^"]|"")*"|`(?:[^`]|``)*`|[\w$]+)(?:\s*\.\s*(?:"(?:[^"]|"")*"|`(?:[^`]|``)*`|[\w$]+))?\s+([\s\S]*)$/i;

/** The text after `ALTER TABLE name`, or `undefined` for another statement. */
export function alterTableBody(sql: string): string | undefined {
  return ALTER_TABLE.exec(sql.trim())?.[1];
}
