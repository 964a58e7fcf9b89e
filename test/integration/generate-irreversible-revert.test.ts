import {expect} from '@loopback/testlab';
import {readFileSync} from 'node:fs';
import {migrateSchemaWithReport} from '../../src';
import {todoModels} from '../support/app-builder';
import {exactDefinitions} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {
  headerText,
  shadowProject,
  todoModelsV2,
  todoModelsV3,
} from '../support/generate';

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
      const scripts = [...created, ...build(changed.file!)];
      const app = open(v3, scripts);
      await migrateSchemaWithReport(app, {schemaSource: 'scripts'});
      const schema = await exactDefinitions(db(), [LEDGER]);
      const applied = await db().query(`SELECT version FROM ${LEDGER}`);

      await expect(
        app.revertMigrations({to: '20261203070000'}),
      ).to.be.rejectedWith(
        /cannot be reverted: statement \d+ \(ALTER TABLE .*DROP COLUMN .*iscomplete.*\) has no exact inverse \(DROP COLUMN [`"]iscomplete[`"]: a dropped column cannot be restored with its data\)\. Write a new migration script/i,
      );
      expect(await exactDefinitions(db(), [LEDGER])).to.eql(schema);
      expect(await db().query(`SELECT version FROM ${LEDGER}`)).to.eql(applied);
      if (db().kind === 'postgresql') {
        expect(headerText(text)).to.match(
          /down\(\) of version 20261203070100\+online throws too, so that a revert of this file changes nothing: statement \d of another of its scripts has no exact inverse\./,
        );
      }
    });
  },
);
