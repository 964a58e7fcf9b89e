export {
  runMigrationCli,
  type CliIo,
  type MigratableApplication,
} from './run-migration-cli';
export {EXIT} from './exit-codes';
export {parseArgs, CliUsageError, type CliRequest} from './args';
export {helpText, USAGE} from './help';
