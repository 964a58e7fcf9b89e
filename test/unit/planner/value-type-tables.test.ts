import {expect} from '@loopback/testlab';
import type {AttachedModel} from '../../../src/juggler';
import {valueTypeTableWarnings} from '../../../src/planner/value-type-tables';

/** juggler's model class: what a property's type is when it names a model. */
function modelClass(modelName: string) {
  return {modelName};
}

function attached(
  modelName: string,
  properties: Record<string, unknown>,
): AttachedModel {
  return {model: modelClass(modelName), properties, settings: {}};
}

/** The id juggler adds to a model that declares none. */
const INJECTED_ID = {type: Number, id: 1, generated: true};

describe('valueTypeTableWarnings', () => {
  const definitions = {
    Dimensions: attached('Dimensions', {
      width: {type: Number},
      id: INJECTED_ID,
    }),
    Tag: attached('Tag', {label: {type: String}, id: INJECTED_ID}),
    Owner: attached('Owner', {id: {type: Number, id: true, generated: true}}),
    Loose: attached('Loose', {id: INJECTED_ID}),
    Product: attached('Product', {
      id: {type: String, id: true},
      dimensions: {type: modelClass('Dimensions')},
      tags: {type: [modelClass('Tag')]},
      owner: {type: modelClass('Owner')},
    }),
    Crate: attached('Crate', {
      id: {type: Number, id: true},
      inner: {type: modelClass('Dimensions')},
    }),
  };

  it('names every property a model without an id of its own types, items of arrays too', () => {
    const [warning, ...more] = valueTypeTableWarnings(
      'Dimensions',
      '"dimensions"',
      definitions,
    );
    expect(more).to.eql([]);
    expect(warning).to.startWith(
      'model Dimensions: its table "dimensions" is made, as stock migrateSchema() makes it',
    );
    expect(warning).to.containEql(
      'as the type of Product.dimensions, Crate.inner (LoopBack',
    );
    expect(
      valueTypeTableWarnings('Tag', '"tag"', definitions)[0],
    ).to.containEql('as the type of Product.tags (LoopBack');
  });

  it('says nothing of a model that declares its id, nor of one no property has as its type', () => {
    expect(valueTypeTableWarnings('Owner', '"owner"', definitions)).to.eql([]);
    expect(valueTypeTableWarnings('Loose', '"loose"', definitions)).to.eql([]);
    expect(valueTypeTableWarnings('Product', '"product"', definitions)).to.eql(
      [],
    );
  });
});
