import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {
  migrateSchemaWithReport,
  type PlannedStatement,
  type SchemaMigrationReport,
} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {catalog, dropAllTables} from '../support/catalog';
import {describeEachDatabase, type TestDatabase} from '../support/databases';

const ID: PropertyDefinition = {type: 'number', id: true, generated: true};
const TEXT: PropertyDefinition = {
  type: 'string',
  mysql: {dataType: 'varchar', dataLength: 64},
};

const AUTHOR: ModelSpec = {name: 'Author', properties: {id: ID, name: TEXT}};

/** A Book as it starts: no index, no foreign key, title nullable. */
function book(change: 'before' | 'after'): ModelSpec {
  const after = change === 'after';
  return {
    name: 'Book',
    properties: {
      id: ID,
      title: {...TEXT, required: after, index: after || undefined},
      isbn: TEXT,
      authorId: {type: 'number'},
    },
    settings: after
      ? {
          indexes: {
            book_isbn_unique: {keys: {isbn: 1}, options: {unique: true}},
          },
          foreignKeys: {
            fk_book_author: {
              name: 'fk_book_author',
              entity: 'Author',
              entityKey: 'id',
              foreignKey: 'authorId',
            },
          },
        }
      : {},
  };
}

/** Statement texts, whitespace folded, with their phase. */
function shown(statements: readonly PlannedStatement[]): string[] {
  return statements.map(
    s => `${s.phase ?? '-'}: ${s.sql.replace(/\s+/g, ' ').trim()}`,
  );
}

