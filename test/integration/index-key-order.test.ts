import {expect} from '@loopback/testlab';
import type {ModelSpec} from '../support/app-builder';
import {indexes} from '../support/catalog';
import {describeEachDatabase, describeOnDatabase} from '../support/databases';
import {migrationsOn} from '../support/migrations-on';

/**
 * A parcel with a composite index over `keys`, in their order: declared
 * with `keys`, or in juggler's shorthand (the keys themselves, which the
 * postgresql connector reads; the mysql one does not).
 */
function parcel(keys: Record<string, number>, shorthand = false): ModelSpec {
  return {
    name: 'Parcel',
    properties: {
      id: {type: 'number', id: true, generated: true},
      weight: {type: 'number'},
      code: {type: 'string', length: 20},
    },
    settings: {indexes: {ix_parcel: shorthand ? keys : {keys}}},
  };
}

// A fingerprint's JSON sorts every object's keys: the index reordered had
// the fingerprint of the index before, and the fast path found it up to date.
describeEachDatabase('composite index keys reordered', db => {
  const run = migrationsOn(db);
  const ixParcel = async () =>
    (await indexes(db())).find(i => i.name === 'ix_parcel')?.columns;

  it('is planned after an up-to-date run, and the index follows the new order', async () => {
    await run([parcel({weight: 1, code: 1})]);
    const settled = await run([parcel({weight: 1, code: 1})]);
    expect(settled.dataSources[0].status).to.equal('up-to-date');
    expect(await ixParcel()).to.equal('weight,code');

    const reordered = await run([parcel({code: 1, weight: 1})]);
    expect(reordered.dataSources[0].status).to.equal('migrated');
    expect(await ixParcel()).to.equal('code,weight');
  });
});

// The shorthand index has no `keys`: its reordered keys were those of the
// fingerprint's sorted JSON again, and the fast path found it up to date.
describeOnDatabase(
  'postgresql',
  'composite index keys reordered in shorthand (postgresql)',
  db => {
    const run = migrationsOn(db);
    const ixParcel = async () =>
      (await indexes(db())).find(i => i.name === 'ix_parcel')?.columns;

    it('is planned after an up-to-date run, and the index follows the new order', async () => {
      await run([parcel({weight: 1, code: 1}, true)]);
      const settled = await run([parcel({weight: 1, code: 1}, true)]);
      expect(settled.dataSources[0].status).to.equal('up-to-date');
      expect(await ixParcel()).to.equal('weight,code');

      const reordered = await run([parcel({code: 1, weight: 1}, true)]);
      expect(reordered.dataSources[0].status).to.equal('migrated');
      expect(await ixParcel()).to.equal('code,weight');
    });
  },
);
