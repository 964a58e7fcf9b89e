import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport, type SchemaMigrationOptions} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeEachDatabase, type DatabaseKind} from '../support/databases';

/** `Comp`, keyed by tenant and, as asked, num and note. */
function comp(
  kind: DatabaseKind,
  ids: {num: boolean; note: boolean},
): ModelSpec {
  const text = {[kind]: {dataType: 'varchar', dataLength: 20}};
  return {
    name: 'Comp',
    properties: {
      tenant: {type: 'string', id: true, required: true, ...text},
      num: {type: 'number', id: ids.num, required: true},
      note: {type: 'string', id: ids.note, required: ids.note, ...text},
    },
  };
}

describeEachDatabase(
  'id properties moved in or out of a composite primary key',
  (db, kind) => {
    beforeEach(() => dropAllTables(db()));

    async function run(model: ModelSpec, options?: SchemaMigrationOptions) {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [model]);
      try {
        return (await migrateSchemaWithReport(app, options)).dataSources[0];
      } finally {
        await closeApp(app);
      }
    }

    const table = kind === 'postgresql' ? '"public"."comp"' : '"Comp"';

    it('warns that the plan leaves the key the table has, in every run, and says nothing while they agree', async () => {
      await run(comp(kind, {num: true, note: false}));
      const same = await run(comp(kind, {num: true, note: false}), {
        fullCheck: true,
      });
      expect(same.warnings).to.eql([]);

      const out = await run(comp(kind, {num: false, note: false}));
      expect(out.status).to.equal('up-to-date');
      expect(out.warnings).to.eql([
        `model Comp: its id property "tenant" maps to "tenant", but the primary key of table ` +
          `${table} is ("tenant", "num"), and the plan leaves it so (the connector never ` +
          "changes a primary key; a new database gets the model's): findById() and the " +
          "relations use the model's ids while the database enforces its key. Change the key " +
          "in a migration script with runs = 'before-schema', or declare as ids the columns " +
          'of the key the table has',
      ]);

      for (const fullCheck of [true, false]) {
        const added = await run(comp(kind, {num: true, note: true}), {
          fullCheck,
        });
        expect(added.status).to.equal('up-to-date');
        expect(added.warnings).to.match([
          new RegExp(
            '^model Comp: its id properties "tenant", "num", "note" map to "tenant", "num", ' +
              `"note", but the primary key of table ${table.replace(/[."]/g, '\\$&')} is ` +
              '\\("tenant", "num"\\)',
          ),
        ]);
      }
    });
  },
);
