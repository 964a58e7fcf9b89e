import type {PropertyDefinition} from '@loopback/repository';
import {buildApp, MigratingApp} from './app-builder';

/** A `varchar(40)` on both databases: short enough to index whole, in any key. */
export const TEXT: PropertyDefinition = {
  type: 'string',
  postgresql: {dataType: 'varchar', dataLength: 40},
  mysql: {dataType: 'varchar', dataLength: 40},
};

/**
 * An app whose model `Item` (`group`, `code`, `title`: `group` a reserved
 * word) declares `index` as its index `byGroup`.
 */
export function withIndex(
  db: Record<string, unknown>,
  index?: Record<string, unknown>,
): MigratingApp {
  return buildApp(MigratingApp, {db}, [
    {
      name: 'Item',
      properties: {
        id: {type: 'number', id: true, generated: true},
        group: TEXT,
        code: TEXT,
        title: TEXT,
      },
      settings: {indexes: index ? {byGroup: index} : {}},
    },
  ]);
}
