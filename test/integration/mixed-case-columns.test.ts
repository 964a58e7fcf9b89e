import type {PropertyDefinition} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {columns, dropAllTables} from '../support/catalog';
import {describeEachDatabase, type DatabaseKind} from '../support/databases';

/**
 * A `Note` whose `userId` is stored in column `UserId`, of type `type`;
 * with `indexed`, an index of `settings.indexes` keyed by the property.
 */
function noteModels(kind: DatabaseKind, type: string, indexed = false) {
  const userId: PropertyDefinition = {type, [kind]: {columnName: 'UserId'}};
  return [
    {
      name: 'Note',
      properties: {id: {type: 'number', id: true, generated: true}, userId},
      settings: indexed ? {indexes: {note_user: {keys: {userId: 1}}}} : {},
    },
  ];
}

describeEachDatabase(
  'a column name with capitals other than its property name',
  (db, kind) => {
    beforeEach(() => dropAllTables(db()));

    async function migrate(type: string, indexed = false): Promise<void> {
      const app = buildApp(
        MigratingApp,
        {db: db().dataSourceConfig},
        noteModels(kind, type, indexed),
      );
      try {
        await app.migrateSchema();
      } finally {
        await closeApp(app);
      }
    }

    async function fullPlan(type: string, indexed = false): Promise<string[]> {
      const app = buildApp(
        MigratingApp,
        {db: db().dataSourceConfig},
        noteModels(kind, type, indexed),
      );
      try {
        const report = await app.planSchemaMigration({fullCheck: true});
        return report.dataSources.flatMap(ds => ds.statements.map(s => s.sql));
      } finally {
        await closeApp(app);
      }
    }

    it('settles: the next run adds nothing (the connector added it again)', async () => {
      await migrate('number');
      expect(await fullPlan('number')).to.eql([]);
      await migrate('number');
      expect((await columns(db(), 'note')).map(c => c.column)).to.eql([
        'id',
        'userid',
      ]);
    });

    it('still changes its type', async () => {
      await migrate('number');
      const plan = await fullPlan('string');
      expect(plan).to.have.length(1);
      expect(plan[0]).to.match(/UserId/);
      expect(plan[0]).to.not.match(/ADD COLUMN/i);
    });

    it('settles with an index keyed by the property (MySQL compares key names case-sensitively)', async function () {
      if (kind !== 'mysql') this.skip();
      await migrate('number', true);
      expect(await fullPlan('number', true)).to.eql([]);
    });
  },
);
