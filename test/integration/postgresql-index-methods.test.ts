import {expect} from '@loopback/testlab';
import {InvalidModelError, migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {describeOnDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

/**
 * A model with indexes of other access methods than btree, declared in
 * LoopBack's form (`keys: {tags: 1}`), which the connector writes with the
 * direction: `USING gin ( "tags" ASC)`.
 */
function article(indexes: Record<string, unknown>): ModelSpec {
  return {
    name: 'Article',
    properties: {
      id: {type: 'number', id: true, generated: true},
      tags: {type: ['string'], postgresql: {dataType: 'text[]'}},
      published: {type: 'date'},
    },
    settings: {indexes},
  };
}

const GIN = {article_tags: {keys: {tags: 1}, type: 'gin'}};
const BRIN = {article_published: {keys: {published: 1}, type: 'brin'}};

describeOnDatabase('postgresql', 'index access methods (postgresql)', db => {
  beforeEach(() => dropAllTables(db()));

  async function migrated(indexes: Record<string, unknown>) {
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      article(indexes),
    ]);
    try {
      const report = await migrateSchemaWithReport(app);
      const again = await app.planSchemaMigration({fullCheck: true});
      return {
        sql: report.dataSources[0].statements.map(s => s.sql),
        again: again.dataSources[0].statements,
      };
    } finally {
      await closeApp(app);
    }
  }

  async function methods(): Promise<string[]> {
    const rows = await db().query<{def: string}>(
      `SELECT indexdef AS def FROM pg_indexes
        WHERE tablename = 'article' AND indexname <> 'article_pkey'
        ORDER BY indexname`,
    );
    return rows.map(r => r.def);
  }

  it('makes a gin index declared with keys {tags: 1} on a new table, without the direction gin refuses', async () => {
    const {sql, again} = await migrated(GIN);
    expect(sql).to.containEql(
      'CREATE INDEX "article_tags" ON "public"."article" USING gin ("tags")',
    );
    expect(again).to.eql([]);
    expect(await methods()).to.eql([
      'CREATE INDEX article_tags ON public.article USING gin (tags)',
    ]);
  });

  it('adds gin and brin indexes declared with keys {col: 1} to an existing table', async () => {
    await migrated({});
    await db().query(
      "INSERT INTO article (tags, published) VALUES ('{a,b}', now())",
    );
    const {sql, again} = await migrated({...GIN, ...BRIN});
    expect(sql.join('\n')).to.not.match(/ ASC/);
    expect(again).to.eql([]);
    expect(await methods()).to.eql([
      'CREATE INDEX article_published ON public.article USING brin (published)',
      'CREATE INDEX article_tags ON public.article USING gin (tags)',
    ]);
  });

  it('refuses a gin index key declared descending, which PostgreSQL refuses, before any change', async () => {
    const error = await rejection(
      migrated({article_tags: {keys: {tags: -1}, type: 'gin'}}),
    );
    expect(error).to.be.instanceOf(InvalidModelError);
    expect(error.message).to.match(
      /model Article: index article_tags is a gin index, whose keys have no order, but its key tags is declared descending \(-1\).*Declare the key \{tags: 1\}/,
    );
    expect(await tables(db())).to.eql([]);
  });
});
