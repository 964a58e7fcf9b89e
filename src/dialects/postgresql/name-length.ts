import {InvalidModelError} from '../../errors';
import type {ModelName} from '../model-names';

/** PostgreSQL's NAMEDATALEN - 1: longer identifiers are cut. */
export const MAX_IDENTIFIER_BYTES = 63;

/**
 * Refuse a model naming anything the connector creates (schema, table,
 * column, index, foreign key) with more than 63 bytes. PostgreSQL cuts such
 * names silently: the first run would create the cut name, and every later
 * run would fail with "already exists" (schema, table, column) or drop and
 * create the index or foreign key again, never settling.
 */
export function checkPgNameLengths(
  model: string,
  names: readonly ModelName[],
): void {
  for (const {what, name, fix} of names) {
    const bytes = Buffer.byteLength(name);
    if (bytes > MAX_IDENTIFIER_BYTES) {
      throw new InvalidModelError(
        `model ${model}: the ${what} is named "${name}" (${bytes} bytes), but ` +
          `PostgreSQL names are at most ${MAX_IDENTIFIER_BYTES} bytes; it would ` +
          'be cut short and every later run would fail or change it again. ' +
          `Give it a shorter name: ${fix}.`,
        model,
      );
    }
  }
}
