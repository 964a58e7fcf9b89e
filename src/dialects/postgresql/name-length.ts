import {InvalidModelError} from '../../errors';
import type {JugglerConnector} from '../../juggler';

/** PostgreSQL's NAMEDATALEN - 1: longer identifiers are cut. */
const MAX_IDENTIFIER_BYTES = 63;

const TABLE_FIX =
  'rename the model, or set its settings.postgresql.table (settings.postgresql.schema for the schema)';

interface NamedThing {
  readonly what: string;
  readonly name: string;
  readonly fix: string;
}

/**
 * Refuse a model naming anything the connector creates (schema, table,
 * column, index, foreign key) with more than 63 bytes. PostgreSQL cuts such
 * names silently: the first run would create the cut name, and every later
 * run would fail with "already exists" (schema, table, column) or drop and
 * create the index or foreign key again, never settling.
 */
export function checkPgNameLengths(
  connector: JugglerConnector,
  model: string,
): void {
  const definition = connector._models?.[model];
  const names: NamedThing[] = [
    {what: 'table', name: connector.table?.(model) ?? model, fix: TABLE_FIX},
    ...Object.keys(definition?.properties ?? {}).map(property => ({
      what: `column of property ${property}`,
      name: connector.column?.(model, property) ?? property,
      fix: `set the property's postgresql.columnName`,
    })),
    ...Object.keys(indexSettings(definition?.settings.indexes)).map(name => ({
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
  const schema = connector.schema?.(model);
  if (schema) {
    names.push({
      what: 'schema',
      name: schema,
      fix: "set its settings.postgresql.schema (or the datasource's schema)",
    });
  }
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

/** A model's `settings.indexes`, keyed by index name, when it is an object. */
function indexSettings(indexes: unknown): Readonly<Record<string, unknown>> {
  return typeof indexes === 'object' && indexes !== null
    ? (indexes as Record<string, unknown>)
    : {};
}
