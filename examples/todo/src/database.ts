/**
 * Which PostgreSQL the example uses: the server named by `DATABASE_URL` or
 * the `PG*` variables when one is set, else an embedded PostgreSQL started
 * for this process, its data kept in a directory between runs.
 */
import path from 'node:path';
import {startEmbeddedPostgres} from './embedded-postgres';

/** Environment variables; `process.env` by default. */
export type Env = Readonly<Record<string, string | undefined>>;

/** The variables that name a server; any one of them set means "use it". */
export const SERVER_VARIABLES = [
  'DATABASE_URL',
  'PGHOST',
  'PGPORT',
  'PGDATABASE',
] as const;

/** The repository root (this file runs from `dist/examples/todo/src/`). */
const REPOSITORY_ROOT = path.resolve(__dirname, '../../../..');

/**
 * Where the embedded PostgreSQL keeps its data unless `EMBEDDED_PG_DATA`
 * says otherwise: `examples/todo/.data/postgres` of the repository (this
 * file runs from `dist/examples/todo/src/`), ignored by git;
 * `npm run example:reset` deletes it.
 */
export const DEFAULT_EMBEDDED_DATA_DIR = path.resolve(
  __dirname,
  '../../../../examples/todo/.data/postgres',
);

/** The database the app was given. */
export interface Database {
  /** Settings for the `db` datasource (`datasources.config.db`). */
  readonly dataSourceConfig: Readonly<Record<string, unknown>>;
  /** Whether it is the embedded PostgreSQL. */
  readonly embedded: boolean;
  /** Stop the embedded PostgreSQL, if it is one; disconnect first. */
  close(): Promise<void>;
}

/**
 * The settings of the server the environment names: `DATABASE_URL`
 * (`postgres://user:password@host:5432/database`), else `PGHOST`, `PGPORT`,
 * `PGUSER`, `PGPASSWORD`, `PGDATABASE`. `undefined` when none of
 * {@link SERVER_VARIABLES} is set.
 */
export function serverFromEnv(
  env: Env = process.env,
): Record<string, unknown> | undefined {
  if (!SERVER_VARIABLES.some(name => env[name])) return undefined;
  if (env.DATABASE_URL) return {url: env.DATABASE_URL};
  return {
    host: env.PGHOST ?? 'localhost',
    port: Number(env.PGPORT ?? 5432),
    user: env.PGUSER ?? 'postgres',
    password: env.PGPASSWORD ?? '',
    database: env.PGDATABASE ?? 'postgres',
  };
}

/**
 * The database for this process: the configured server, or a new embedded
 * PostgreSQL (announced on stderr, so that `--json` output stays clean).
 */
export async function openDatabase(env: Env = process.env): Promise<Database> {
  const base = {name: 'db', connector: 'postgresql'};
  const server = serverFromEnv(env);
  if (server) {
    return {
      dataSourceConfig: {...base, ...server},
      embedded: false,
      close: async () => undefined,
    };
  }
  const dataDir = env.EMBEDDED_PG_DATA || DEFAULT_EMBEDDED_DATA_DIR;
  // `npm run example:reset` deletes the default directory only.
  const reset =
    dataDir === DEFAULT_EMBEDDED_DATA_DIR
      ? '`npm run example:reset` starts over'
      : 'delete it to start over';
  const started = Date.now();
  const embedded = await startEmbeddedPostgres({dataDir});
  const {host, port} = embedded.settings;
  process.stderr.write(
    `No database configured (${SERVER_VARIABLES.join(', ')}): using an embedded ` +
      `PostgreSQL (PGlite, data kept in ${shownPath(dataDir)}; ${reset}) ` +
      `on ${host}:${port}, ` +
      `started in ${Date.now() - started} ms.\n`,
  );
  return {
    dataSourceConfig: {...base, ...embedded.settings},
    embedded: true,
    close: () => embedded.stop(),
  };
}

/** A directory as the notice shows it: from the repository root when inside it. */
function shownPath(dir: string): string {
  const relative = path.relative(REPOSITORY_ROOT, path.resolve(dir));
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative)
    ? relative
    : path.resolve(dir);
}
