import {expect} from '@loopback/testlab';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables, indexes} from '../support/catalog';
import {describeOnDatabase} from '../support/databases';

/** An `Item` whose `settings.indexes` entry is written in `columns` form. */
function items(columns: string): ModelSpec[] {
  const text = {type: 'string', mysql: {dataType: 'varchar', dataLength: 100}};
  return [
    {
      name: 'Item',
      properties: {
        id: {type: 'number', id: true},
        title: text,
        code: text,
      },
      settings: {indexes: {by_title: {columns}}},
    },
  ];
}

describeOnDatabase(
  'mysql',
  "an index of settings.indexes whose columns lose their last ones (mysql, `columns: 'a, b'`)",
  db => {
    beforeEach(() => dropAllTables(db()));

    async function migrate(columns: string): Promise<string[]> {
      const app = buildApp(
        MigratingApp,
        {db: db().dataSourceConfig},
        items(columns),
      );
      try {
        const report = await app.planSchemaMigration({fullCheck: true});
        await app.migrateSchema();
        return report.dataSources[0].statements.map(s => s.sql);
      } finally {
        await closeApp(app);
      }
    }

    async function byTitle(): Promise<string> {
      const [index] = (await indexes(db())).filter(i => i.name === 'by_title');
      return index.columns;
    }

    // The connector compares the columns it is given, one by one, and
    // never their number: a shorter list matched, run after run.
    it('is made again on the columns left, and the next run plans nothing', async () => {
      await migrate('title, code');
      expect(await byTitle()).to.equal('title,code');
      const planned = await migrate('title');
      expect(planned.join('\n')).to.match(
        /DROP INDEX `by_title`, ADD\s+INDEX\s+`by_title` \(`?title`?\)/,
      );
      expect(await byTitle()).to.equal('title');
      expect(await migrate('title')).to.eql([]);
    });
  },
);
