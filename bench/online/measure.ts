import {setTimeout as sleep} from 'node:timers/promises';
import type {DatabaseKind} from '../../test/support/databases';
import {dropDatabase, freshDatabase} from '../databases';
import type {OnlineBenchOptions} from './args';
import {missingChanges} from './applied';
import {Load} from './load';
import {holdRowLock, type HeldLock} from './long-transaction';
import {MigrationProcess} from './migration-process';
import type {MigrateResult} from './protocol';
import {loadTables} from './seed';
import {summarize, type OpSummary} from './stats';
import type {OnlineScenario, Variant} from './variants';

/** One migration of a loaded table under load, and what the load saw. */
export interface OnlineRun {
  readonly kind: DatabaseKind;
  readonly scenario: OnlineScenario;
  readonly variant: Variant;
  readonly migration: MigrateResult;
  /** The load during the migration (from `go` to the answer). */
  readonly during: {readonly writes: OpSummary; readonly reads: OpSummary};
  /** The load during the warm-up before it: the baseline. */
  readonly before: {readonly writes: OpSummary; readonly reads: OpSummary};
  /** The long transaction, relative to the migration's start, ms. */
  readonly held?: {
    readonly committedMs: number;
    readonly error?: string;
  };
  /** Version 2's changes not found on the table after the migration. */
  readonly missing: readonly string[];
}

/**
 * On a new database: create version 1 (with ours), load it, start the
 * app of version 2 in its own process, run the load for the warm-up, (take
 * the long transaction's row lock,) let the app migrate, keep the load on
 * for the tail, then summarize the load's operations over the migration's
 * window and the warm-up's.
 */
export async function measureOnline(
  kind: DatabaseKind,
  scenario: OnlineScenario,
  variant: Variant,
  options: OnlineBenchOptions,
  log: (line: string) => void,
): Promise<OnlineRun> {
  const db = await freshDatabase(kind);
  try {
    const create = await MigrationProcess.start({
      kind,
      implementation: 'ours',
      version: 1,
      options: {},
      dataSource: db.dataSourceConfig,
    });
    const created = await create.migrate(options.timeoutSeconds);
    if (created.error) throw new Error(`creating version 1: ${created.error}`);
    const loadStarted = performance.now();
    const [, app] = await Promise.all([
      loadTables(db, options.rows),
      MigrationProcess.start({
        kind,
        implementation: variant.implementation,
        version: 2,
        options:
          variant.implementation === 'ours'
            ? {...options.oursOptions, ...variant.options}
            : variant.options,
        dataSource: db.dataSourceConfig,
      }),
    ]);
    const loadMs = performance.now() - loadStarted;
    log(`  loaded ${options.rows} orders in ${Math.round(loadMs)} ms`);
    const load = await Load.connect(db, options);
    try {
      const warmupStart = performance.now();
      load.start();
      await sleep(options.warmupSeconds * 1000);
      const lock =
        scenario === 'long-transaction'
          ? await holdRowLock(db, options.holdSeconds * 1000)
          : undefined;
      await lock?.locked;
      const start = performance.now();
      const migration = await app.migrate(options.timeoutSeconds);
      const end = performance.now();
      const held: HeldLock | undefined = await lock?.done;
      await sleep(options.tailSeconds * 1000);
      const record = await load.stop();
      const window = {start, end};
      const baseline = {start: warmupStart, end: start};
      return {
        kind,
        scenario,
        variant,
        migration,
        during: {
          writes: summarize(record.writes, window),
          reads: summarize(record.reads, window),
        },
        before: {
          writes: summarize(record.writes, baseline),
          reads: summarize(record.reads, baseline),
        },
        held: held && {
          committedMs: held.committed - start,
          error: held.error,
        },
        missing: migration.error ? [] : await missingChanges(db),
      };
    } finally {
      // Stops the loops on a failure too (a second stop changes nothing).
      await load.stop();
    }
  } finally {
    await dropDatabase(db);
  }
}
