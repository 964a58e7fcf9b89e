// The src/migrate.ts that `lb4 app` generates, switched to runMigrationCli:
//   node dist/migrate [--rebuild] [--dry-run] [--check] [--accept-data-loss]
//                     [--models A,B] [--datasources db] [--json] [--help]
// In your app: import {runMigrationCli} from 'loopback-schema-migration';
import {runMigrationCli} from '../../../src';
import {TodoListApplication} from './application';
import {serverFromEnv} from './database';
import {startEmbeddedPostgres} from './embedded-postgres';

main(process.argv.slice(2)).then(code => process.exit(code));

async function main(argv: string[]): Promise<number> {
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

function needsShadow(argv: readonly string[]): boolean {
  const has = (flag: string) =>
    argv.some(arg => arg === flag || arg.startsWith(`${flag}=`));
  return (
    has('--generate') ||
    (has('--check') &&
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
