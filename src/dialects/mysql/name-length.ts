import {InvalidModelError} from '../../errors';
import type {ModelName} from '../model-names';

/** The longest table, column, index or constraint name MySQL and MariaDB take. */
const MAX_IDENTIFIER_CHARACTERS = 64;

/**
 * Refuse a model naming anything the connector creates (table, column,
 * index, foreign key) with more than 64 characters. The server refuses such
 * a name only at its statement, and its DDL commits each statement: the
 * statements before it stay applied.
 */
export function checkMysqlNameLengths(
  model: string,
  names: readonly ModelName[],
): void {
  for (const {what, name, fix} of names) {
    const length = [...name].length;
    if (length > MAX_IDENTIFIER_CHARACTERS) {
      throw new InvalidModelError(
        `model ${model}: the ${what} is named "${name}" (${length} characters), ` +
          `but MySQL and MariaDB names are at most ${MAX_IDENTIFIER_CHARACTERS} ` +
          `characters; the run would fail there. Give it a shorter name: ${fix}.`,
        model,
      );
    }
  }
}
