import type {ModelSpec} from './app-builder';
import type {DatabaseKind} from './databases';

/** A `Note` with a title: the model of the scan-limit suites. */
export const NOTE: ModelSpec = {
  name: 'Note',
  properties: {
    id: {type: 'number', id: true, generated: true},
    title: {type: 'string'},
  },
};

/** `NOTE` with a `body`, which dropping makes the run read its values. */
export const NOTE_WITH_BODY: ModelSpec = {
  ...NOTE,
  properties: {...NOTE.properties, body: {type: 'string'}},
};

/** `NOTE_WITH_BODY` with a unique index on its title, whose duplicates the run predicts. */
export const NOTE_WITH_UNIQUE_TITLE: ModelSpec = {
  ...NOTE_WITH_BODY,
  settings: {
    indexes: {note_title_uniq: {keys: {title: 1}, options: {unique: true}}},
  },
};

/**
 * `NOTE_WITH_BODY` whose title is narrowed to `varchar(20)` on `kind`: a
 * type change the run checks by reading every value.
 */
export function noteWithShortTitle(kind: DatabaseKind): ModelSpec {
  return {
    ...NOTE,
    properties: {
      ...NOTE_WITH_BODY.properties,
      title: {type: 'string', [kind]: {dataType: 'varchar', dataLength: 20}},
    },
  };
}
