/**
 * Pure figures over the operations the load recorded: stalls, percentiles,
 * throughput. Times are `performance.now()` milliseconds of one process.
 */

/** One operation of the load: when it was sent and when its answer came. */
export interface TimedOp {
  readonly start: number;
  readonly end: number;
  /** Set when the database answered with an error. */
  readonly error?: string;
}

/** A span of time, e.g. the migration's, ms. */
export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

/** What one kind of operation (reads or writes) saw during a window. */
export interface OpSummary {
  /** Operations that overlapped the window. */
  readonly ops: number;
  /** Of those, the ones the database answered with an error. */
  readonly errors: number;
  /** The first error message, if any. */
  readonly firstError?: string;
  /** The longest stall: see {@link longestStall}, ms. */
  readonly stallMs: number;
  /** The 99th percentile latency of the operations that overlapped the window, ms. */
  readonly p99Ms: number;
  /** The median latency, ms. */
  readonly p50Ms: number;
  /** Operations completed in the window per second. */
  readonly perSecond: number;
}

/**
 * The nearest-rank percentile `p` (0 < p <= 100) of some values; `NaN`
 * when there are none.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

/** Whether an operation was in flight at some moment of the window. */
export function overlaps(op: TimedOp, window: TimeWindow): boolean {
  return op.start < window.end && op.end > window.start;
}

/**
 * The longest time, around the window, that the app waited on the
 * database: the larger of the longest latency of an operation in flight
 * during the window and the longest gap between two consecutive
 * completions that overlaps it (the gap is anchored on the last completion
 * before the window and the first one after it, or on the window's edges
 * when there is none). With several connections, the gap catches a stall
 * that hits them all even when each single latency looks short.
 */
export function longestStall(
  ops: readonly TimedOp[],
  window: TimeWindow,
): number {
  let stall = 0;
  for (const op of ops) {
    if (overlaps(op, window)) stall = Math.max(stall, op.end - op.start);
  }
  const ends = ops.map(op => op.end).sort((a, b) => a - b);
  const before = ends.filter(end => end <= window.start);
  const after = ends.filter(end => end >= window.end);
  const marks = [
    before.length ? before[before.length - 1] : window.start,
    ...ends.filter(end => end > window.start && end < window.end),
    after.length ? after[0] : window.end,
  ];
  for (let i = 1; i < marks.length; i++) {
    stall = Math.max(stall, marks[i] - marks[i - 1]);
  }
  return stall;
}

/** The figures of one kind of operation during a window. */
export function summarize(
  ops: readonly TimedOp[],
  window: TimeWindow,
): OpSummary {
  const during = ops.filter(op => overlaps(op, window));
  const latencies = during.map(op => op.end - op.start);
  const failed = during.filter(op => op.error !== undefined);
  const completed = ops.filter(
    op => op.end > window.start && op.end <= window.end,
  ).length;
  const seconds = (window.end - window.start) / 1000;
  return {
    ops: during.length,
    errors: failed.length,
    firstError: failed[0]?.error,
    stallMs: longestStall(ops, window),
    p99Ms: percentile(latencies, 99),
    p50Ms: percentile(latencies, 50),
    perSecond: seconds > 0 ? completed / seconds : Number.NaN,
  };
}
