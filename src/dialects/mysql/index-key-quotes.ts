import type {JugglerConnector} from '../../juggler';
import {quote} from './quote';

/** `ADD [UNIQUE|FULLTEXT|SPATIAL] INDEX [USING t] name (keys)`: $1 up to `(`, $2 the keys. */
const ADD_INDEX =
  /(\bADD\s+(?:UNIQUE\s+|FULLTEXT\s+|SPATIAL\s+)?INDEX\s+(?:USING\s+\w+\s+)?(?:`(?:[^`]|``)*`|[\w$]+)\s*\()([^()]*)\)/gi;
const BARE_KEY = /^\s*([A-Za-z_$][\w$]*)(\s+DESC)?\s*$/i;

const DESC = /\s+DESC\s*$/i;

/**
 * Quote the keys of the indexes an `ALTER TABLE` adds. The connector quotes
 * the keys of `settings.indexes` in its `CREATE TABLE` but pastes them bare
 * in `ADD INDEX`: a key named like a reserved word (`group`, `order`) made
 * the statement a syntax error, and a key naming one of the model's
 * `columns` with a space or a backtick (`` gr`oup ``) was read as another
 * column, or none. Other keys (expressions, prefix lengths) stay as written.
 */
export function quotesAddedIndexKeys(
  sql: string,
  columns: readonly string[],
): string {
  if (!/^\s*ALTER\s+TABLE\b/i.test(sql)) return sql;
  return sql.replace(ADD_INDEX, (_, head: string, keys: string) => {
    const quoted = keys.split(',').map(key => {
      const bare = BARE_KEY.exec(key);
      if (bare) return `${quote(bare[1])}${bare[2] ? ' DESC' : ''}`;
      const name = key.replace(DESC, '').trim();
      if (!columns.includes(name)) return key;
      return `${quote(name)}${DESC.test(key) ? ' DESC' : ''}`;
    });
    return `${head}${quoted.join(',')})`;
  });
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