describeEachDatabase('online forms', (db, kind) => {
  let app: MigratingApp | undefined;
  const pg = kind === 'postgresql';

  async function withModels(models: ModelSpec[]): Promise<MigratingApp> {
    if (app) await closeApp(app);
    app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
    return app;
  }

  async function migrate(
    models: ModelSpec[],
    options: {online?: boolean} = {},
  ): Promise<SchemaMigrationReport> {
    return migrateSchemaWithReport(await withModels(models), options);
  }

  /** 200 authors and 1000 books that satisfy the new model. */
  async function fill(target: TestDatabase): Promise<void> {
    const q = (sql: string) =>
      target.query(pg ? sql.replace(/`/g, '"').replace(/"(\w+)"/g, '$1') : sql);
    await q(
      "INSERT INTO `Author` (name) SELECT CONCAT('a', n) FROM " +
        (pg
          ? 'generate_series(1, 200) AS n'
          : '(SELECT seq AS n FROM seq_1_to_200) s'),
    );
    await q(
      "INSERT INTO `Book` (title, isbn, authorId) SELECT CONCAT('t', n), " +
        "CONCAT('i', n), 1 + MOD(n, 200) FROM " +
        (pg
          ? 'generate_series(1, 1000) AS n'
          : '(SELECT seq AS n FROM seq_1_to_1000) s'),
    );
  }

  beforeEach(() => dropAllTables(db()));
  afterEach(async () => {
    if (app) await closeApp(app);
    app = undefined;
  });

  it('changes an existing table with rows in online phases, and leaves the catalog of the plain form', async () => {
    await migrate([AUTHOR, book('before')]);
    await fill(db());
    const after = [AUTHOR, book('after')];
    const offline = await (
      await withModels(after)
    ).planSchemaMigration({online: false});
    const plan = await (await withModels(after)).planSchemaMigration();
    const statements = plan.dataSources[0].statements;
    if (pg) {
      expect(shown(statements)).to.eql([
        'transaction: ALTER TABLE "public"."book" DROP CONSTRAINT IF EXISTS "lsm_nn_title", ' +
          'ADD CONSTRAINT "lsm_nn_title" CHECK ("title" IS NOT NULL) NOT VALID',
        'transaction: ALTER TABLE "public"."book" ADD CONSTRAINT "fk_book_author" FOREIGN KEY ("authorid") ' +
          'REFERENCES "public"."author"(id) ON DELETE NO ACTION ON UPDATE NO ACTION NOT VALID',
        'own-transaction: ALTER TABLE "public"."book" VALIDATE CONSTRAINT "lsm_nn_title"',
        'own-transaction: ALTER TABLE "public"."book" ALTER COLUMN "title" SET NOT NULL',
        'own-transaction: ALTER TABLE "public"."book" DROP CONSTRAINT "lsm_nn_title"',
        'no-transaction: CREATE INDEX CONCURRENTLY "book_title_idx" ON "public"."book" ("title")',
        'no-transaction: CREATE UNIQUE INDEX CONCURRENTLY "book_isbn_unique" ON "public"."book" ("isbn" ASC)',
        'own-transaction: ALTER TABLE "public"."book" VALIDATE CONSTRAINT "fk_book_author"',
      ]);
    } else {
      // The plain statements, each with the server's online algorithm; the
      // foreign key added in place with the checks off, then checked.
      const [change, key] = offline.dataSources[0].statements.map(s => s.sql);
      expect(statements.map(s => s.sql)).to.have.length(2);
      expect(statements[0].sql).to.equal(
        `${change}, ALGORITHM=INPLACE, LOCK=NONE`,
      );
      expect(statements[1].sql).to.startWith('BEGIN NOT ATOMIC\n');
      expect(statements[1].sql).to.containEql(
        `\n${key}, ALGORITHM=INPLACE, LOCK=NONE;\n`,
      );
      expect(statements.some(s => s.phase)).to.be.false();
    }
    expect(offline.dataSources[0].statements.some(s => s.phase)).to.be.false();

    const report = await migrate(after);
    expect(report.dataSources[0].status).to.equal('migrated');
    const ran = report.dataSources[0].statements;
    expect(shown(ran)).to.eql(shown(statements));
    for (const s of ran) {
      const online =
        s.phase === 'own-transaction' || s.phase === 'no-transaction';
      expect(typeof s.durationMs === 'number').to.equal(online);
    }
    const migrated = await catalog(db());
    expect(
      migrated.indexes.filter(i => i.table === 'book').map(i => i.name),
    ).to.containDeep([pg ? 'book_title_idx' : 'title', 'book_isbn_unique']);
    expect(migrated.foreignKeys.map(f => f.name)).to.containDeep([
      'fk_book_author',
    ]);
    const title = migrated.columns.find(
      c => c.table === 'book' && c.column === 'title',
    );
    expect(title?.nullable).to.be.false();
    if (pg) {
      const left = await db().query(
        `SELECT conname FROM pg_constraint WHERE NOT convalidated OR conname LIKE 'lsm_nn_%'
         UNION ALL SELECT indexrelid::regclass::text FROM pg_index WHERE NOT indisvalid`,
      );
      expect(left).to.eql([]);
    }
    const again = await migrate(after);
    expect(again.dataSources[0].status).to.equal('up-to-date');
  });

  it('runs the same catalog change as one plain transaction with online: false', async () => {
    await migrate([AUTHOR, book('before')]);
    await fill(db());
    const after = [AUTHOR, book('after')];
    const report = await migrate(after, {online: false});
    const statements = report.dataSources[0].statements;
    expect(statements.some(s => s.phase || s.durationMs)).to.be.false();
    expect(
      statements.some(s => /CONCURRENTLY|NOT VALID|VALIDATE/i.test(s.sql)),
    ).to.be.false();
    if (pg) {
      expect(statements.map(s => s.sql)).to.containDeep([
        'ALTER TABLE "public"."book" ALTER COLUMN "title" SET NOT NULL',
      ]);
    }
    expect((await migrate(after)).dataSources[0].status).to.equal('up-to-date');
  });

  it('creates new tables in the plain form, in the transaction', async () => {
    const plan = await (
      await withModels([AUTHOR, book('after')])
    ).planSchemaMigration();
    const statements = plan.dataSources[0].statements;
    // Both tables, the book's foreign key written in its CREATE TABLE.
    expect(statements.length).to.be.aboveOrEqual(2);
    expect(statements.some(s => /FOREIGN KEY/i.test(s.sql))).to.be.true();
    expect(
      statements.some(s => s.phase || /CONCURRENTLY|NOT VALID/i.test(s.sql)),
    ).to.be.false();
    const report = await migrate([AUTHOR, book('after')]);
    expect(report.dataSources[0].status).to.equal('migrated');
    expect(shown(report.dataSources[0].statements)).to.eql(shown(statements));
  });
});
