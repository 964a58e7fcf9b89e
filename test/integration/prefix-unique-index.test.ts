import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport, MigrationWillFailError} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables, indexes} from '../support/catalog';
import {describeOnDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

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

/** A model whose unique indexes (`{name: 'body(2)'}`) are over a TEXT and a BLOB. */
function attachment(keys: Record<string, string>): ModelSpec {
  return {
    name: 'Attachment',
    properties: {
      id: {type: 'number', id: true, generated: true},
      body: {type: 'string', mysql: {dataType: 'text'}},
      data: {type: 'Buffer', mysql: {dataType: 'blob'}},
    },
    settings: {
      indexes: Object.fromEntries(
        Object.entries(keys).map(([name, columns]) => [
          name,
          {columns, kind: 'UNIQUE'},
        ]),
      ),
    },
  };
}

// A unique index declared with a prefix before another key part
// (`columns: 'title(20),tag'`): the key list was read up to the prefix's
// closing parenthesis, so only `title` was checked for duplicates, and the
// index was predicted to fail on rows that differ in `tag` (or hold NULL in it).
describeOnDatabase(
  'mysql',
  'MySQL/MariaDB: a unique index with prefix key parts',
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

    // Only the prefix is unique: 'abcdefX' and 'abcdefY' are one title(5).
    // Whole values were compared, the index was planned clean, and the run
    // failed with error 1062 (Duplicate entry).
    it('predicts the duplicates of a prefix, and changes nothing', async () => {
      await migrate(note('tag'));
      await db().query(
        "INSERT INTO `Note` (title, tag) VALUES ('abcdefX', 'a'), ('abcdefY', 'b')",
      );

      const plan = await migrate(note('title(5)'), {dryRun: true});
      const failures = plan.dataSources[0].statements.flatMap(s =>
        s.willFail ? [s.willFail] : [],
      );
      expect(failures).to.have.length(1);
      expect(failures[0]).to.match(
        /unique index "note_title_tag" on "title"\(5\) cannot be built: 1 value\(s\) of "title"\(5\) occur more than once, in 2 rows of "Note" \('abcde' \(2 rows\)\)/,
      );
      const error = await rejection(migrate(note('title(5)')));
      expect(error).to.be.instanceOf(MigrationWillFailError);
      const kept = (await indexes(db())).find(i => i.name === 'note_title_tag');
      expect(kept?.columns).to.equal('tag');
    });

    // MySQL and MariaDB count a prefix in characters of a nonbinary string
    // (TEXT in utf8mb4: 'éa' and 'éb' differ in 2) and in bytes of a binary
    // one (BLOB: 0xC3A961 and 0xC3A962 are one 2-byte prefix).
    it('counts a TEXT prefix in characters, a BLOB prefix in bytes', async () => {
      await migrate(attachment({}));
      await db().query(
        "INSERT INTO `Attachment` (body, data) VALUES ('éa', X'C3A961'), ('éb', X'C3A962')",
      );

      const keys = {by_body: 'body(2)', by_data: 'data(2)'};
      const plan = await migrate(attachment(keys), {dryRun: true});
      const failures = plan.dataSources[0].statements.flatMap(s =>
        s.willFail ? [s.willFail] : [],
      );
      expect(failures).to.have.length(1);
      expect(failures[0]).to.match(
        /^unique index "by_data" on "data"\(2\) cannot be built: 1 value\(s\) of "data"\(2\) occur more than once, in 2 rows of "Attachment" \(0xc3a9 \(2 rows\)\)/,
      );
      await migrate(attachment({by_body: 'body(2)'}));
      const built = (await indexes(db())).find(i => i.name === 'by_body');
      expect(built?.unique).to.be.true();
    });
  },
);
