/**
 * A Kind with a `token` column and a Local whose foreign key references it
 * (not the id): the models of the suites on keys to columns that need a
 * key of their own.
 */
import type {PropertyDefinition} from '@loopback/repository';
import type {ModelSpec} from './app-builder';

/** `token` as plain string column (no index). */
export const PLAIN_TOKEN: PropertyDefinition = {type: 'string', length: 20};

/** A Kind whose `token` is declared so. */
export function kindWithToken(token: PropertyDefinition): ModelSpec {
  return {
    name: 'Kind',
    properties: {id: {type: 'number', id: true, generated: true}, token},
  };
}

/** A Local, with its foreign key `fk_local_tag` to Kind's `token` or without it. */
export function localReferencingToken(keyed = true): ModelSpec {
  return {
    name: 'Local',
    properties: {
      id: {type: 'number', id: true, generated: true},
      tag: {type: 'string', length: 20},
    },
    settings: keyed
      ? {
          foreignKeys: {
            fk_local_tag: {
              name: 'fk_local_tag',
              entity: 'Kind',
              entityKey: 'token',
              foreignKey: 'tag',
            },
          },
        }
      : {},
  };
}
