import {InvalidModelError} from '../../errors';
import type {JugglerConnector} from '../../juggler';

/**
 * Refuse a model whose table or schema name holds a single quote. The
 * connector reads a table's columns and indexes by pasting these two names,
 * unescaped, into SQL string literals: the read fails or reads another
 * table, so the table is never found and every later run would fail with
 * "already exists" (or plan against the wrong columns).
 */
export function checkPgLiteralNames(
  connector: JugglerConnector,
  model: string,
): void {
  const names = [
    {
      what: 'table',
      name: connector.table?.(model) ?? model,
      fix: 'rename the model, or set its settings.postgresql.table',
    },
    {
      what: 'schema',
      name: connector.schema?.(model) ?? '',
      fix: "set its settings.postgresql.schema (or the datasource's schema)",
    },
  ];
  for (const {what, name, fix} of names) {
    if (name.includes("'")) {
      throw new InvalidModelError(
        `model ${model}: the ${what} is named "${name}", which holds a single ` +
          "quote ('); the PostgreSQL connector reads the table's columns with " +
          'the name pasted unescaped into SQL, so it would never find the table ' +
          `and every later run would fail. Give it a name without quotes: ${fix}.`,
        model,
      );
    }
  }
}
