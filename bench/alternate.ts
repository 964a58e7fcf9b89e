import type {DatabaseKind, TestDatabase} from '../test/support/databases';
import {endOtherSessions} from './databases';
import type {ForeignKeySpelling, Scenario} from './models';
import type {Implementation} from './protocol';
import {newSeries, type Series} from './results';
import {measureInChild, type Outcome} from './spawn';

/** What the benchmark's steps share: settings and a progress log. */
export interface BenchContext {
  /** A measured call slower than this is killed, in seconds. */
  readonly timeoutSeconds: number;
  /** A directory for scripts, removed at the end. */
  readonly workDir: string;
  /** Print a progress line. */
  log(line: string): void;
}

/** How one scenario gets its database and checks a run. */
export interface RunHooks {
  /** The database the next run of `implementation` migrates, in its starting state. */
  before(implementation: Implementation): Promise<TestDatabase>;
  /**
   * Check what a run did and put the state back (or drop the database);
   * returns what was found wrong.
   */
  after(
    db: TestDatabase,
    implementation: Implementation,
    outcome: Outcome,
  ): Promise<string[]>;
  /** Runs after each stock/ours pair (the PostgreSQL floor of scenario (a)). */
  afterPair?(run: number): Promise<void>;
}

/** One scenario on one database: what is measured, and how often. */
export interface SeriesPlan {
  readonly kind: DatabaseKind;
  readonly scenario: Scenario;
  readonly models: number;
  readonly spelling: ForeignKeySpelling;
  readonly runs: number;
  /** Set to leave stock out, saying why. */
  readonly skipStock?: string;
  /** Overrides the context's limit for one measured call, seconds. */
  readonly timeoutSeconds?: number;
  /**
   * Also measure LoopBack resolving the repositories alone, after each
   * stock/ours pair: the share of both implementations' time that is
   * LoopBack's own.
   */
  readonly repositories?: boolean;
}

/**
 * Measure stock and ours alternately, run by run (stock, ours, stock,
 * ours, ...; with `repositories`, stock, ours, repositories, ...), each run
 * in a fresh process on a database in the same starting state. A failed or
 * timed-out run ends that implementation's series; the others carry on.
 */
export async function alternate(
  ctx: BenchContext,
  plan: SeriesPlan,
  hooks: RunHooks,
): Promise<{stock: Series; ours: Series; repositories?: Series}> {
  const series = {
    stock: newSeries('stock'),
    ours: newSeries('ours'),
    repositories: newSeries('repositories'),
  };
  if (plan.skipStock) series.stock.skipped = plan.skipStock;
  const implementations = plan.repositories
    ? (['stock', 'ours', 'repositories'] as const)
    : (['stock', 'ours'] as const);
  const label = `${plan.kind} ${plan.scenario} ${plan.models} models`;
  for (let run = 1; run <= plan.runs; run++) {
    for (const implementation of implementations) {
      const current = series[implementation];
      if (current.skipped || current.stopped) continue;
      const db = await hooks.before(implementation);
      const outcome = await measureInChild(
        {
          implementation,
          scenario: plan.scenario,
          models: plan.models,
          spelling: plan.spelling,
          dataSource: db.dataSourceConfig,
        },
        plan.timeoutSeconds ?? ctx.timeoutSeconds,
      );
      if (outcome.status === 'timed-out') await endOtherSessions(db);
      const problems = await hooks.after(db, implementation, outcome);
      current.notes.push(...problems.map(p => `run ${run}: ${p}`));
      ctx.log(
        `[${label}] run ${run}/${plan.runs} ${implementation}: ${describe(outcome)}`,
      );
      if (outcome.status === 'measured') {
        current.runs.push(outcome.measurement);
      } else if (outcome.status === 'failed') {
        current.stopped = `run ${run} failed: ${outcome.error}`;
      } else {
        current.stopped = `run ${run} was still running after ${outcome.seconds} s and was killed`;
        current.timedOut = {
          seconds: outcome.seconds,
          partial: outcome.partial,
        };
      }
    }
    await hooks.afterPair?.(run);
  }
  const {repositories, ...measured} = series;
  return plan.repositories ? {...measured, repositories} : measured;
}

function describe(outcome: Outcome): string {
  switch (outcome.status) {
    case 'measured': {
      const m = outcome.measurement;
      return `${Math.round(m.ms)} ms, ${m.roundTrips} round trips (${m.ddl} DDL), heap +${m.heapGrowthMb} MB, peak RSS ${m.peakRssMb} MB`;
    }
    case 'failed':
      return `FAILED: ${outcome.error.split('\n')[0]}`;
    case 'timed-out':
      return (
        `killed after ${outcome.seconds} s` +
        (outcome.partial
          ? ` (${outcome.partial.roundTrips} round trips so far)`
          : '')
      );
  }
}
