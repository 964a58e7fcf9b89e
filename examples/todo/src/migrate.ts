// The src/migrate.ts that `lb4 app` generates, switched to runMigrationCli:
//   node dist/migrate [--rebuild] [--dry-run] [--check] [--accept-data-loss]
//                     [--models A,B] [--datasources db] [--json] [--help]
// In your app: import {runMigrationCli} from 'loopback-schema-migration';
import {runMigrationCli} from '../../../src';
import {TodoListApplication} from './application';

runMigrationCli(() => new TodoListApplication(), process.argv.slice(2)).then(
  code => process.exit(code),
);
