import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {readFileSync} from 'node:fs';
import {migrateSchemaWithReport, runMigrationCli} from '../../src';
import type {ModelSpec} from '../support/app-builder';
import {captureIo} from '../support/cli-io';
import {describeOnDatabase} from '../support/databases';
import {shadowProject} from '../support/generate';

/** `Note` whose indexed string property is spelled `name`. */
const note = (name: string): ModelSpec => ({
  name: 'Note',
  properties: {
    id: {type: 'number', id: true, generated: true},
    [name]: {type: 'string', index: true} as PropertyDefinition,
  },
});

/**
 * `migrate --generate` of a property renamed in letter case only on
 * MySQL/MariaDB, whose column and index names are not case-sensitive: the
 * script renames the column (and its index) and down() renames it back.
 */
describeOnDatabase(
  'mysql',
  'generating a script for a column renamed in letter case only',
  db => {
    const {open, generate, build} = shadowProject(db, 'case-rename');

    it('up() renames the column and its index, down() renames them back, and --check finds the schema up to date', async () => {
      const first = await generate(
        open([note('Title')]),
        'create-notes',
        '20261204180000',
      );
      const scripts = build(first.file!);
      await migrateSchemaWithReport(open([note('Title')], scripts), {
        schemaSource: 'scripts',
      });
      await db().query("INSERT INTO `Note` (`Title`) VALUES ('a'), ('b')");
      const generated = await generate(
        open([note('title')], scripts),
        'rename-title',
        '20261204180100',
      );
      // No "adds an index its database already has": the same statement
      // drops `Title`, which frees `title`.
      expect(generated.warnings).to.eql([]);
      const text = readFileSync(generated.file!, 'utf8');
      // The column keeps its type: the rename loses no value.
      expect(text).to.match(
        /\/\/ {3}1\. ALTER TABLE `Note` CHANGE COLUMN `Title` `title` [^\n]*\n\/\/ {6}data loss: none;/,
      );
      expect(text).to.containEql(
        "'ALTER TABLE `Note` CHANGE COLUMN `Title` `title` VARCHAR(255) NULL, DROP INDEX `Title`, ADD INDEX `title` (`title`), ALGORITHM=INPLACE, LOCK=NONE'",
      );
      expect(text).to.containEql(
        "'ALTER TABLE `Note` DROP INDEX `title`, ADD KEY `Title` (`Title`), CHANGE COLUMN `title` `Title` varchar(255) DEFAULT NULL'",
      );
      const all = [...scripts, ...build(generated.file!)];
      const app = open([note('title')], all);
      await migrateSchemaWithReport(app, {schemaSource: 'scripts'});
      expect(await db().query('SELECT * FROM `Note` ORDER BY id')).to.eql([
        {id: 1, title: 'a'},
        {id: 2, title: 'b'},
      ]);
      for (const source of ['models', 'scripts']) {
        const io = captureIo();
        const code = await runMigrationCli(
          () => open([note('title')], all),
          ['--check', '--schema-source', source],
          io,
        );
        expect({code, err: io.err()}).to.eql({code: 0, err: ''});
      }
      await app.revertMigrations({steps: 1});
      expect(await db().query('SELECT * FROM `Note` ORDER BY id')).to.eql([
        {id: 1, Title: 'a'},
        {id: 2, Title: 'b'},
      ]);
      const [index] = await db().query<{name: string; column: string}>(
        `SELECT INDEX_NAME AS name, COLUMN_NAME AS \`column\` FROM information_schema.STATISTICS
          WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Note' AND INDEX_NAME <> 'PRIMARY'`,
      );
      expect(index).to.eql({name: 'Title', column: 'Title'});
    });
  },
);
