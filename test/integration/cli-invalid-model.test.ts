import {expect} from '@loopback/testlab';
import {runMigrationCli} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  todoModels,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {captureIo} from '../support/cli-io';
import {describeEachDatabase} from '../support/databases';

/** The todo models with a foreign key rule no database takes. */
function withUnknownRule(): ModelSpec[] {
  const models = todoModels();
  const todo = models.find(spec => spec.name === 'Todo')!;
  const keys = todo.settings!.foreignKeys as Record<string, object>;
  keys.fk_todo_todoListId = {...keys.fk_todo_todoListId, onDelete: 'explode'};
  return models;
}

describeEachDatabase(
  'the command line on a model the database cannot take',
  db => {
    let app: MigratingApp;
    beforeEach(async () => {
      await dropAllTables(db());
      app = buildApp(
        MigratingApp,
        {db: db().dataSourceConfig},
        withUnknownRule(),
      );
    });
    afterEach(() => closeApp(app));

    it('begins with what it refused, as other refusals do, and exits 4', async () => {
      for (const [args, run] of [
        [['--check'], 'Schema check (update)'],
        [['--dry-run', '--rebuild'], 'Schema plan (rebuild)'],
        [[], 'Schema migration (update)'],
      ] as const) {
        const io = captureIo();
        expect(await runMigrationCli(() => app, [...args], io)).to.equal(4);
        const [heading, detail] = io.err().split('\n');
        expect(heading).to.equal(
          `${run} refused before any schema change: a model the database cannot take as declared:`,
        );
        expect(detail).to.match(
          /^model Todo: foreign key "fk_todo_todoListId" .*"explode"/,
        );
      }
      expect(await tables(db())).to.eql([]);
    });
  },
);
