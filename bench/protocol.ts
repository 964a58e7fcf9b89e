import type {QueryCounts} from './counters';
import type {MemoryUse} from './memory';
import type {ForeignKeySpelling, Scenario} from './models';

/**
 * What is measured: stock `migrateSchema()`, ours, or `repositories`:
 * LoopBack resolving the app's repositories alone (attaching the models to
 * their datasources), the first thing both implementations' calls do.
 */
export type Implementation = 'stock' | 'ours' | 'repositories';

/** What the parent asks a measuring child process to do. */
export interface MeasureJob {
  readonly implementation: Implementation;
  readonly scenario: Scenario;
  readonly models: number;
  readonly spelling: ForeignKeySpelling;
  /** The juggler datasource settings of the database to migrate. */
  readonly dataSource: Record<string, unknown>;
}

/** One measured `migrateSchema()` call. */
export interface Measurement extends QueryCounts, MemoryUse {
  /** Wall time of the call, ms. */
  readonly ms: number;
}

/** Messages from a measuring child to its parent. */
export type ChildMessage =
  | {readonly type: 'started'}
  | {readonly type: 'measured'; readonly measurement: Measurement}
  | {
      readonly type: 'failed';
      readonly error: string;
      /** Set when the measured call itself failed (not the set-up). */
      readonly measurement?: Measurement;
    }
  | {
      /** The answer to {@link AbortRequest}: what the unfinished call did so far. */
      readonly type: 'partial';
      readonly measurement: Measurement;
    };

/** Sent to a child whose measured call runs too long, before it is killed. */
export interface AbortRequest {
  readonly type: 'abort';
}

/** Type guard for a message from a child. */
export function isChildMessage(value: unknown): value is ChildMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type: unknown = Reflect.get(value, 'type');
  return (
    type === 'started' ||
    type === 'measured' ||
    type === 'failed' ||
    type === 'partial'
  );
}
