import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {DataLossError, migrateSchemaWithReport} from '../../src';
import type {ModelSpec} from '../support/app-builder';
import {appsPerTest} from '../support/apps-per-test';
import {foreignKeys, indexes} from '../support/catalog';
import {describeOnDatabase, type TestDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

const ID: PropertyDefinition = {type: 'number', id: true, generated: true};

/** A `Note` with one more property, `name`, as `definition` says. */
const note = (name: string, definition: PropertyDefinition): ModelSpec => ({
  name: 'Note',
  properties: {id: ID, [name]: definition},
});

/** A `Note` whose `userId` (spelled `name`) is a foreign key to `User`. */
const owned = (name: string): ModelSpec[] => [
  {name: 'User', properties: {id: ID}},
  {
    name: 'Note',
    properties: {id: ID, [name]: {type: 'number'}},
    settings: {
      foreignKeys: {
        fk_note_user: {
          name: 'fk_note_user',
          entity: 'User',
          entityKey: 'id',
          foreignKey: name,
        },
      },
    },
  },
];

/** The exact names of a table's columns, in order. */
async function columnNames(db: TestDatabase, table: string): Promise<string[]> {
  const rows = await db.query<{name: string}>(
    db.kind === 'postgresql'
      ? `SELECT column_name AS name FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`
      : `SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS
          WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
    [table],
  );
  return rows.map(r => r.name);
}

/**
 * MySQL's column names are not case-sensitive: a property renamed in letter
 * case only (`Title` to `title`, or its `columnName` so changed) names the
 * same column. The connector looks columns up by exact name and drops the
 * column with its values to add an empty one; the plan renames it instead.
 */
describeOnDatabase(
  'mysql',
  'MySQL/MariaDB: a column renamed in letter case only',
  db => {
    const {app, stock} = appsPerTest(db);

    async function plan(models: ModelSpec[]): Promise<string[]> {
      const report = await app(models).planSchemaMigration({fullCheck: true});
      return report.dataSources.flatMap(ds => ds.statements.map(s => s.sql));
    }

    /** Migrate to `models`, check it settles, and give the notes' rows. */
    async function migrated(models: ModelSpec[]): Promise<unknown[]> {
      const report = await migrateSchemaWithReport(app(models));
      expect(report.dataSources[0].status).to.equal('migrated');
      expect(await plan(models)).to.eql([]);
      return db().query('SELECT * FROM `Note` ORDER BY id');
    }

    it('renames the column of a renamed property, its values kept', async () => {
      await migrateSchemaWithReport(app([note('Title', {type: 'string'})]));
      await db().query("INSERT INTO `Note` (`Title`) VALUES ('a'), ('b')");
      const renamed = [note('title', {type: 'string'})];
      const report = await app(renamed).planSchemaMigration();
      const [statement] = report.dataSources[0].statements;
      expect(report.dataSources[0].statements).to.have.length(1);
      expect(statement.sql).to.match(
        /^ALTER TABLE `Note` CHANGE COLUMN `Title` `title` VARCHAR\(512\) NULL\b/,
      );
      expect(statement.destructive).to.be.false();
      expect(await migrated(renamed)).to.eql([
        {id: 1, title: 'a'},
        {id: 2, title: 'b'},
      ]);
      expect(await columnNames(db(), 'Note')).to.eql(['id', 'title']);
    });

    it('renames a column whose columnName changes case, with its default and index', async () => {
      const column = (columnName: string) => [
        note('title', {
          type: 'string',
          index: true,
          mysql: {columnName, dataType: 'varchar', dataLength: 40},
        }),
      ];
      await migrateSchemaWithReport(app(column('Title')));
      // A default the model does not declare stays, as through a type change.
      await db().query(
        "ALTER TABLE `Note` ALTER COLUMN `Title` SET DEFAULT 'none'",
      );
      await db().query("INSERT INTO `Note` (`Title`) VALUES ('a'), ('b')");
      // The index follows the column: not remade.
      expect(await plan(column('title'))).to.eql([
        "ALTER TABLE `Note` CHANGE COLUMN `Title` `title` VARCHAR(40) NULL DEFAULT 'none', ALGORITHM=INSTANT",
      ]);
      expect(await migrated(column('title'))).to.eql([
        {id: 1, title: 'a'},
        {id: 2, title: 'b'},
      ]);
      expect(await columnNames(db(), 'Note')).to.eql(['id', 'title']);
      const [kept] = await db().query<{d: string}>(
        `SELECT COLUMN_DEFAULT AS d FROM information_schema.COLUMNS
          WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Note' AND COLUMN_NAME = 'title'`,
      );
      expect(kept.d).to.equal("'none'");
      const titleIndexes = (await indexes(db())).filter(
        i => i.name === 'title',
      );
      expect(titleIndexes.map(i => i.columns)).to.eql(['title']);
    });

    it('renames the column of an indexed property, the index remade under its new name', async () => {
      const indexed = (name: string) => [
        note(name, {type: 'string', index: true}),
      ];
      await migrateSchemaWithReport(app(indexed('Title')));
      await db().query("INSERT INTO `Note` (`Title`) VALUES ('a')");
      expect(await migrated(indexed('title'))).to.eql([{id: 1, title: 'a'}]);
      const [index] = await db().query<{name: string; column: string}>(
        `SELECT INDEX_NAME AS name, COLUMN_NAME AS \`column\` FROM information_schema.STATISTICS
          WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Note' AND INDEX_NAME <> 'PRIMARY'`,
      );
      expect(index).to.eql({name: 'title', column: 'title'});
    });

    it('renames a foreign key column, the key kept on it', async () => {
      await migrateSchemaWithReport(app(owned('UserId')));
      await db().query('INSERT INTO `User` () VALUES (), ()');
      await db().query('INSERT INTO `Note` (`UserId`) VALUES (1), (2)');
      // The key follows the column: not dropped and made again.
      expect(await plan(owned('userId'))).to.eql([
        'ALTER TABLE `Note` CHANGE COLUMN `UserId` `userId` INT NULL, ALGORITHM=INSTANT',
      ]);
      expect(await migrated(owned('userId'))).to.eql([
        {id: 1, userId: 1},
        {id: 2, userId: 2},
      ]);
      expect(await columnNames(db(), 'Note')).to.eql(['id', 'userId']);
      expect(await foreignKeys(db())).to.eql([
        {
          name: 'fk_note_user',
          table: 'note',
          column: 'userid',
          targetTable: 'user',
          targetColumn: 'id',
        },
      ]);
    });

    it('judges a rename with a type and nullability change against the rows, and applies it when they fit', async () => {
      await migrateSchemaWithReport(app([note('Title', {type: 'string'})]));
      await db().query("INSERT INTO `Note` (`Title`) VALUES ('12'), (NULL)");
      const numbered = [note('title', {type: 'number', required: true})];
      const refused = async (reason: RegExp) => {
        const report = await app(numbered).planSchemaMigration();
        const [statement] = report.dataSources[0].statements;
        expect(statement.sql).to.equal(
          'ALTER TABLE `Note` CHANGE COLUMN `Title` `title` INT NOT NULL',
        );
        expect(statement.willFail).to.match(reason);
        await expect(migrateSchemaWithReport(app(numbered))).to.be.rejected();
        expect(await columnNames(db(), 'Note')).to.eql(['id', 'Title']);
      };
      await refused(/column "Title" cannot become NOT NULL: 1 row/);
      await db().query("UPDATE `Note` SET `Title` = 'abc' WHERE id = 2");
      await refused(
        /1 stored value of column "Title" \(id 2\) cannot be converted to INT/,
      );
      await db().query("UPDATE `Note` SET `Title` = '3' WHERE id = 2");
      expect(await migrated(numbered)).to.eql([
        {id: 1, title: 12},
        {id: 2, title: 3},
      ]);
    });

    it('keeps the comment of a renamed column, also one that says NOT NULL', async () => {
      const varchar = (name: string, length: number) => [
        note(name, {
          type: 'string',
          mysql: {dataType: 'varchar', dataLength: length},
        }),
      ];
      await migrateSchemaWithReport(app(varchar('Title', 20)));
      await db().query(
        "ALTER TABLE `Note` MODIFY `Title` VARCHAR(20) NULL COMMENT 'it''s never NOT NULL'",
      );
      await db().query("INSERT INTO `Note` (`Title`) VALUES ('a'), (NULL)");
      // Restated with its comment; still nullable, so nothing to predict.
      const report = await app(varchar('title', 40)).planSchemaMigration();
      expect(report.dataSources[0].statements).to.containDeep([
        {
          sql: "ALTER TABLE `Note` CHANGE COLUMN `Title` `title` VARCHAR(40) NULL COMMENT 'it''s never NOT NULL', ALGORITHM=INSTANT",
          willFail: undefined,
        },
      ]);
      expect(await migrated(varchar('title', 40))).to.eql([
        {id: 1, title: 'a'},
        {id: 2, title: null},
      ]);
      const [column] = await db().query<{comment: string}>(
        `SELECT COLUMN_COMMENT AS comment FROM information_schema.COLUMNS
          WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Note' AND COLUMN_NAME = 'title'`,
      );
      expect(column.comment).to.equal("it's never NOT NULL");
    });

    it('stock LoopBack drops the column and its values (the reason the plan differs)', async () => {
      await stock([note('Title', {type: 'string'})]).migrateSchema();
      await db().query("INSERT INTO `Note` (`Title`) VALUES ('a'), ('b')");
      await stock([note('title', {type: 'string'})]).migrateSchema();
      expect(await db().query('SELECT * FROM `Note` ORDER BY id')).to.eql([
        {id: 1, title: null},
        {id: 2, title: null},
      ]);
    });
  },
);

