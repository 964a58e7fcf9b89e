import {expect} from '@loopback/testlab';
import type {ModelSpec} from '../support/app-builder';
import {indexes} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {migrationsOn} from '../support/migrations-on';

/** A parcel with a composite index over `keys`, in their order. */
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
