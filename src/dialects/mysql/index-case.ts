import type {JugglerConnector} from '../../juggler';
import {
  droppedIndex,
  IDENTIFIER,
  StatementClauses,
  unquote,
} from '../../planner/statement-clauses';
import type {PlanCache} from '../dialect';
import {
  indexDirections,
  indexIsUnique,
  indexPrefixes,
  tableIndexColumns,
} from './key-indexes';
import {keepsDescendingKeys, readServer} from './server';

/** A prefix length of a key: `(10)`. */
const PREFIX = '\\s*\\(\\s*(\\d+)\\s*\\)';
/** A key: a plain or quoted name, a prefix length or none, then `ASC` or `DESC` or neither. */
const KEY_PART = `${IDENTIFIER}(?:${PREFIX})?(?:\\s+(?:ASC|DESC))?`;
/** `ADD [UNIQUE] INDEX name (keys)`, keys names with a prefix length and a direction only. */
const ADD_INDEX = new RegExp(
  `^ADD\\s+(UNIQUE\\s+)?INDEX\\s+(${IDENTIFIER})\\s*\\(\\s*(${KEY_PART}(?:\\s*,\\s*${KEY_PART})*)\\s*\\)$`,
  'i',
);
const KEY = new RegExp(
  `(${IDENTIFIER})(?:${PREFIX})?(?:\\s+(ASC|DESC))?`,
  'gi',
);

/**
 * Take out each `DROP INDEX x` + `ADD INDEX x (keys)` pair of a table whose
 * index `x` already is what the ADD makes but for the case of its keys'
 * names (the same columns in the same order and directions, the same
 * uniqueness). The connector compares an index's keys with the catalog's
 * column names case-sensitively, while MySQL's column names are not: a key
 * spelled `code` on a column `Code` (a `columnName`, or `keys: {CODE: 1}`)
 * made every run drop and make the index again. It compares the keys of
 * `columns: 'weight DESC, code'` with the column names as written, DESC
 * and all, and made that index again on every run too, and those of
 * `columns: 'title(20)'` with the prefix length.
 */
export async function withoutIndexCaseChanges(
  connector: JugglerConnector,
  statements: readonly string[],
  cache: PlanCache,
): Promise<string[]> {
  const clauses = new StatementClauses(statements);
  const remaining = clauses.remaining();
  for (const drop of remaining) {
    const index = droppedIndex(drop.text);
    if (index === undefined || !drop.table) continue;
    const add = remaining.find(clause => {
      const added = ADD_INDEX.exec(clause.text.trim());
      return (
        clause.table === drop.table &&
        added !== null &&
        unquote(added[2]) === index
      );
    });
    const added = add && ADD_INDEX.exec(add.text.trim());
    if (!add || !added) continue;
    const table = unquote(drop.table);
    const keys = [...added[3].matchAll(KEY)].map(
      ([, name, prefix, direction]) => ({
        name: unquote(name),
        prefix: prefix === undefined ? null : Number(prefix),
        descending: /^DESC$/i.test(direction ?? ''),
      }),
    );
    const columns = (await tableIndexColumns(connector, table, cache)).get(
      index,
    );
    const unique = await indexIsUnique(connector, table, index, cache);
    const made = await indexDirections(connector, table, index, cache);
    const prefixes = await indexPrefixes(connector, table, index, cache);
    if (
      columns?.length === keys.length &&
      columns.every(
        (c, at) => c.toLowerCase() === keys[at].name.toLowerCase(),
      ) &&
      keys.every((k, at) => k.prefix === prefixes[at]) &&
      unique === Boolean(added[1]) &&
      (keys.every((k, at) => k.descending === made[at]) ||
        !keepsDescendingKeys(await readServer(connector)))
    ) {
      clauses.remove(drop);
      clauses.remove(add);
    }
  }
  return clauses.statements();
}