/**
 * PostgreSQL: the connector folds a property's name to lower case (`Title`
 * is column `title`), while a `columnName` is quoted as written: `"Title"`
 * and `"title"` are two columns, and a query of one does not find the other.
 */
describeOnDatabase(
  'postgresql',
  'PostgreSQL: a column renamed in letter case only',
  db => {
    const {app} = appsPerTest(db);

    it('plans nothing for a property renamed in case (one folded column)', async () => {
      await migrateSchemaWithReport(app([note('Title', {type: 'string'})]));
      await db().query("INSERT INTO note (title) VALUES ('a')");
      const report = await app([
        note('title', {type: 'string'}),
      ]).planSchemaMigration({fullCheck: true});
      expect(report.dataSources[0].statements).to.eql([]);
      expect(await columnNames(db(), 'note')).to.eql(['id', 'title']);
    });

    it('still refuses a columnName changed in case (another column there), hinting the rename', async () => {
      const column = (columnName: string) => [
        note('title', {type: 'string', postgresql: {columnName}}),
      ];
      await migrateSchemaWithReport(app(column('Title')));
      await db().query(`INSERT INTO note ("Title") VALUES ('a')`);
      const error = await rejection(
        migrateSchemaWithReport(app(column('title'))),
      );
      expect(error).to.be.instanceOf(DataLossError);
      expect(error.message).to.match(
        /drops column "Title" holding 1 non-null value[\s\S]*looks like a rename of column "Title" to "title"/,
      );
      expect(await columnNames(db(), 'note')).to.eql(['id', 'Title']);
    });
  },
);
