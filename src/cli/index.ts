export {
  runMigrationCli,
  EXIT,
  type CliIo,
  type MigratableApplication,
} from './run-migration-cli';
export {
  parseArgs,
  helpText,
  USAGE,
  CliUsageError,
  type CliRequest,
} from './args';
