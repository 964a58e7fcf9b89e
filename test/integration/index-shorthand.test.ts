import {expect} from '@loopback/testlab';
import {InvalidModelError, migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {TEXT} from '../support/indexed-item';
import {describeEachDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

/**
 * juggler's shorthand index `{code: 1, grp: -1}` (its keys without `keys`):
 * the postgresql connector reads it, the mysql one made no index in a new
 * table and wrote `ADD INDEX by_code ()` (a syntax error) on an existing one.
 */
describeEachDatabase(
  'an index of settings.indexes in shorthand',
  (db, kind) => {
    beforeEach(() => dropAllTables(db()));

    const models = (withIndex: boolean): ModelSpec[] => [
      {name: 'Alpha', properties: {id: {type: 'number', id: true}}},
      {
        name: 'Item',
        properties: {id: {type: 'number', id: true}, code: TEXT, grp: TEXT},
        settings: withIndex ? {indexes: {by_code: {code: 1, grp: -1}}} : {},
      },
    ];

    for (const existing of [false, true]) {
      it(`is made on PostgreSQL, refused on MySQL before any change (${existing ? 'existing' : 'new'} table)`, async () => {
        if (existing) {
          const before = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
            models(false)[1],
          ]);
          try {
            await before.migrateSchema();
          } finally {
            await closeApp(before);
          }
        }
        const app = buildApp(
          MigratingApp,
          {db: db().dataSourceConfig},
          models(true),
        );
        try {
          const run = migrateSchemaWithReport(app);
          if (kind === 'postgresql') {
            await run;
            const [{definition}] = await db().query<{definition: string}>(
              "SELECT pg_get_indexdef('by_code'::regclass) AS definition",
            );
            expect(definition).to.match(/ \(code, grp DESC\)$/);
            return;
          }
          const error = await rejection(run);
          expect(error).to.be.instanceOf(InvalidModelError);
          expect(error.message).to.match(
            /model Item, index "by_code": .*Declare keys: \{code: 1, grp: -1\}/,
          );
          expect(await tables(db())).to.eql(existing ? ['item'] : []);
        } finally {
          await closeApp(app);
        }
      });
    }
  },
);
