import type {runMigrationCli as runLoadedCli} from './run-migration-cli';

export type {CliIo, MigratableApplication} from './run-migration-cli';
export {EXIT} from './exit-codes';
export {parseArgs, CliUsageError, type CliRequest} from './args';
export {helpText, USAGE} from './help';

/**
 * The command line for `src/migrate.ts` (what it does: `run-migration-cli.ts`),
 * loaded when it is called: an app that imports the package to migrate at
 * start never loads it.
 *
 * @example
 * ```ts
 * runMigrationCli(() => new TodoListApplication(), process.argv.slice(2))
 *   .then(code => process.exit(code));
 * ```
 */
export const runMigrationCli: typeof runLoadedCli = async (...args) => {
  const cli = await import('./run-migration-cli');
  return cli.runMigrationCli(...args);
};
