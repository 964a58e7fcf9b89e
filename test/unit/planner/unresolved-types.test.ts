import {expect} from '@loopback/testlab';
import type {AttachedModel} from '../../../src/juggler';
import {unresolvedTypeWarnings} from '../../../src/planner/unresolved-types';

/** What juggler makes of a type name it cannot resolve. */
function placeholder(name: string) {
  const type = function () {};
  Object.defineProperty(type, 'name', {value: name});
  return Object.assign(type, {modelName: name, settings: {unresolved: true}});
}

/** A resolved model class, as juggler makes it. */
function modelClass(name: string) {
  return Object.assign(function () {}, {modelName: name, settings: {}});
}

function definition(properties: Record<string, unknown>): AttachedModel {
  return {model: {modelName: 'Note'}, properties, settings: {}};
}

describe('unresolvedTypeWarnings', () => {
  it('names a property whose type is no type and no model, and what it likely means', () => {
    expect(
      unresolvedTypeWarnings(
        'Note',
        definition({
          id: {type: Number, id: true},
          title: {type: placeholder('strin')},
          author: {type: placeholder('Autor')},
          data: {type: placeholder('Payload')},
          owner: {type: modelClass('Author')},
        }),
        ['Note', 'Author'],
      ),
    ).to.eql([
      'model Note, property title: type strin is no type LoopBack knows and no model it found ' +
        '(did you mean string?); the connector makes its column as for an untyped value ' +
        '(TEXT, unless the property names its dataType)',
      'model Note, property author: type Autor is no type LoopBack knows and no model it found ' +
        '(did you mean Author?); the connector makes its column as for an untyped value ' +
        '(TEXT, unless the property names its dataType)',
      'model Note, property data: type Payload is no type LoopBack knows and no model it found; ' +
        'the connector makes its column as for an untyped value (TEXT, unless the property names its dataType)',
    ]);
  });

  it('names the type a TypeScript union written as a type name holds, as lb4 relation writes one', () => {
    expect(
      unresolvedTypeWarnings(
        'Appointment',
        definition({
          doctorId: {type: placeholder('number | undefined')},
          note: {type: placeholder('string | null')},
          either: {type: placeholder('number | string')},
        }),
        ['Appointment'],
      ),
    ).to.eql([
      'model Appointment, property doctorId: type number | undefined is no type LoopBack knows ' +
        'and no model it found (a TypeScript union written as a type name, as `lb4 relation` ' +
        "writes a hasMany, hasManyThrough or hasOne key: declare type: 'number'); the connector makes " +
        'its column as for an untyped value (TEXT, unless the property names its dataType)',
      'model Appointment, property note: type string | null is no type LoopBack knows ' +
        'and no model it found (a TypeScript union written as a type name, as `lb4 relation` ' +
        "writes a hasMany, hasManyThrough or hasOne key: declare type: 'string'); the connector makes " +
        'its column as for an untyped value (TEXT, unless the property names its dataType)',
      'model Appointment, property either: type number | string is no type LoopBack knows ' +
        'and no model it found; the connector makes its column as for an untyped value ' +
        '(TEXT, unless the property names its dataType)',
    ]);
  });
});
