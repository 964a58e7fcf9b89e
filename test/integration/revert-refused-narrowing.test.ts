import {expect} from '@loopback/testlab';
import {
  MigrationWillFailError,
  runMigrationCli,
  type MigrationScriptClass,
} from '../../src';
import type {ModelSpec} from '../support/app-builder';
import {captureIo} from '../support/cli-io';
import {columns} from '../support/catalog';
import {describeOnDatabase} from '../support/databases';
import {shadowProject} from '../support/generate';
import {rejection} from '../support/rejection';

/** `Note` and `Memo`, each with a `code` of this length. */
function notes(length: number): ModelSpec[] {
  return ['Note', 'Memo'].map(name => ({
    name,
    properties: {
      id: {type: 'number', id: true, generated: true},
      code: {type: 'string', mysql: {dataType: 'varchar', dataLength: length}},
    },
  }));
}

/**
 * A generated `down()` that changes a column back to a shorter type: on
 * MySQL/MariaDB (strict mode) the server refuses it where a value is longer,
 * after the statements before it were committed.
 */
describeOnDatabase(
  'mysql',
  'reverting a generated script whose down() narrows a column the values do not fit',
  db => {
    const {open, generate, build} = shadowProject(db, 'revert-narrowing');

    it('is refused before any of its statements runs, with or without --accept-data-loss', async () => {
      const created = await generate(
        open(notes(64)),
        'create',
        '20261205020000',
      );
      let scripts: MigrationScriptClass[] = build(created.file!);
      const widened = await generate(
        open(notes(128), scripts),
        'widen',
        '20261205020100',
      );
      scripts = [...scripts, ...build(widened.file!)];
      await open(notes(128), scripts).migrateSchema({schemaSource: 'scripts'});
      // Memo's value fits the old type, Note's does not: down() changes
      // Memo first (tables are undone last first).
      await db().query('INSERT INTO `Note` (code) VALUES (?)', [
        'x'.repeat(100),
      ]);
      await db().query('INSERT INTO `Memo` (code) VALUES (?)', ['short']);

      for (const acceptDataLoss of [false, true]) {
        const refused = await rejection(
          open(notes(128), scripts).revertMigrations({acceptDataLoss}),
        );
        expect(refused).to.be.instanceOf(MigrationWillFailError);
        expect(refused.message).to.match(
          /^Revert refused: down\(\) of migration script 20261205020100 .* changes column "code" of "Note" to varchar\(64\).*, which the database refuses for 1 stored value.*Nothing of that script was reverted \(refused before any of its statements ran\)/,
        );
      }
      for (const table of ['Note', 'Memo']) {
        const code = (await columns(db(), table)).find(
          c => c.column === 'code',
        );
        expect({table, type: code?.type}).to.eql({table, type: 'varchar(128)'});
      }
      const status = await open(notes(128), scripts).migrationStatus();
      expect(status.map(s => s.status)).to.eql(['applied', 'applied']);

      const io = captureIo();
      const code = await runMigrationCli(
        () => open(notes(128), scripts),
        ['--revert'],
        io,
      );
      expect(code).to.equal(4);
      expect(io.err()).to.match(/^Revert refused: down\(\)/);
      expect(io.err()).to.not.match(/--dry-run/);
    });
  },
);
