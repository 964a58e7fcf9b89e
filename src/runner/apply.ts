import type {DbSession, Dialect} from '../dialects';
import type {JugglerConnector} from '../juggler';
import type {PlannedStatement} from '../types';
import {MYSQL_APPLY_TAG, TAG_APPLY_TRANSACTION} from './orphans';
import {checkOutWithin, type PoolWait} from './pool-wait';

/** A statement of a plan failed; `index` is its position in the plan. */
export class ApplyError extends Error {
  constructor(
    readonly index: number,
    readonly rolledBack: boolean,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), {cause});
  }
}

/**
 * Execute a plan's statements, in order, on one connection of the
 * connector's pool, waiting for it as `wait` allows. Where the database has transactional DDL (PostgreSQL)
 * they run in one transaction, all or nothing, sent in one round trip; if
 * that fails, they are run again one by one (still all or nothing) to name
 * the failing statement. Elsewhere each statement commits on its own.
 *
 * @throws ApplyError naming the failing statement
 * @throws Error when no connection of the pool comes in time
 */
export async function applyStatements(
  dialect: Dialect,
  connector: JugglerConnector,
  statements: readonly PlannedStatement[],
  wait: PoolWait,
): Promise<void> {
  if (statements.length === 0) return;
  const session = await checkOutWithin(
    connector,
    wait,
    'apply the plan',
    () => dialect.openSession(connector),
    opened => opened.release(),
  );
  try {
    if (!dialect.transactionalDdl) {
      await runEach(session, statements, false);
      return;
    }
    try {
      await session.query(
        // Tagged: a run after a kill -9 waits for it (see orphans.ts).
        [
          'BEGIN',
          TAG_APPLY_TRANSACTION,
          ...statements.map(s => s.sql),
          'COMMIT',
        ].join(';\n'),
      );
      return;
    } catch {
      await session.query('ROLLBACK').catch(() => undefined);
    }
    await runEach(session, statements, true);
  } finally {
    session.release();
  }
}

async function runEach(
  session: DbSession,
  statements: readonly PlannedStatement[],
  transactional: boolean,
): Promise<void> {
  let index = 0;
  try {
    if (transactional) {
      await session.query(`BEGIN;\n${TAG_APPLY_TRANSACTION}`);
    }
    for (; index < statements.length; index++) {
      // Statements committed one by one are tagged each (see orphans.ts).
      const {sql} = statements[index];
      await session.query(transactional ? sql : MYSQL_APPLY_TAG + sql);
    }
    if (transactional) await session.query('COMMIT');
  } catch (err) {
    if (transactional) await session.query('ROLLBACK').catch(() => undefined);
    throw new ApplyError(index, transactional, err);
  }
}
