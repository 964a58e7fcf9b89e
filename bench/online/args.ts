import type {DatabaseKind} from '../../test/support/databases';
import {UsageError} from '../args';
import {
  ONLINE_SCENARIOS,
  VARIANTS,
  type OnlineScenario,
  type VariantName,
} from './variants';

/** The settings of one online benchmark run, from the command line. */
export interface OnlineBenchOptions {
  /** Orders loaded before each migration (`--rows`). */
  readonly rows: number;
  /** Writer connections (`--writers`). */
  readonly writers: number;
  /** Reader connections (`--readers`). */
  readonly readers: number;
  /** Pause between two operations of one connection, ms (`--pause-ms`). */
  readonly pauseMs: number;
  /** Load before the migration starts, the baseline, s (`--warmup`). */
  readonly warmupSeconds: number;
  /** Load after the migration (and the long transaction) ended, s (`--tail`). */
  readonly tailSeconds: number;
  /** How long the long transaction holds its row lock, s (`--hold`). */
  readonly holdSeconds: number;
  /** A migration slower than this is killed and reported so (`--timeout`, s). */
  readonly timeoutSeconds: number;
  /** Seeds the load's choices (`--seed`). */
  readonly seed: number;
  readonly databases: readonly DatabaseKind[];
  readonly variants: readonly VariantName[];
  readonly scenarios: readonly OnlineScenario[];
  /** More options for ours' `migrateSchema()`, both ours columns (`--options`, JSON). */
  readonly oursOptions: Readonly<Record<string, unknown>>;
  /** The report whose online section is written (`--out`). */
  readonly out: string;
}

/** The flags, their defaults and meaning, as `--help` prints them. */
export const ONLINE_USAGE = `Usage: npm run bench:online -- [flags]

  --rows N              orders loaded before each migration      (default 1000000)
  --writers N           writer connections (inserts + updates)   (default 4)
  --readers N           reader connections (point selects)       (default 1)
  --pause-ms MS         pause between two operations of a connection (default 1)
  --warmup S            load before the migration (the baseline)  (default 2)
  --tail S              load after the migration ended            (default 1)
  --hold S              the long transaction's row lock, seconds  (default 5)
  --timeout S           kill a migration after S seconds          (default 180)
  --seed N              seed of the load's ids and values         (default 13)
  --db LIST             postgresql,mysql or one of them           (default both)
  --variants LIST       stock,ours,ours-offline or some of them   (default all)
  --scenarios LIST      load,long-transaction or one of them      (default both)
  --options JSON        more options for ours' migrateSchema(), e.g.
                        '{"statementLockTimeoutMs":200}'          (default {})
  --out FILE            the report (only its online section is replaced)
                                                        (default bench/RESULTS.md)
  --help                this text`;

const DEFAULTS: OnlineBenchOptions = {
  rows: 1_000_000,
  writers: 4,
  readers: 1,
  pauseMs: 1,
  warmupSeconds: 2,
  tailSeconds: 1,
  holdSeconds: 5,
  timeoutSeconds: 180,
  seed: 13,
  databases: ['postgresql', 'mysql'],
  variants: VARIANTS.map(v => v.name),
  scenarios: ONLINE_SCENARIOS,
  oursOptions: {},
  out: 'bench/RESULTS.md',
};

/**
 * Parse the command line (`process.argv.slice(2)`). Returns `undefined`
 * for `--help`.
 *
 * @throws UsageError for an unknown flag or a bad value
 */
export function parseOnlineArgs(
  argv: readonly string[],
): OnlineBenchOptions | undefined {
  const options: {
    -readonly [K in keyof OnlineBenchOptions]: OnlineBenchOptions[K];
  } = {...DEFAULTS};
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
      case '--rows':
        options.rows = count(flag, value(), 2);
        break;
      case '--writers':
        options.writers = count(flag, value(), 1);
        break;
      case '--readers':
        options.readers = count(flag, value(), 1);
        break;
      case '--pause-ms':
        options.pauseMs = count(flag, value(), 0);
        break;
      case '--warmup':
        options.warmupSeconds = count(flag, value(), 1);
        break;
      case '--tail':
        options.tailSeconds = count(flag, value(), 1);
        break;
      case '--hold':
        options.holdSeconds = count(flag, value(), 1);
        break;
      case '--timeout':
        options.timeoutSeconds = count(flag, value(), 1);
        break;
      case '--seed':
        options.seed = count(flag, value(), 0);
        break;
      case '--db':
        options.databases = list(flag, value(), ['postgresql', 'mysql']);
        break;
      case '--variants':
        options.variants = list(
          flag,
          value(),
          VARIANTS.map(v => v.name),
        );
        break;
      case '--scenarios':
        options.scenarios = list(flag, value(), ONLINE_SCENARIOS);
        break;
      case '--options':
        options.oursOptions = jsonObject(flag, value());
        break;
      case '--out':
        options.out = value();
        break;
      default:
        throw new UsageError(`unknown flag ${flag}\n\n${ONLINE_USAGE}`);
    }
  }
  return options;
}

function count(flag: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) {
    throw new UsageError(`${flag} wants an integer >= ${min}, not "${text}"`);
  }
  return n;
}

function jsonObject(flag: string, text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`${flag} wants a JSON object, not "${text}"`);
  }
  return parsed as Record<string, unknown>;
}

function list<T extends string>(
  flag: string,
  text: string,
  allowed: readonly T[],
): T[] {
  const values = text.split(',').map(v => v.trim());
  for (const v of values) {
    if (!(allowed as readonly string[]).includes(v)) {
      throw new UsageError(`${flag} wants ${allowed.join(', ')}, not "${v}"`);
    }
  }
  return allowed.filter(a => values.includes(a));
}
