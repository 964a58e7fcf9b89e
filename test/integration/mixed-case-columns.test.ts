import type {PropertyDefinition} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {DataLossError} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {columns, dropAllTables} from '../support/catalog';
import {
  describeEachDatabase,
  describeOnDatabase,
  type DatabaseKind,
} from '../support/databases';
import {rejection} from '../support/rejection';

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

describeOnDatabase(
  'postgresql',
  'a columnName that differs from a column of the table only in letter case',
  db => {
    beforeEach(() => dropAllTables(db()));

    const order = (shipWeight: PropertyDefinition) => [
      {
        name: 'Order',
        properties: {
          id: {type: 'number', id: true, generated: true},
          shipWeight,
        },
      },
    ];
    const CASED: PropertyDefinition = {
      type: 'number',
      postgresql: {columnName: 'ShipWeight'},
    };

    async function run(
      shipWeight: PropertyDefinition,
      acceptDataLoss = false,
    ): Promise<void> {
      const app = buildApp(
        MigratingApp,
        {db: db().dataSourceConfig},
        order(shipWeight),
      );
      try {
        await app.migrateSchema({acceptDataLoss});
      } finally {
        await closeApp(app);
      }
    }

    it('is added where the other is dropped, in one run, and named as a possible rename', async () => {
      // The table a model without columnName made: column shipweight.
      await run({type: 'number'});
      await db().query('INSERT INTO "order" (shipweight) VALUES (5)');
      const app = buildApp(
        MigratingApp,
        {db: db().dataSourceConfig},
        order(CASED),
      );
      try {
        const plan = await app.planSchemaMigration();
        // The connector took "ShipWeight" for shipweight: it dropped the one
        // and added nothing, and only the next run added it.
        expect(plan.dataSources[0].statements.map(s => s.sql)).to.eql([
          'ALTER TABLE "public"."order" ADD COLUMN "ShipWeight" INTEGER, DROP COLUMN "shipweight"',
        ]);
        const refused = await rejection(app.migrateSchema());
        expect(refused).to.be.instanceOf(DataLossError);
        expect(refused.message).to.match(
          /looks like a rename of column "shipweight" to "ShipWeight"/,
        );
      } finally {
        await closeApp(app);
      }
      await run(CASED, true);
      const stored = await db().query<{name: string}>(
        `SELECT column_name AS name FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name = 'order' ORDER BY ordinal_position`,
      );
      expect(stored.map(c => c.name)).to.eql(['id', 'ShipWeight']);
      const next = buildApp(
        MigratingApp,
        {db: db().dataSourceConfig},
        order(CASED),
      );
      try {
        const report = await next.planSchemaMigration({fullCheck: true});
        expect(report.dataSources[0].statements).to.eql([]);
      } finally {
        await closeApp(next);
      }
    });
  },
);
