import type {Series} from './results';
import type {BenchReport} from './report';
import {
  beyondShare,
  databaseLabel,
  estimate,
  growthExponent,
  ms,
  ratio,
  seriesCell,
  table,
  type Estimate,
} from './format';

/**
 * The scaling section: scenario (b) at each size, with how time and round
 * trips grow with the number of models.
 */
export function scalingSection(report: BenchReport): string[] {
  if (report.scaling.length === 0) return [];
  const env = report.environment;
  const sizes = [...new Set(report.scaling.map(r => r.models))].sort(
    (a, b) => a - b,
  );
  const steps = sizes.slice(1).map((n, i) => `${sizes[i]}→${n}`);
  const rows: string[][] = [];
  for (const kind of report.options.databases) {
    const of = (scenario: string) =>
      sizes.map(n =>
        report.scaling.find(
          r => r.kind === kind && r.models === n && r.scenario === scenario,
        ),
      );
    const results = of('up-to-date');
    const full = of('full-check');
    const lines = [
      ['stock', results.map(r => r?.stock)],
      ['ours', results.map(r => r?.ours)],
      ['ours, `fullCheck: true`', full.map(r => r?.ours)],
    ] as const;
    for (const [impl, series] of lines) {
      if (series.every(s => s === undefined)) continue;
      const growth = steps.length
        ? [
            exponents(sizes, series, 'ms'),
            exponents(sizes, series, 'roundTrips'),
          ]
        : [];
      rows.push([
        databaseLabel(kind, env),
        impl,
        ...series.map(scalingCell),
        ...growth,
        series.map((s, i) => perModel(s, sizes[i])).join(' / '),
      ]);
    }
    const shares = results.map(r => r?.repositories);
    if (shares.some(s => s !== undefined)) {
      const label = databaseLabel(kind, env);
      rows.push(
        timeRow(
          label,
          "LoopBack's share: the repositories resolved alone",
          sizes,
          shares.map(s => estimate(s, 'ms')),
        ),
        timeRow(
          label,
          "ours, `fullCheck: true`, beyond LoopBack's share",
          sizes,
          full.map((r, i) => beyondShare(r?.ours, shares[i])),
        ),
      );
    }
  }
  const killedResults = report.scaling.filter(
    r => r.stock.timedOut || r.ours.timedOut,
  );
  const unique = <T>(values: T[]) => [...new Set(values)].join(',');
  const killed = unique(killedResults.map(r => r.models));
  const killedDbs = unique(killedResults.map(r => r.kind));
  const growthHeader = steps.length
    ? [
        `time grows as N^k (k for ${steps.join(', ')})`,
        `round trips grow as N^k (k for ${steps.join(', ')})`,
      ]
    : [];
  return [
    '## Scaling: (b) up-to-date check at ' + sizes.join(', ') + ' models',
    'Ours answers (b) from its fingerprint fast path, without resolving the ' +
      "repositories (the app's sources are unchanged); the `fullCheck: true` " +
      'row is the same check planned in full, every model diffed against the catalog. ' +
      "*LoopBack's share* is LoopBack resolving the app's repositories alone (which " +
      "attaches the models to the datasource): the first step of stock's " +
      '`migrateSchema()` and of a full check, included in their times; the row *beyond* it is ' +
      "the full check's median minus its median.",
    table(
      [
        'database',
        'implementation',
        ...sizes.map(n => `${n} models`),
        ...growthHeader,
        'round trips per model',
      ],
      rows,
    ),
    'Each cell: median wall time (ms) and round trips (RT). k = 1 means ' +
      'linear growth, k = 2 quadratic; "≥" where the larger size was killed ' +
      `at the time limit (\`--scaling-timeout\` ${report.options.scalingTimeoutSeconds} s). ` +
      (report.options.main
        ? `The ${report.options.models}-model point is scenario (b) above.`
        : '') +
      (killed
        ? ' To measure the killed series to the end, run e.g. ' +
          `\`npm run bench -- --no-main --db ${killedDbs} --scaling ${killed} --scaling-runs 1 --scaling-timeout 3600\`.`
        : ''),
    ...memorySection(report, sizes),
  ];
}

/**
 * Peak memory of the scaling series: the child process's peak resident set
 * size (app built, models defined, check run), stock against ours planned in
 * full and ours on the fast path, at each size.
 */
function memorySection(
  report: BenchReport,
  sizes: readonly number[],
): string[] {
  const rows: string[][] = [];
  for (const kind of report.options.databases) {
    const at = (n: number, scenario: string) =>
      report.scaling.find(
        r => r.kind === kind && r.models === n && r.scenario === scenario,
      );
    for (const n of sizes) {
      const fast = at(n, 'up-to-date');
      const full = at(n, 'full-check');
      if (!fast) continue;
      const stock = estimate(fast.stock, 'peakRssMb');
      rows.push([
        databaseLabel(kind, report.environment),
        String(n),
        seriesCell(fast.stock, 'peakRssMb'),
        full ? seriesCell(full.ours, 'peakRssMb') : '–',
        full ? ratio(estimate(full.ours, 'peakRssMb'), stock) : '–',
        seriesCell(fast.ours, 'peakRssMb'),
        ratio(estimate(fast.ours, 'peakRssMb'), stock),
      ]);
    }
  }
  if (rows.length === 0) return [];
  return [
    '### Peak memory of the scaling series',
    table(
      [
        'database',
        'models',
        'stock peak RSS (MB)',
        'ours, `fullCheck: true` (MB)',
        'ours full / stock',
        'ours, fast path (MB)',
        'ours fast / stock',
      ],
      rows,
    ),
    "Peak resident set size of the benchmark's child process (median of the " +
      'runs): the app built and connected, its models defined, then the check. ' +
      "Stock's column is its up-to-date run (`autoupdate` of every model).",
  ];
}

/**
 * A row of times only (no round trips): LoopBack's share, or a time beyond
 * it; the growth columns when there is more than one size.
 */
function timeRow(
  label: string,
  what: string,
  sizes: readonly number[],
  values: readonly (Estimate | undefined)[],
): string[] {
  const growth = sizes
    .slice(1)
    .map((n, i) => growthExponent(sizes[i], values[i], n, values[i + 1]));
  return [
    label,
    what,
    ...values.map(v => (v ? `${ms(v.value)} ms` : '–')),
    ...(growth.length > 0 ? [growth.join(', '), '–'] : []),
    '–',
  ];
}

function scalingCell(series: Series | undefined): string {
  if (!series) return '–';
  const time = estimate(series, 'ms');
  if (!time) return seriesCell(series, 'ms');
  const trips = estimate(series, 'roundTrips')
    ? `, ${seriesCell(series, 'roundTrips')} RT`
    : '';
  return time.lowerBound
    ? `> ${ms(time.value)} ms (killed)${trips}`
    : `${ms(time.value)} ms${trips}`;
}

function perModel(series: Series | undefined, models: number): string {
  const trips = estimate(series, 'roundTrips');
  if (!trips) return '–';
  return `${trips.lowerBound ? '≥ ' : ''}${(trips.value / models).toFixed(1)}`;
}

function exponents(
  sizes: readonly number[],
  series: readonly (Series | undefined)[],
  field: 'ms' | 'roundTrips',
): string {
  return sizes
    .slice(1)
    .map((n, i) =>
      growthExponent(
        sizes[i],
        estimate(series[i], field),
        n,
        estimate(series[i + 1], field),
      ),
    )
    .join(', ');
}
