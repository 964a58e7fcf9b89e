import type {DatabaseKind} from '../test/support/databases';

/** The settings of one benchmark run, from the command line. */
export interface BenchOptions {
  /** Models in the main scenarios (`--models`). */
  readonly models: number;
  /** Measured runs per implementation and scenario (`--runs`). */
  readonly runs: number;
  /** Whether scenarios (a), (b), (c) run (`--no-main` turns them off). */
  readonly main: boolean;
  /** Model counts of the up-to-date scaling series (`--scaling`); empty with `--no-scaling`. */
  readonly scaling: readonly number[];
  /**
   * Models of the large point (`--large`; 0 with `--no-large`): a fresh
   * create and an up-to-date check, ours only, `scalingRuns` runs each.
   */
  readonly large: number;
  /** Measured runs per implementation at each scaling size (`--scaling-runs`). */
  readonly scalingRuns: number;
  /** Stock LoopBack is not run above this many models in the scaling series (`--stock-max-models`). */
  readonly stockMaxModels: number;
  /** A measured call slower than this (seconds) is stopped and its series abandoned (`--timeout`). */
  readonly timeoutSeconds: number;
  /** The same limit for the scaling series (`--scaling-timeout`). */
  readonly scalingTimeoutSeconds: number;
  /** The databases to benchmark (`--db postgresql,mysql`). */
  readonly databases: readonly DatabaseKind[];
  /** Where the markdown report is written (`--out`). */
  readonly out: string;
}

/** The flags, their defaults and meaning, as `--help` prints them. */
export const USAGE = `Usage: npm run bench -- [flags]

  --models N            models in scenarios (a), (b), (c)          (default 200)
  --runs R              measured runs per implementation, >= 1     (default 5)
  --no-main             skip scenarios (a), (b), (c): scaling only
  --scaling A,B,C       model counts of the up-to-date scaling run (default 50,200,1000)
  --no-scaling          skip the scaling run
  --scaling-runs R      measured runs per implementation and size,
                        also of the large point                    (default 3)
  --large N             models of the large point: fresh create and
                        up-to-date check, ours only                (default 5000)
  --no-large            skip the large point
  --stock-max-models M  do not run stock above M models in scaling (default: no cap)
  --timeout S           stop a measured call after S seconds and
                        abandon that series                        (default 300)
  --scaling-timeout S   the same for the scaling run               (default 60)
  --db LIST             postgresql,mysql or one of them            (default both)
  --out FILE            the report                        (default bench/RESULTS.md)
  --help                this text`;

const DEFAULTS: BenchOptions = {
  models: 200,
  runs: 5,
  main: true,
  scaling: [50, 200, 1000],
  scalingRuns: 3,
  large: 5000,
  stockMaxModels: Number.POSITIVE_INFINITY,
  timeoutSeconds: 300,
  scalingTimeoutSeconds: 60,
  databases: ['postgresql', 'mysql'],
  out: 'bench/RESULTS.md',
};

/** Thrown for a bad command line; the message says what is wrong. */
export class UsageError extends Error {}

/**
 * Parse the command line (`process.argv.slice(2)`). Returns `undefined`
 * for `--help`.
 *
 * @throws UsageError for an unknown flag or a bad value
 */
export function parseArgs(argv: readonly string[]): BenchOptions | undefined {
  const options: {-readonly [K in keyof BenchOptions]: BenchOptions[K]} = {
    ...DEFAULTS,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--help':
        return undefined;
      case '--models':
        options.models = positiveInt(flag, value());
        break;
      case '--runs':
        options.runs = positiveInt(flag, value());
        break;
      case '--no-main':
        options.main = false;
        break;
      case '--scaling':
        options.scaling = value()
          .split(',')
          .map(v => positiveInt(flag, v.trim()));
        break;
      case '--no-scaling':
        options.scaling = [];
        break;
      case '--large':
        options.large = positiveInt(flag, value());
        break;
      case '--no-large':
        options.large = 0;
        break;
      case '--scaling-runs':
        options.scalingRuns = positiveInt(flag, value());
        break;
      case '--stock-max-models':
        options.stockMaxModels = positiveInt(flag, value());
        break;
      case '--timeout':
        options.timeoutSeconds = positiveInt(flag, value());
        break;
      case '--scaling-timeout':
        options.scalingTimeoutSeconds = positiveInt(flag, value());
        break;
      case '--db':
        options.databases = value()
          .split(',')
          .map(v => databaseKind(v.trim()));
        break;
      case '--out':
        options.out = value();
        break;
      default:
        throw new UsageError(`unknown flag ${flag}\n\n${USAGE}`);
    }
  }
  return options;
}

function positiveInt(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    throw new UsageError(`${flag} wants a positive integer, not "${text}"`);
  }
  return n;
}

function databaseKind(text: string): DatabaseKind {
  if (text === 'postgresql' || text === 'mysql') return text;
  throw new UsageError(`--db wants postgresql and/or mysql, not "${text}"`);
}
