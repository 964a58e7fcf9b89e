import {expect} from '@loopback/testlab';
import type {ModelSpec} from '../support/app-builder';
import {describeEachDatabase, describeOnDatabase} from '../support/databases';
import {migrationsOn} from '../support/migrations-on';

/** A parcel with a composite index over `keys`, a key of -1 descending. */
function parcel(keys: Record<string, number>): ModelSpec {
  return {
    name: 'Parcel',
    properties: {
      id: {type: 'number', id: true, generated: true},
      weight: {type: 'number'},
      code: {type: 'string', length: 20},
    },
    settings: {indexes: {ix_parcel: {keys}}},
  };
}

// The mysql connector compares an index with its declaration by its columns
// and their order only: a key's direction changed alone was never planned,
// and `--full-check` found the old index up to date.
describeEachDatabase('an index key whose direction changes', (db, kind) => {
  const run = migrationsOn(db);

  /** `ix_parcel`'s keys, `weight DESC,code` (lower-cased, unquoted). */
  async function ixParcel(): Promise<string | undefined> {
    const [row] = await db().query<{keys: string}>(
      kind === 'postgresql'
        ? `SELECT array_to_string(ARRAY(
                    SELECT pg_get_indexdef(ix.indexrelid, k + 1, true) ||
                           CASE WHEN ix.indoption[k] & 1 = 1 THEN ' desc' ELSE '' END
                      FROM generate_subscripts(ix.indkey, 1) AS k ORDER BY k), ',') AS keys
             FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid
            WHERE i.relname = 'ix_parcel'`
        : `SELECT GROUP_CONCAT(CONCAT(COLUMN_NAME, IF(COLLATION = 'D', ' desc', ''))
                ORDER BY SEQ_IN_INDEX) AS \`keys\`
         FROM information_schema.STATISTICS
        WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME = 'ix_parcel'`,
    );
    return row?.keys?.toLowerCase();
  }

  it('remakes the index as declared in one run, and settles', async () => {
    const steps: Array<[Record<string, number>, string]> = [
      [{weight: -1, code: 1}, 'weight desc,code'],
      [{weight: 1, code: 1}, 'weight,code'],
      [{weight: 1, code: -1}, 'weight,code desc'],
    ];
    for (const [step, [keys, made]] of steps.entries()) {
      const report = await run([parcel(keys)]);
      expect(report.dataSources[0].status).to.equal('migrated');
      // MySQL: one ALTER TABLE, as the connector writes an index change
      // (online clauses aside).
      if (kind === 'mysql' && step > 0)
        expect(
          report.dataSources[0].statements.map(s =>
            s.sql.replace(/, ALGORITHM=\w+, LOCK=\w+$/, ''),
          ),
        ).to.eql([
          'ALTER TABLE `Parcel` DROP INDEX `ix_parcel`, ADD INDEX `ix_parcel` (' +
            made
              .split(',')
              .map(k => k.replace(/^(\w+)/, '`$1`').replace(/desc$/, 'DESC'))
              .join(',') +
            ')',
        ]);
      expect(await ixParcel()).to.equal(made);
      // An unchanged index, DESC keys too, is not remade.
      const again = await run([parcel(keys)], {fullCheck: true});
      expect(again.dataSources[0]).to.containDeep({
        status: 'up-to-date',
        statements: [],
      });
      const fast = await run([parcel(keys)]);
      expect(fast.dataSources[0].status).to.equal('up-to-date');
    }
  });

  // The PostgreSQL connector compares an index of one key by its name,
  // type and uniqueness only.
  it('remakes an index of one key whose direction changes', async () => {
    for (const [keys, made] of [
      [{weight: 1}, 'weight'],
      [{weight: -1}, 'weight desc'],
      [{weight: 1}, 'weight'],
    ] as Array<[Record<string, number>, string]>) {
      await run([parcel(keys)]);
      expect(await ixParcel()).to.equal(made);
      const again = await run([parcel(keys)], {fullCheck: true});
      expect(again.dataSources[0].status).to.equal('up-to-date');
    }
  });

  it('restores a direction changed by hand, past the fast path', async () => {
    await run([parcel({weight: 1, code: 1})]);
    const settled = await run([parcel({weight: 1, code: 1})]);
    expect(settled.dataSources[0].status).to.equal('up-to-date');
    await db().query(
      kind === 'postgresql'
        ? 'DROP INDEX ix_parcel; CREATE INDEX ix_parcel ON parcel (weight DESC, code)'
        : 'ALTER TABLE `Parcel` DROP INDEX `ix_parcel`, ADD INDEX `ix_parcel` (`weight` DESC, `code`)',
    );
    expect(await ixParcel()).to.equal('weight desc,code');

    const restored = await run([parcel({weight: 1, code: 1})]);
    expect(restored.dataSources[0].status).to.equal('migrated');
    expect(await ixParcel()).to.equal('weight,code');
  });
});

// The mysql connector compares the keys of `columns` with the column names
// as written, direction and all: `weight DESC` is no column, so the index
// was dropped and made again on every run.
describeOnDatabase('mysql', 'an index of columns with a direction', db => {
  const run = migrationsOn(db);
  const withColumns = (columns: string): ModelSpec => ({
    ...parcel({}),
    settings: {indexes: {ix_parcel: {columns}}},
  });

  it('settles, and a direction changed is made', async () => {
    for (const columns of [
      'weight DESC, code',
      'weight, code',
      'weight ASC, code DESC',
    ]) {
      const made = await run([withColumns(columns)]);
      expect(made.dataSources[0].status).to.equal('migrated');
      const again = await run([withColumns(columns)], {fullCheck: true});
      expect(again.dataSources[0]).to.containDeep({
        status: 'up-to-date',
        statements: [],
      });
    }
  });
});
