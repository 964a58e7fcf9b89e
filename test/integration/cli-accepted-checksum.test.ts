import {expect} from '@loopback/testlab';
import {runMigrationCli, type MigrationScriptClass} from '../../src';
import {scriptChecksum} from '../../src/scripts/checksum';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {captureIo} from '../support/cli-io';
import {describeEachDatabase, type TestDatabase} from '../support/databases';
import {defineScript, NOTE_MODEL, type ScriptSpec} from '../support/scripts';

/** The checksum the ledger holds for script 1.0.0. */
async function ledgerChecksum(db: TestDatabase): Promise<string> {
  const [{checksum}] = await db.query<{checksum: string}>(
    "SELECT checksum FROM schema_migration_scripts WHERE version = '1.0.0'",
  );
  return checksum;
}

describeEachDatabase(
  'the command line accepting the changed code of an applied script',
  db => {
    const run = async (script: MigrationScriptClass, argv: string[]) => {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        NOTE_MODEL,
      ]);
      app.migrationScript(script);
      const io = captureIo();
      try {
        return {code: await runMigrationCli(() => app, argv, io), io};
      } finally {
        await closeApp(app);
      }
    };

    // The ledger's checksum changed without a word in the report: none in
    // its warnings, and, for a before-schema script (run before the
    // datasource's result is made), none at all.
    for (const runs of ['after-schema', 'before-schema'] as const) {
      it(`names the script and both checksums in the report's warnings, printed and in --json (${runs})`, async () => {
        await dropAllTables(db());
        // Three codes of one script (its checksum is of the source text).
        const script = (up: ScriptSpec['up']) =>
          defineScript({version: '1.0.0', runs, up});
        const applied = script(ctx => ctx.execute('SELECT 1'));
        const edited = script(ctx => ctx.execute('SELECT 2'));
        const again = script(ctx => ctx.execute('SELECT 3'));
        expect((await run(applied, [])).code).to.equal(0);
        const old = await ledgerChecksum(db());

        const {code, io} = await run(edited, ['--accept-checksum-changes']);
        expect(code).to.equal(0);
        const now = await ledgerChecksum(db());
        expect(now).to.not.equal(old);
        expect(io.out()).to.containEql(
          `warning: the changed code of applied migration script 1.0.0 (Script_1_0_0) ` +
            `on datasource "db" was accepted: checksum ${old} in the ledger, ${now} now, ` +
            'which is recorded; it does not run again\n',
        );

        const dry = await run(again, [
          '--accept-checksum-changes',
          '--dry-run',
        ]);
        expect(dry.io.out()).to.match(
          / was accepted: checksum \w+ in the ledger, \w+ now \(dry run: not recorded\); /,
        );
        expect(await ledgerChecksum(db())).to.equal(now);

        const json = await run(again, ['--accept-checksum-changes', '--json']);
        expect(json.code).to.equal(0);
        const report = JSON.parse(json.io.out());
        expect(report.scripts).to.eql([]);
        expect(report.warnings).to.eql([
          `the changed code of applied migration script 1.0.0 (Script_1_0_0) ` +
            `on datasource "db" was accepted: checksum ${now} in the ledger, ` +
            `${await ledgerChecksum(db())} now, which is recorded; it does not run again`,
        ]);
      });
    }

    // Script 1.0.0 with an up() and the given down(), and the warning that
    // its changed down() (the `edited` one) was accepted.
    const withDown = (down: ScriptSpec['down']) =>
      defineScript({
        version: '1.0.0',
        up: ctx => ctx.execute('SELECT 1'),
        down,
      });
    const acceptedDown = (old: string, edited: MigrationScriptClass) =>
      `the changed code of applied migration script 1.0.0 (Script_1_0_0) ` +
      `on datasource "db" was accepted: checksum ${old} in the ledger, ` +
      `${scriptChecksum(new edited())} now; its changed down() is what reverts it`;

    // A revert ran the changed down() of an applied script without a word.
    it("names the script whose changed down() reverts it, with both checksums, in the report's warnings, printed and in --json", async () => {
      await dropAllTables(db());
      const applied = withDown(ctx => ctx.execute('SELECT 1'));
      const edited = withDown(ctx => ctx.execute('SELECT 2'));
      for (const format of ['printed', 'json'] as const) {
        expect((await run(applied, [])).code).to.equal(0);
        const old = await ledgerChecksum(db());
        const argv = ['--revert', '--accept-checksum-changes'];
        const {code, io} = await run(
          edited,
          format === 'json' ? [...argv, '--json'] : argv,
        );
        expect(code).to.equal(0);
        if (format === 'printed') {
          expect(io.out()).to.containEql(
            `warning: ${acceptedDown(old, edited)}\n`,
          );
        } else {
          expect(JSON.parse(io.out()).warnings).to.eql([
            acceptedDown(old, edited),
          ]);
        }
      }
    });

    // A failed revert printed only its error: the warning that the changed
    // down() was accepted (in --json's report) was lost.
    it('prints the warnings of a revert that failed, beside its error', async () => {
      await dropAllTables(db());
      const applied = withDown(ctx => ctx.execute('SELECT 1'));
      expect((await run(applied, [])).code).to.equal(0);
      const old = await ledgerChecksum(db());
      const failing = withDown(async () => {
        throw new Error('boom in the changed down()');
      });
      const {code, io} = await run(failing, [
        '--revert',
        '--accept-checksum-changes',
      ]);
      expect(code).to.equal(1);
      expect(io.err()).to.match(
        /^Revert failed: .*boom in the changed down\(\)/,
      );
      expect(io.err()).to.containEql(
        `\nwarning: ${acceptedDown(old, failing)}\n`,
      );
    });
  },
);
