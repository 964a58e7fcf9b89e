import type {JugglerConnector} from '../../juggler';

/** An entry of `settings.indexes`, as far as its form goes. */
interface ModelIndex {
  readonly keys?: unknown;
  readonly columns?: unknown;
  readonly kind?: unknown;
  readonly options?: {readonly unique?: unknown};
}

/** A key of `columns`: a name (quoted or not), then `ASC` or `DESC` or neither. */
const COLUMNS_KEY = /^\s*[`"]?([^\s`"]+)[`"]?(?:\s+(ASC|DESC))?\s*$/i;

/**
 * Why the index `index` of the model's `settings.indexes` cannot be built
 * as declared: MySQL's form `{columns: 'a, b'}` (without `keys`), which the
 * postgresql connector does not read. It takes the entry's own properties
 * (`columns`, `kind`) for the keys, and indexes columns named so. The
 * failure says so and gives the `keys` to declare instead.
 */
export function misreadColumnsIndex(
  connector: JugglerConnector,
  model: string,
  index: string,
): string | undefined {
  const indexes = connector._models?.[model]?.settings.indexes as
    Record<string, ModelIndex | null | undefined> | undefined;
  const declared = indexes?.[index];
  if (!declared || declared.keys || typeof declared.columns !== 'string') {
    return undefined;
  }
  const unique =
    declared.options?.unique === true ||
    (typeof declared.kind === 'string' &&
      /^\s*UNIQUE\s*$/i.test(declared.kind));
  const misread = Object.keys(declared).map(key => JSON.stringify(key));
  return (
    `index "${index}" declares \`columns: '${declared.columns}'\`, the mysql connector's ` +
    `form, which the postgresql connector does not read: it takes the entry's properties ` +
    `(${misread.join(', ')}) for the columns to index. Declare the keys instead: ` +
    `\`{keys: {${keysFor(declared.columns)}}${unique ? ', options: {unique: true}' : ''}}\``
  );
}

/** The keys that declare the index `columns` declares (-1: descending). */
function keysFor(columns: string): string {
  const parts = columns.split(',').map(part => COLUMNS_KEY.exec(part));
  if (parts.some(part => !part)) return 'column: 1, ...';
  const keys = parts.map(
    part =>
      `${JSON.stringify(part?.[1])}: ${/^DESC$/i.test(part?.[2] ?? '') ? -1 : 1}`,
  );
  return keys.join(', ');
}
