import type {DatabaseKind} from '../test/support/databases';
import type {Environment} from './environment';
import {changedModelIndexes, type Scenario} from './models';
import {medianOf, type NumericField, type Series} from './results';

/** A markdown table. */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join(
    '\n',
  );
}

/** The database's name for people: PostgreSQL, MariaDB or MySQL. */
export function databaseLabel(kind: DatabaseKind, env: Environment): string {
  if (kind === 'postgresql') return 'PostgreSQL';
  return /mariadb/i.test(env.servers.mysql ?? '') ? 'MariaDB' : 'MySQL';
}

/** The scenario's title. */
export function scenarioTitle(scenario: Scenario, models: number): string {
  switch (scenario) {
    case 'fresh':
      return `(a) Fresh create: empty database → full schema of ${models} models`;
    case 'up-to-date':
      return `(b) Up-to-date check: the schema of ${models} models is already current`;
    case 'add-property':
      return `(c) One property added to ${changedModelIndexes(models).length} of ${models} models`;
    case 'full-check':
      return `(b) planned in full (\`fullCheck: true\`): the schema of ${models} models is already current`;
  }
}

/** Milliseconds, rounded; `–` when there are none. */
export function ms(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value)) : '–';
}

/**
 * A series' median of a field; for a series whose first run was killed, a
 * lower bound (the time limit, or what the run had done by then).
 */
export interface Estimate {
  readonly value: number;
  readonly lowerBound: boolean;
}

/**
 * The fields that only grow while a call runs, so that what a killed run had
 * reached is a lower bound of what it would have reached.
 */
const GROWING: ReadonlySet<NumericField> = new Set<NumericField>([
  'roundTrips',
  'ddl',
  'peakRssMb',
]);

/** The {@link Estimate} of a field of a series, if there is one. */
export function estimate(
  series: Series | undefined,
  field: NumericField,
): Estimate | undefined {
  if (!series) return undefined;
  if (series.runs.length > 0) {
    return {value: medianOf(series, field), lowerBound: false};
  }
  const killed = series.timedOut;
  if (!killed) return undefined;
  if (field === 'ms') return {value: killed.seconds * 1000, lowerBound: true};
  if (killed.partial && GROWING.has(field)) {
    return {value: killed.partial[field], lowerBound: true};
  }
  return undefined;
}

/** A table cell for a series' field: its median, a bound, or why there is none. */
export function seriesCell(
  series: Series,
  field: NumericField,
  digits = 0,
): string {
  const e = estimate(series, field);
  if (!e) {
    if (series.skipped) return 'skipped';
    if (series.timedOut) return 'killed';
    return series.stopped ? 'FAILED' : '–';
  }
  const text = digits ? e.value.toFixed(digits) : String(Math.round(e.value));
  if (!e.lowerBound) return text;
  return field === 'ms' ? `> ${text} (killed)` : `≥ ${text}`;
}

/** `a / b` as a factor, bounded when one side is a bound. */
export function ratio(
  a: Estimate | undefined,
  b: Estimate | undefined,
): string {
  if (!a || !b || b.value === 0 || (a.lowerBound && b.lowerBound)) return '–';
  const r = a.value / b.value;
  const prefix = a.lowerBound ? '> ' : b.lowerBound ? '< ' : '';
  return `${prefix}${r.toFixed(r >= 10 ? 1 : 2)}×`;
}

/**
 * A series' median time minus LoopBack's share (the repositories resolved
 * alone, `ScenarioResult.repositories`): what the implementation
 * spent beyond it. `undefined` unless both are measured medians.
 */
export function beyondShare(
  series: Series | undefined,
  share: Series | undefined,
): Estimate | undefined {
  const total = estimate(series, 'ms');
  const own = estimate(share, 'ms');
  if (!total || !own || total.lowerBound || own.lowerBound) return undefined;
  return {value: total.value - own.value, lowerBound: false};
}

/** An exact value as an {@link Estimate}; `undefined` for `NaN`. */
export function exact(value: number): Estimate | undefined {
  return Number.isFinite(value) ? {value, lowerBound: false} : undefined;
}

/**
 * How fast a quantity grows with N between two sizes: the k of y ∝ N^k,
 * `≥ k` when the larger size's value is a lower bound.
 */
export function growthExponent(
  n1: number,
  y1: Estimate | undefined,
  n2: number,
  y2: Estimate | undefined,
): string {
  if (!y1 || !y2 || y1.lowerBound || y1.value <= 0 || y2.value <= 0) {
    return '–';
  }
  const k = Math.log(y2.value / y1.value) / Math.log(n2 / n1);
  if (!y2.lowerBound) return k.toFixed(2);
  // A bound below the smaller size's value says nothing.
  return k > 0 ? `≥ ${k.toFixed(2)}` : '–';
}
