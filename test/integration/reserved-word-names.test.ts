import {expect} from '@loopback/testlab';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables, indexes} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';

/** A `User` with a property `group`, indexed in `settings.indexes` or not. */
function userModels(indexed: boolean): ModelSpec[] {
  return [
    {
      name: 'User',
      properties: {
        id: {type: 'number', id: true, generated: true},
        group: {type: 'number'},
      },
      settings: {
        indexes: indexed ? {by_group: {keys: {group: 1}}} : {},
      },
    },
  ];
}

describeEachDatabase('names that are reserved words', db => {
  beforeEach(() => dropAllTables(db()));

  async function run(indexed: boolean, fullCheck = false): Promise<string[]> {
    const app = buildApp(
      MigratingApp,
      {db: db().dataSourceConfig},
      userModels(indexed),
    );
    try {
      const report = fullCheck
        ? await app.planSchemaMigration({fullCheck: true})
        : await app.migrateSchema().then(() => undefined);
      return (
        report?.dataSources.flatMap(ds => ds.statements.map(s => s.sql)) ?? []
      );
    } finally {
      await closeApp(app);
    }
  }

  it('adds an index keyed on one to an existing table, and settles', async () => {
    await run(false);
    await run(true);
    expect(
      (await indexes(db())).filter(i => i.name.toLowerCase() === 'by_group'),
    ).to.have.length(1);
    expect(await run(true, true)).to.eql([]);
  });
});
