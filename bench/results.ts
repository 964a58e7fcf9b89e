import type {DatabaseKind} from '../test/support/databases';
import type {Scenario} from './models';
import type {Implementation, Measurement} from './protocol';

/** The runs of one implementation in one scenario. */
export interface Series {
  readonly implementation: Implementation;
  /** The successful runs, in order. */
  readonly runs: Measurement[];
  /** Why the series stopped early (a failed or timed-out run). */
  stopped?: string;
  /** Why the series was not run at all. */
  skipped?: string;
  /** Set when a run was killed for running too long: the limit, and what it had done. */
  timedOut?: {readonly seconds: number; readonly partial?: Measurement};
  /** What the checks after each run found wrong. */
  readonly notes: string[];
}

/** One scenario on one database: both implementations, same schemas. */
export interface ScenarioResult {
  readonly kind: DatabaseKind;
  readonly scenario: Scenario;
  readonly models: number;
  readonly stock: Series;
  readonly ours: Series;
  /**
   * LoopBack resolving the repositories alone: the share of both
   * implementations' time that is LoopBack's (measured where the plan asks).
   */
  readonly repositories?: Series;
  /** Scenario (a): the server's own client running scripts (see {@link Floor}). */
  readonly floors?: Floor[];
}

/** A script the server's own client runs on a fresh database, run after run. */
export interface Floor {
  /** What the script holds, in words. */
  readonly label: string;
  /** How many statements it holds. */
  readonly statements: number;
  /** The wall time of the client process, ms, run by run. */
  readonly ms: number[];
}

/** An empty series. */
export function newSeries(implementation: Implementation): Series {
  return {implementation, runs: [], notes: []};
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The fields of a measurement that are numbers. */
export type NumericField = Exclude<keyof Measurement, 'ddlSamples'>;

/** The median of one field over a series' runs. */
export function medianOf(series: Series, field: NumericField): number {
  return median(series.runs.map(m => m[field]));
}
