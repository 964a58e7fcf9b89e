import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables, indexes} from '../support/catalog';
import {describeOnDatabase} from '../support/databases';

function note(columns: string): ModelSpec {
  return {
    name: 'Note',
    properties: {
      id: {type: 'number', id: true, generated: true},
      title: {type: 'string'},
      tag: {type: 'string', mysql: {dataType: 'varchar', dataLength: 50}},
    },
    settings: {indexes: {note_title_tag: {columns, kind: 'UNIQUE'}}},
  };
}

// A unique index declared with a prefix before another key part
// (`columns: 'title(20),tag'`): the key list was read up to the prefix's
// closing parenthesis, so only `title` was checked for duplicates, and the
// index was predicted to fail on rows that differ in `tag` (or hold NULL in it).
describeOnDatabase(
  'mysql',
  'MySQL/MariaDB: a unique index with a prefix key part before another',
  db => {
    beforeEach(() => dropAllTables(db()));

    async function migrate(model: ModelSpec, options = {}) {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [model]);
      try {
        return await migrateSchemaWithReport(app, options);
      } finally {
        await closeApp(app);
      }
    }

    it('judges every key part, and builds the index', async () => {
      await migrate(note('title,tag'));
      await db().query(
        "INSERT INTO `Note` (title, tag) VALUES ('same', NULL), ('same', NULL), ('same', 'a'), ('same', 'b')",
      );

      const plan = await migrate(note('title(20),tag'), {dryRun: true});
      for (const s of plan.dataSources[0].statements) {
        expect(s.willFail).to.be.undefined();
      }
      await migrate(note('title(20),tag'));
      const unique = (await indexes(db())).find(
        i => i.name === 'note_title_tag',
      );
      expect(unique?.unique).to.be.true();
    });
  },
);
