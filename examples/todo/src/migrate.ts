// The src/migrate.ts that `lb4 app` generates, switched to runMigrationCli:
//   node dist/migrate [--rebuild] [--dry-run] [--check] [--accept-data-loss]
//                     [--models A,B] [--datasources db] [--json] [--help]
// In your app: import {runMigrationCli} from 'loopback-schema-migration';
import path from 'node:path';
import {runMigrationCli} from '../../../src';
import {TodoListApplication} from './application';
import {serverFromEnv} from './database';
import {startEmbeddedPostgres} from './embedded-postgres';

/**
 * The example's project root (this file runs from dist/examples/todo/src);
 * `EXAMPLE_PROJECT_ROOT` picks another, e.g. for a test.
 */
const PROJECT_ROOT =
  process.env.EXAMPLE_PROJECT_ROOT ||
  path.resolve(__dirname, '../../../../examples/todo');

main(process.argv.slice(2))
  .then(code => process.exit(code))
  .catch(err => {
    console.error('Cannot migrate database schema', err);
    process.exit(1);
  });

async function main(argv: string[]): Promise<number> {
  // As `npm run migrate` in an app: --generate writes src/migrations/ of
  // the project; the example's files import this repository's source.
  const dataDir = process.env.EMBEDDED_PG_DATA;
  if (dataDir) process.env.EMBEDDED_PG_DATA = path.resolve(dataDir);
  process.chdir(PROJECT_ROOT);
  if (has(argv, '--generate') && !has(argv, '--import-from')) {
    argv = [...argv, '--import-from', '../../../../src'];
  }
  // The embedded PostgreSQL holds one database: a plan on a shadow database
  // (--generate, --check --schema-source scripts) gets a second one, in
  // memory, with --shadow-url. A server gets a temporary database instead.
  const shadow =
    needsShadow(argv) && !serverFromEnv()
      ? await startEmbeddedPostgres()
      : undefined;
  try {
    return await runMigrationCli(
      () => new TodoListApplication(),
      shadow ? [...argv, '--shadow-url', postgresUrl(shadow.settings)] : argv,
    );
  } finally {
    await shadow?.stop();
  }
}

function has(argv: readonly string[], flag: string): boolean {
  return argv.some(arg => arg === flag || arg.startsWith(`${flag}=`));
}

function needsShadow(argv: readonly string[]): boolean {
  return (
    has(argv, '--generate') ||
    (has(argv, '--check') &&
      argv.some(
        (arg, i) =>
          arg === '--schema-source=scripts' ||
          (arg === '--schema-source' && argv[i + 1] === 'scripts'),
      ))
  );
}

function postgresUrl(settings: {
  host: string;
  port: number;
  user: string;
  database: string;
}): string {
  return `postgres://${settings.user}@${settings.host}:${settings.port}/${settings.database}`;
}
