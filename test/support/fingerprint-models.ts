/**
 * The models of the fingerprint suites (a Category and a Note pointing at
 * it) and the changes made by hand to their tables, one per kind of
 * catalog object, each of which must defeat the fast path.
 */
import {expect} from '@loopback/testlab';
import type {ModelSpec} from './app-builder';
import type {DatabaseKind, TestDatabase} from './databases';

/** What a model change varies. */
export interface Variation {
  readonly extraProperty?: boolean;
  readonly bodyIndexed?: boolean;
}

/** A Category and a Note pointing at it; fresh objects on every call. */
export function models(change: Variation = {}): ModelSpec[] {
  return [
    {
      name: 'Category',
      properties: {
        id: {type: 'number', id: true, generated: true},
        name: {type: 'string', required: true},
      },
    },
    {
      name: 'Note',
      properties: {
        id: {type: 'number', id: true, generated: true},
        title: {
          type: 'string',
          index: true,
          postgresql: {dataType: 'varchar', dataLength: 80},
          mysql: {dataType: 'varchar', dataLength: 80},
        },
        body: {
          type: 'string',
          index: change.bodyIndexed,
          postgresql: {dataType: 'varchar', dataLength: 200},
          mysql: {dataType: 'varchar', dataLength: 200},
        },
        priority: {type: 'number'},
        categoryId: {type: 'number'},
        ...(change.extraProperty ? {extra: {type: 'string'}} : {}),
      },
      settings: {
        foreignKeys: {
          fk_note_category: {
            name: 'fk_note_category',
            entity: 'Category',
            entityKey: 'id',
            foreignKey: 'categoryId',
          },
        },
      },
    },
  ];
}

/** Column names as each database spells the models' tables and columns. */
export function names(kind: DatabaseKind) {
  return kind === 'postgresql'
    ? {note: 'note', category: 'category', categoryId: 'categoryid'}
    : {note: '`Note`', category: '`Category`', categoryId: 'categoryId'};
}

/** The name of the index on `column` of the Note table. */
async function indexOn(db: TestDatabase, column: string): Promise<string> {
  const rows = await db.query<{name: string}>(
    db.kind === 'postgresql'
      ? `SELECT i.relname AS "name" FROM pg_index ix
           JOIN pg_class i ON i.oid = ix.indexrelid
           JOIN pg_class t ON t.oid = ix.indrelid
           JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ix.indkey[0]
          WHERE t.relname = 'note' AND a.attname = $1 AND NOT ix.indisprimary`
      : `SELECT INDEX_NAME AS name FROM information_schema.STATISTICS
          WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Note'
            AND COLUMN_NAME = ? AND INDEX_NAME <> 'PRIMARY'`,
    [column],
  );
  expect(rows).to.have.length(1);
  return rows[0].name;
}

/**
 * Changes made by hand to the Note table, one per kind of catalog object,
 * each of which must defeat the fingerprint.
 */
export function manualChanges(
  kind: DatabaseKind,
): Record<string, (db: TestDatabase) => Promise<unknown>> {
  const pg = kind === 'postgresql';
  const {note, category} = names(kind);
  return {
    'adds a column': db =>
      db.query(`ALTER TABLE ${note} ADD COLUMN manual INTEGER`),
    'drops a column': db =>
      db.query(`ALTER TABLE ${note} DROP COLUMN priority`),
    "changes a column's type": db =>
      db.query(
        pg
          ? `ALTER TABLE note ALTER COLUMN body TYPE varchar(300)`
          : 'ALTER TABLE `Note` MODIFY body VARCHAR(300) NULL',
      ),
    "changes a column's nullability": db =>
      db.query(
        pg
          ? `ALTER TABLE note ALTER COLUMN body SET NOT NULL`
          : 'ALTER TABLE `Note` MODIFY body VARCHAR(200) NOT NULL',
      ),
    "changes a column's default": db =>
      db.query(`ALTER TABLE ${note} ALTER COLUMN body SET DEFAULT 'x'`),
    'comments a column': db =>
      db.query(
        pg
          ? `COMMENT ON COLUMN note.body IS 'by hand'`
          : "ALTER TABLE `Note` MODIFY body VARCHAR(200) NULL COMMENT 'by hand'",
      ),
    'adds an index': db =>
      db.query(`CREATE INDEX note_manual_idx ON ${note} (body)`),
    'drops an index': async db => {
      const index = await indexOn(db, 'title');
      return db.query(
        pg ? `DROP INDEX "${index}"` : `DROP INDEX \`${index}\` ON \`Note\``,
      );
    },
    'adds a foreign key': db =>
      db.query(
        `ALTER TABLE ${note} ADD CONSTRAINT fk_manual FOREIGN KEY (priority) REFERENCES ${category} (id)`,
      ),
    'drops a foreign key': db =>
      db.query(
        pg
          ? 'ALTER TABLE note DROP CONSTRAINT fk_note_category'
          : 'ALTER TABLE `Note` DROP FOREIGN KEY fk_note_category',
      ),
    "changes a foreign key's delete action": async db => {
      // MariaDB cannot drop and add a key of the same name in one statement.
      await db.query(
        pg
          ? 'ALTER TABLE note DROP CONSTRAINT fk_note_category'
          : 'ALTER TABLE `Note` DROP FOREIGN KEY fk_note_category',
      );
      return db.query(
        `ALTER TABLE ${note} ADD CONSTRAINT fk_note_category FOREIGN KEY` +
          ` (${pg ? 'categoryid' : '`categoryId`'}) REFERENCES ${category} (id)` +
          ' ON DELETE CASCADE',
      );
    },
    'adds a check constraint': db =>
      db.query(
        `ALTER TABLE ${note} ADD CONSTRAINT note_priority_check CHECK (priority >= 0)`,
      ),
    'adds a unique constraint': db =>
      db.query(
        `ALTER TABLE ${note} ADD CONSTRAINT note_title_unique UNIQUE (title)`,
      ),
    'renames a column': db =>
      db.query(`ALTER TABLE ${note} RENAME COLUMN body TO body_renamed`),
  };
}
