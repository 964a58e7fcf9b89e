import type {JugglerConnector} from '../../juggler';
import {escapeName} from '../dialect';
import {
  IDENTIFIER,
  identifierParts,
  splitClauses,
  unquote,
} from '../../planner/statement-clauses';
import {statementTarget} from '../../planner/statement-target';
import {foldPg} from './fold';

/**
 * The indexes as the PostgreSQL connector's `addIndexes()` makes them, and
 * as its statements name them: what the plan's index checks share.
 */

const QUALIFIED = `${IDENTIFIER}(?:\\s*\\.\\s*${IDENTIFIER})?`;
const CREATE_INDEX = new RegExp(
  `^CREATE\\s+(UNIQUE\\s+)?INDEX\\s+(${IDENTIFIER})\\s+ON\\s+(${QUALIFIED})` +
    '\\s*(?:USING\\s+(\\w+)\\s*)?\\(([\\s\\S]*)\\)$',
  'i',
);
const INDEX_KEY = new RegExp(`^(${IDENTIFIER})(?:\\s+(ASC|DESC))?$`, 'i');

/** An index as a statement or a declaration wants it. */
export interface WantedIndex {
  readonly unique: boolean;
  /** Its access method, lower case (`btree`, `gin`, ...). */
  readonly method: string;
  readonly keys: ReadonlyArray<{column: string; descending: boolean}>;
}

/**
 * The index a connector-written `CREATE [UNIQUE] INDEX name ON table [USING
 * m] ( keys )` makes, keyed `schema.name` (`name` alone when the table is
 * not qualified); `undefined` for other statements and for keys that are
 * not plain columns.
 */
export function parseCreateIndex(
  sql: string,
): {name: string; wanted: WantedIndex} | undefined {
  const match = CREATE_INDEX.exec(sql.trim());
  if (!match) return undefined;
  const [, unique, name, table, method, keyList] = match;
  const keys = splitClauses(keyList).map(key => INDEX_KEY.exec(key));
  if (keys.some(key => !key)) return undefined;
  const schema = identifierParts(table, foldPg).slice(0, -1);
  return {
    name: [...schema, unquote(name, foldPg)].join('.'),
    wanted: {
      unique: unique !== undefined,
      method: (method ?? 'btree').toLowerCase(),
      keys: keys.map(key => ({
        column: unquote(key![1], foldPg),
        descending: key![2]?.toUpperCase() === 'DESC',
      })),
    },
  };
}

/**
 * `CREATE <kind> INDEX "name" ON table[ USING type] ( <keys>)`, spelled as
 * the connector's `addIndexes()` spells it: `keys` is the text between the
 * parentheses after their first space (the connector ends a property's key
 * with a space, and a `settings.indexes` key list with none).
 */
export function writeCreateIndex(
  connector: JugglerConnector,
  model: string,
  index: {name: string; kind: string; type: unknown; keys: string},
): string {
  const using = index.type ? ` USING ${String(index.type)}` : '';
  return (
    `CREATE ${index.kind} INDEX ${escapeName(connector, index.name)} ON ` +
    `${connector.tableEscaped?.(model)}${using} ( ${index.keys})`
  );
}

/** The names of the indexes that `statements` drop and create, as written. */
export function indexNamesIn(statements: readonly string[]): {
  dropped: Set<string>;
  created: Set<string>;
} {
  const dropped = new Set<string>();
  const created = new Set<string>();
  for (const sql of statements) {
    const target = statementTarget(sql, foldPg);
    if (target.kind === 'create-index') created.add(target.index);
    if (target.kind === 'drop-index') dropped.add(target.index.name);
  }
  return {dropped, created};
}

/**
 * A property's own index (`index: true`, `index: {...}`), as declared: the
 * connector makes it with its name, key and method, and unique only when it
 * is declared so (see `plain-property-indexes.ts`).
 */
export interface PropertyIndex {
  /** `<table>_<column>_idx`. */
  readonly name: string;
  readonly column: string;
  readonly unique: boolean;
  /** Its access method, lower case. */
  readonly method: string;
  readonly create: string;
}

/** A property's `index` as the connector's `addIndexes()` reads it. */
interface PropertyIndexDeclaration {
  readonly kind?: unknown;
  readonly type?: unknown;
  readonly unique?: unknown;
}

/** The indexes the model's properties declare. */
export function pgPropertyIndexes(
  connector: JugglerConnector,
  model: string,
): PropertyIndex[] {
  const properties = connector._models?.[model]?.properties ?? {};
  const table = connector.table?.(model);
  if (!table) return [];
  const result: PropertyIndex[] = [];
  for (const [property, definition] of Object.entries(properties)) {
    const index = (definition as {index?: unknown} | undefined)?.index;
    const column = connector.column?.(model, property);
    if (!index || !column) continue;
    const declared: PropertyIndexDeclaration =
      typeof index === 'object' ? index : {};
    // The connector's addIndexes() makes any other object without `kind`
    // or `type` (`{unique: false}`, `{}`) unique too.
    let kind = declared.kind ? String(declared.kind) : '';
    if (declared.unique === true) kind = ' UNIQUE ';
    const name = `${table}_${column}_idx`;
    result.push({
      name,
      column,
      unique: /\bUNIQUE\b/i.test(kind),
      method: String(declared.type ?? 'btree').toLowerCase(),
      create: writeCreateIndex(connector, model, {
        name,
        kind,
        type: declared.type,
        keys: `${escapeName(connector, column)} `,
      }),
    });
  }
  return result;
}
