import {expect} from '@loopback/testlab';
import type {ModelSpec} from '../support/app-builder';
import {describeEachDatabase} from '../support/databases';
import {migrationsOn} from '../support/migrations-on';

/** An item with an index on `keys` named as the table's (`item_qty_idx`). */
function item(unique: boolean, keys: Record<string, number>): ModelSpec {
  return {
    name: 'Item',
    properties: {
      id: {type: 'number', id: true, generated: true},
      qty: {type: 'number'},
      name: {type: 'string', length: 40},
    },
    settings: {
      indexes: {
        item_qty_idx: {keys, ...(unique && {options: {unique}})},
      },
    },
  };
}

// QA on an lb4 app: the PostgreSQL connector takes an index named
// `<table>_<word>_idx` for a property's own index and never compares its
// uniqueness: making it unique, or no longer, was reported up to date (a
// full check too), run after run.
describeEachDatabase('an index whose uniqueness changes', (db, kind) => {
  const run = migrationsOn(db);

  async function unique(): Promise<boolean | undefined> {
    const [row] = await db().query<{unique: unknown}>(
      kind === 'postgresql'
        ? `SELECT ix.indisunique AS "unique" FROM pg_index ix
             JOIN pg_class i ON i.oid = ix.indexrelid WHERE i.relname = 'item_qty_idx'`
        : `SELECT MIN(NON_UNIQUE) = 0 AS \`unique\` FROM information_schema.STATISTICS
            WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME = 'item_qty_idx'`,
    );
    return row === undefined ? undefined : Boolean(Number(row.unique));
  }

  const keySets: Record<string, number>[] = [{qty: 1}, {qty: 1, name: -1}];
  for (const keys of keySets) {
    it(`is remade as declared in one run, and settles (${Object.keys(keys).length} keys)`, async () => {
      for (const declared of [false, true, false]) {
        const report = await run([item(declared, keys)]);
        expect(report.dataSources[0].status).to.equal('migrated');
        expect(await unique()).to.equal(declared);
        const again = await run([item(declared, keys)], {fullCheck: true});
        expect(again.dataSources[0]).to.containDeep({
          status: 'up-to-date',
          statements: [],
        });
      }
    });
  }
});
