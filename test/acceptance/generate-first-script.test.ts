import {expect} from '@loopback/testlab';
import path from 'node:path';
import {runMigrationCli, type MigrationScriptClass} from '../../src';
import {todoModels, type MigratingApp} from '../support/app-builder';
import {captureIo} from '../support/cli-io';
import {describeEachDatabase, skipOnEmbedded} from '../support/databases';
import {generateProject} from '../support/generate';
import {defineScript} from '../support/scripts';

describeEachDatabase(
  'migrate --generate on an app whose tables the schema sync made',
  db => {
    before(function () {
      skipOnEmbedded(this, db(), 'PGlite holds one database: no shadow one');
    });
    const project = generateProject(db, 'first-script');

    /** A data script written for the tables the schema sync made. */
    const closeTodos = defineScript({
      version: '1.0.0',
      up: ctx =>
        ctx.execute(
          db().kind === 'postgresql'
            ? 'UPDATE todo SET iscomplete = true'
            : 'UPDATE `Todo` SET isComplete = 1',
        ),
    });

    async function generate(scripts: MigrationScriptClass[]) {
      const app: MigratingApp = project.open(todoModels(), scripts);
      const io = captureIo();
      const code = await runMigrationCli(
        () => app,
        [
          '--generate',
          'next',
          '--directory',
          path.join(project.dir, 'src/migrations'),
        ],
        io,
      );
      return {code, out: io.out(), err: io.err()};
    }

    it('says to generate an initial script first when the first script fails on the empty shadow database, which then works', async () => {
      await project.open(todoModels()).migrateSchema({scripts: false});
      const failed = await generate([closeTodos]);
      expect(failed.code).to.equal(1);
      expect(failed.err).to.match(
        /failed in up\(\): .*It ran on the shadow database "lsm_shadow_\w+", .*build, and run again\. It was the first script of datasource "db" to run there: no script made the tables before it\. If the schema sync \(migrateSchema\(\)\) made them in your databases, generate a script of them first, `migrate --generate initial --initial` \(on a new database it runs before the other scripts; where the tables exist it is recorded as applied without running\), build, and run this again\.\n/,
      );
      // As the message says: the initial script, built, makes the tables
      // on the shadow database before the data script.
      const initial = await project.generate(
        project.open(todoModels()),
        'initial',
        '20261203000000',
        {initial: true},
      );
      const built = project.build(initial.file!);
      const next = await generate([closeTodos, ...built]);
      expect(next).to.eql({
        code: 0,
        out: 'No model change: the models match the schema the migration scripts make. Nothing was written.\n',
        err: '',
      });
    });

    it('does not say so when the app has an initial script', async () => {
      const initial = defineScript({
        version: '20261203000000',
        initial: true,
        up: ctx => ctx.execute('SELECT missing_column FROM todolist'),
      });
      const {code, err} = await generate([initial]);
      expect(code).to.equal(1);
      expect(err).to.match(/failed in up\(\): /);
      expect(err).to.not.match(/first script/);
    });

    it('does not say so when a script ran before the one that failed', async () => {
      const first = defineScript({
        version: '0.9.0',
        up: ctx =>
          ctx.execute(
            db().kind === 'postgresql'
              ? 'CREATE TABLE todo (id INT, iscomplete BOOLEAN)'
              : 'CREATE TABLE `Todo` (id INT, isComplete TINYINT)',
          ),
      });
      const failing = defineScript({
        version: '1.0.0',
        up: ctx => ctx.execute('SELECT missing_column FROM todolist'),
      });
      const {code, err} = await generate([first, failing]);
      expect(code).to.equal(1);
      expect(err).to.match(/failed in up\(\): /);
      expect(err).to.not.match(/first script/);
    });
  },
);
