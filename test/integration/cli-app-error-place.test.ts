import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {runMigrationCli} from '../../src';
import {closeApp} from '../support/app-builder';
import {captureIo} from '../support/cli-io';
import {describeEachDatabase} from '../support/databases';
import {
  BootedApp,
  writeProject,
  type WrittenProject,
} from '../support/migration-files';

describeEachDatabase(
  'the command line says where the app failed to boot',
  db => {
    let project: WrittenProject;
    let app: BootedApp | undefined;
    beforeEach(() => (project = writeProject()));
    afterEach(async () => {
      if (app) await closeApp(app);
      app = undefined;
      project.remove();
    });

    /** Run the migrate command on the written project's app. */
    async function migrate(argv: string[]) {
      app = new BootedApp(project.dist);
      app.dataSource(
        new juggler.DataSource({name: 'db', ...db().dataSourceConfig}),
      );
      const io = captureIo();
      const code = await runMigrationCli(() => app!, argv, io);
      return {code, err: io.err()};
    }

    it('names the file and line of a syntax error in a compiled file', async () => {
      // A half-written build: Node's message names no file.
      project.write({
        'repositories/review.repository.js':
          "'use strict';\nexports.ReviewRepository = class {\n;\n",
      });
      const {code, err} = await migrate([]);
      expect(code).to.equal(1);
      expect(err).to.match(/^Migration failed: Unexpected end of input\n/);
      expect(err).to.match(
        /\nThrown at \S*dist\/repositories\/review\.repository\.js:\d+ \(--verbose prints the whole stack\)\.\n$/,
      );
    });

    it("names the first frame of another error of the app's code", async () => {
      project.write({
        'repositories/note.repository.js':
          "'use strict';\nconst model = undefined;\nexports.NoteRepository = model.definition;\n",
      });
      const {code, err} = await migrate([]);
      expect(code).to.equal(1);
      expect(err).to.match(
        /^Migration failed: Cannot read properties of undefined \(reading 'definition'\)\n/,
      );
      expect(err).to.match(
        /\nThrown at .*dist\/repositories\/note\.repository\.js:3:\d+\)? \(--verbose prints the whole stack\)\.\n$/,
      );
    });

    it('--verbose prints the stack instead', async () => {
      project.write({
        'repositories/note.repository.js':
          "'use strict';\nconst model = undefined;\nexports.NoteRepository = model.definition;\n",
      });
      const {err} = await migrate(['--verbose']);
      expect(err).to.not.match(/Thrown at/);
      expect(err).to.match(/\n {4}at .*note\.repository\.js:3:\d+/);
    });
  },
);
