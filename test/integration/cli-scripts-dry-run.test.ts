import {expect} from '@loopback/testlab';
import {runMigrationCli, type MigrationScriptClass} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {captureIo} from '../support/cli-io';
import {describeEachDatabase} from '../support/databases';
import {defineScript, NOTE_MODEL, noteTable} from '../support/scripts';

/** `Note` whose `text` became a number: 'abc' cannot be converted. */
const NUMBER_NOTE: ModelSpec = {
  ...NOTE_MODEL,
  properties: {...NOTE_MODEL.properties, text: {type: 'number'}},
};

describeEachDatabase(
  'the command line dry run of a scripts-only deploy',
  db => {
    const run = async (
      models: ModelSpec[],
      argv: string[],
      scripts: MigrationScriptClass[] = [],
    ) => {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
      for (const script of scripts) app.migrationScript(script);
      const io = captureIo();
      try {
        const code = await runMigrationCli(() => app, argv, io);
        return {code, out: io.out(), err: io.err()};
      } finally {
        await closeApp(app);
      }
    };

    // It printed "1 statement(s) will fail" and "-- WILL FAIL" for a statement
    // the deploy never runs.
    it("calls the models' statements drift the deploy does not run, one that would fail included", async () => {
      await dropAllTables(db());
      expect((await run([NOTE_MODEL], [])).code).to.equal(0);
      await db().query(
        `INSERT INTO ${noteTable(db().kind)} (text) VALUES ('abc')`,
      );
      const pending = defineScript({
        version: '1.0.0',
        up: ctx => ctx.execute('SELECT 1'),
      });
      const {code, out} = await run(
        [NUMBER_NOTE],
        ['--dry-run', '--schema-source', 'scripts'],
        [pending],
      );
      expect(code).to.equal(0);
      const drift =
        /^-- datasource db \(\w+\): (\d+) statement\(s\) of drift from the models, which a scripts-only deploy does not run \((\d+) would fail if run\)$/m.exec(
          out,
        );
      expect(drift?.[2]).to.equal('1');
      expect(out).to.startWith(
        'Schema plan (scripts only, dry run: nothing was changed): ' +
          `${drift?.[1]} statement(s) of drift from the models, which a ` +
          'scripts-only deploy does not run (1 would fail if run)\n',
      );
      expect(out).to.match(
        /^-- WOULD FAIL \(not run\): 1 stored value of column "text"(?: \(id \d+\))? cannot be converted to /m,
      );
      expect(out).to.not.match(/will fail|WILL FAIL|changes pending/i);
    });
  },
);
