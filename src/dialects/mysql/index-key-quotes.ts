import type {JugglerConnector} from '../../juggler';
import {quote} from './quote';

/**
 * An index a statement makes: `ADD [UNIQUE|FULLTEXT|SPATIAL] INDEX [USING t]
 * name (keys)` of an `ALTER TABLE`, or the same after a comma (without
 * `ADD`) in a `CREATE TABLE`; $1 up to `(`, $2 the keys, a key's prefix
 * length `(N)` and all.
 */
const INDEX_CLAUSE =
  /((?:\bADD|,)\s+(?:UNIQUE\s+|FULLTEXT\s+|SPATIAL\s+)?INDEX\s+(?:USING\s+\w+\s+)?(?:`(?:[^`]|``)*`|[\w$]+)\s*\()((?:[^()]|\([^()]*\))*)\)/gi;
/** A key naming a column: its name (quoted or not), a prefix length `(N)`, a direction. */
const NAMED_KEY =
  /^\s*(`(?:[^`]|``)*`|[A-Za-z_$][\w$]*)\s*(\(\s*\d+\s*\))?(?:\s+(ASC|DESC))?\s*$/i;
const DIRECTION = /\s+(ASC|DESC)\s*$/i;

/**
 * Quote the keys of the indexes a `CREATE TABLE` or an `ALTER TABLE` makes.
 * The connector quotes the keys of `settings.indexes` given as `keys` in
 * its `CREATE TABLE` but pastes `columns: 'a, b'` as written there, and
 * every key bare in `ADD INDEX` (the plan's remade indexes too): a key
 * named like a reserved word (`group`, `order`), with a direction or a
 * prefix length (`group(10) DESC`) or not, made the statement a syntax
 * error, and a key naming one of the model's `columns` with a space or a
 * backtick (`` gr`oup ``) was read as another column, or none. Other keys
 * (expressions) stay as written.
 */
export function quotesAddedIndexKeys(
  sql: string,
  columns: readonly string[],
): string {
  if (!/^\s*(?:ALTER|CREATE)\s+TABLE\b/i.test(sql)) return sql;
  return sql.replace(INDEX_CLAUSE, (_, head: string, keys: string) => {
    const quoted = keys.split(',').map(key => quotedKey(key, columns));
    return `${head}${quoted.join(',')})`;
  });
}

/** One key of an index, its column quoted where it names one. */
function quotedKey(key: string, columns: readonly string[]): string {
  const named = NAMED_KEY.exec(key);
  const direction = (named?.[3] ?? DIRECTION.exec(key)?.[1])?.toUpperCase();
  const suffix = direction ? ` ${direction}` : '';
  if (named) {
    const name = named[1].startsWith('`')
      ? named[1].slice(1, -1).split('``').join('`')
      : named[1];
    return `${quote(name)}${named[2]?.replace(/\s+/g, '') ?? ''}${suffix}`;
  }
  const name = key.replace(DIRECTION, '').trim();
  return columns.includes(name) ? `${quote(name)}${suffix}` : key;
}

/** The columns of a model's properties, as the connector names them. */
export function modelColumns(
  connector: JugglerConnector,
  model: string,
): string[] {
  return Object.keys(connector._models?.[model]?.properties ?? {}).map(
    property => connector.column?.(model, property) ?? property,
  );
}
