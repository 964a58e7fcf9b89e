export {
  runMigrationCli,
  EXIT,
  type CliIo,
  type MigratableApplication,
} from './run-migration-cli';
export {parseArgs, CliUsageError, type CliRequest} from './args';
export {helpText, USAGE} from './help';
