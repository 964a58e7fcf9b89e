import {expect} from '@loopback/testlab';
import {readFileSync} from 'node:fs';
import {migrateSchemaWithReport} from '../../src';
import {todoModels, type ModelSpec} from '../support/app-builder';
import {exactDefinitions} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {
  headerText,
  shadowProject,
  todoModelsV2,
  todoModelsV3,
} from '../support/generate';

/** A model of its own table, added last. */
const TAG: ModelSpec = {
  name: 'Tag',
  properties: {
    id: {type: 'number', id: true, generated: true},
    label: {type: 'string'},
  },
};

/** The scripts' ledger, compared apart. */
const LEDGER = 'schema_migration_scripts';

describeEachDatabase(
  'reverting a generated file one of whose statements has no exact inverse',
  db => {
    const {open, generate, build} = shadowProject(db, 'irreversible');

    it('fails before anything is undone, though the file is several scripts (PostgreSQL: its online phases)', async () => {
      const v1 = todoModels();
      const created = build(
        (await generate(open(v1), 'create-todos', '20261203070000')).file!,
      );
      // A new column and its index (made CONCURRENTLY on PostgreSQL, in the
      // file's +online script), and a dropped column, which has no inverse.
      const v3 = todoModelsV3(todoModelsV2(v1));
      const changed = await generate(
        open(v3, created),
        'rework-todos',
        '20261203070100',
      );
      const text = readFileSync(changed.file!, 'utf8');
      const reworked = [...created, ...build(changed.file!)];
      // A newer file, which a revert would undo first: a table of its own.
      const v4 = [...v3, TAG];
      const tagged = await generate(
        open(v4, reworked),
        'add-tags',
        '20261203070200',
      );
      const scripts = [...reworked, ...build(tagged.file!)];
      const app = open(v4, scripts);
      await migrateSchemaWithReport(app, {schemaSource: 'scripts'});
      const schema = await exactDefinitions(db(), [LEDGER]);
      const applied = await db().query(`SELECT version FROM ${LEDGER}`);

      await expect(
        app.revertMigrations({to: '20261203070000'}),
      ).to.be.rejectedWith(
        /^Cannot revert 20261203070100\b[^(:]* \(of 20261203070200, 20261203070100\b.* to revert\): nothing was reverted\.\n[^]*cannot be reverted: statement \d+ \(ALTER TABLE .*DROP COLUMN .*iscomplete.*\) has no exact inverse \(DROP COLUMN [`"]iscomplete[`"]: a dropped column cannot be restored with its data\)\. Write a new migration script/i,
      );
      expect(await exactDefinitions(db(), [LEDGER])).to.eql(schema);
      expect(await db().query(`SELECT version FROM ${LEDGER}`)).to.eql(applied);
      if (db().kind === 'postgresql') {
        expect(headerText(text)).to.match(
          /No down\(\) of version 20261203070100\+online either, so that a revert of this file changes nothing: statement \d of another of its scripts has no exact inverse\./,
        );
      }
    });
  },
);
