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
  return todoModels().map(spec =>
    spec.name !== 'Todo'
      ? spec
      : {
          ...spec,
          settings: {
            foreignKeys: {
              fk_todo_todoListId: {
                name: 'fk_todo_todoListId',
                entity: 'TodoList',
                entityKey: 'id',
                foreignKey: 'todoListId',
                onDelete: 'explode',
              },
            },
          },
        },
  );
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
