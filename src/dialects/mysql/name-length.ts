import {InvalidModelError} from '../../errors';
import type {JugglerConnector} from '../../juggler';

/** The longest table, column, index or constraint name MySQL and MariaDB take. */
const MAX_IDENTIFIER_CHARACTERS = 64;

interface NamedThing {
  readonly what: string;
  readonly name: string;
  readonly fix: string;
}

/**
 * Refuse a model naming anything the connector creates (table, column,
 * index, foreign key) with more than 64 characters. The server refuses such
 * a name only at its statement, and its DDL commits each statement: the
 * statements before it stay applied.
 */
export function checkMysqlNameLengths(
  connector: JugglerConnector,
  model: string,
): void {
  const definition = connector._models?.[model];
  const indexes = definition?.settings.indexes;
  const names: NamedThing[] = [
    {
      what: 'table',
      name: connector.table?.(model) ?? model,
      fix: 'rename the model, or set its settings.mysql.table',
    },
    ...Object.keys(definition?.properties ?? {}).map(property => ({
      what: `column of property ${property}`,
      name: connector.column?.(model, property) ?? property,
      fix: `set the property's mysql.columnName`,
    })),
    ...(typeof indexes === 'object' && indexes !== null
      ? Object.keys(indexes)
      : []
    ).map(name => ({
      what: 'index',
      name,
      fix: 'rename its key in settings.indexes',
    })),
    ...Object.entries(definition?.settings.foreignKeys ?? {}).flatMap(
      ([key, fk]) =>
        typeof fk.name === 'string'
          ? [
              {
                what: 'foreign key',
                name: fk.name,
                fix: `set a shorter settings.foreignKeys.${key}.name`,
              },
            ]
          : [],
    ),
  ];
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
