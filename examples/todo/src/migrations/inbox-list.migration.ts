import {repository} from '@loopback/repository';
import {
  migrationScript,
  type MigrationContext,
  type MigrationScript,
} from '../../../../src';
import {TodoListRepository} from '../repositories';

// In your app: import from 'loopback-schema-migration'.
// A versioned migration script, found by the booter in
// migrations/*.migration.js: it seeds a reference row once per database,
// after the schema sync, through the app's own repository; on PostgreSQL
// inside the transaction that also records it in the ledger.
@migrationScript()
export class InboxListMigration implements MigrationScript {
  version = '1.0.0';
  description = 'Create the Inbox list';

  constructor(
    @repository(TodoListRepository) private readonly lists: TodoListRepository,
  ) {}

  async up({transaction}: MigrationContext): Promise<void> {
    const found = await this.lists.findOne(
      {where: {title: 'Inbox'}},
      {transaction},
    );
    if (!found) await this.lists.create({title: 'Inbox'}, {transaction});
  }

  async down({transaction}: MigrationContext): Promise<void> {
    await this.lists.deleteAll({title: 'Inbox'}, {transaction});
  }
}
