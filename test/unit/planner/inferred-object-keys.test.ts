import {expect} from '@loopback/testlab';
import type {AttachedModel} from '../../../src/juggler';
import {inferredObjectKeyWarnings} from '../../../src/planner/inferred-object-keys';

/** A definition whose juggler model class holds `rawProperties`, as declared. */
function definition(rawProperties: Record<string, unknown>): AttachedModel {
  const model = {modelName: 'Note', definition: {rawProperties}};
  return {model, properties: {}, settings: {}};
}

describe('inferredObjectKeyWarnings', () => {
  it('names the id and the key-named properties typed Object, in declaration order', () => {
    const warnings = inferredObjectKeyWarnings(
      'Note',
      definition({
        code: {type: Object, id: true},
        author_id: {type: Object},
        ownerID: {type: Object},
        parentId: {type: Number},
        metadata: {type: Object},
        externalId: {type: 'object'},
      }),
    );
    expect(warnings.map(w => /property (\w+):/.exec(w)?.[1])).to.eql([
      'code',
      'author_id',
      'ownerID',
    ]);
    expect(warnings[1]).to.match(/\(`author_id\?: number;` for a numeric id/);
  });

  it('has nothing to say of a model juggler holds no declared properties of', () => {
    expect(
      inferredObjectKeyWarnings('Note', {
        model: {modelName: 'Note'},
        properties: {authorId: {type: Object}},
        settings: {},
      }),
    ).to.eql([]);
  });
});
