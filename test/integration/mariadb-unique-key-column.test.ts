import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport, MigrationWillFailError} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {columns, dropAllTables} from '../support/catalog';
import {describeOnDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

/** A Pair unique over (a, b), with or without property `a` and the index. */
function pair({withA = true, withIndex = true} = {}): ModelSpec {
  return {
    name: 'Pair',
    properties: {
      id: {type: 'number', id: true, generated: true},
      ...(withA ? {a: {type: 'number'}} : {}),
      b: {type: 'number'},
      c: {type: 'number'},
    },
    settings: withIndex
      ? {
          indexes: {
            pair_ab: {keys: {a: 1, b: 1}, options: {unique: true}},
            pair_bc: {keys: {b: 1, c: 1}},
          },
        }
      : {indexes: {pair_bc: {keys: {b: 1, c: 1}}}},
  };
}

describeOnDatabase(
  'mysql',
  'MariaDB: a column dropped from a unique index of several columns',
  db => {
    beforeEach(() => dropAllTables(db()));

    async function migrate(model: ModelSpec) {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [model]);
      try {
        return await migrateSchemaWithReport(app);
      } finally {
        await closeApp(app);
      }
    }

    it('is refused before any change when the index stays declared', async () => {
      await migrate(pair());
      const err = await rejection(migrate(pair({withA: false})));
      expect(err).to.be.instanceOf(MigrationWillFailError);
      expect((err as Error).message).to.match(
        /refuses to drop column "a" of .*unique index "pair_ab" \("a", "b"\).*error 1072/,
      );
      expect((await columns(db(), 'Pair')).map(c => c.column)).to.containEql(
        'a',
      );
    });

    it('is dropped with the index when the model drops both', async () => {
      await migrate(pair());
      const report = await migrate(pair({withA: false, withIndex: false}));
      expect(report.dataSources[0].status).to.equal('migrated');
      expect((await columns(db(), 'Pair')).map(c => c.column)).to.eql([
        'id',
        'b',
        'c',
      ]);
    });
  },
);
