import type {JugglerConnector} from '../../juggler';
import {escapeName, type PlanCache} from '../dialect';
import {pgTableIndexes} from './table-indexes';
import {indexNamesIn, writeCreateIndex} from './connector-indexes';
import {pgSchemaOf} from './model-schema';

/** A `settings.indexes` entry as the connector's `addIndexes()` reads it. */
interface IndexDeclaration {
  readonly keys?: unknown;
  readonly options?: {readonly unique?: unknown};
  readonly type?: unknown;
  readonly kind?: unknown;
}

/**
 * Add what the PostgreSQL connector misses about the single-column indexes
 * of `settings.indexes`: it compares one with the catalog by its name, type
 * and uniqueness, never by its column nor its direction (it does for
 * indexes of several columns), and one named `<table>_<word>_idx` not even
 * by its uniqueness (it takes it for a property's own index: making it
 * unique, or no longer, was reported up to date). So when the column changes (the property
 * renamed: dropping the old column drops the index with it; or the key
 * changed), or the key's direction (`{code: 1}` to `{code: -1}`), it plans
 * nothing, and the table is left without the index, or with it on the old
 * column, run after run. For each such index whose namesake on the table
 * has another column or direction, the plan drops it (`DROP INDEX` runs
 * before the table's changes) and makes it again as the connector writes
 * it (after them). Reads the table's indexes (from the plan's snapshot, when
 * `cache` holds it) only when the model declares such an index that the
 * statements do not already drop or make.
 */
export async function withChangedIndexKeys(
  connector: JugglerConnector,
  model: string,
  statements: readonly string[],
  cache?: PlanCache,
): Promise<string[]> {
  const table = connector.table?.(model);
  if (!table) return [...statements];
  const declared = comparedIndexes(connector, model, table, statements);
  if (declared.length === 0) return [...statements];
  const schema = pgSchemaOf(connector, model);
  const found = await pgTableIndexes(connector, schema, table, cache);
  const added: string[] = [];
  for (const index of declared) {
    const actual = found.find(f => f.name === index.name);
    if (
      !actual ||
      (actual.columns.length === index.columns.length &&
        index.columns.every(
          (column, k) =>
            actual.columns[k] === column &&
            ((actual.options[k] ?? 0) & INDOPTION_DESC) ===
              (index.descending[k] ? INDOPTION_DESC : 0),
        ) &&
        actual.unique === index.unique)
    ) {
      continue;
    }
    added.push(
      `DROP INDEX ${escapeName(connector, schema)}.${escapeName(connector, index.name)}`,
      index.create,
    );
  }
  return [...statements, ...added];
}

/** The bit of `pg_index.indoption` of a descending key. */
const INDOPTION_DESC = 1;

/** An index of `settings.indexes` the connector misjudges, and its CREATE INDEX. */
interface DeclaredIndex {
  readonly name: string;
  /** The columns it is declared on, in key order. */
  readonly columns: readonly string[];
  /** Whether each key is declared descending (`-1`, `DESC`). */
  readonly descending: readonly boolean[];
  /** Whether it is declared UNIQUE (`options: {unique: true}`, `kind`). */
  readonly unique: boolean;
  /** As the connector's `addIndexes()` writes it. */
  readonly create: string;
}

/**
 * The model's `settings.indexes` entries the connector does not compare in
 * full, but those the statements already drop or make: those of one key on
 * a property, and those of several keys named as it names a property's own
 * index (`<table>_<column>_idx`), which it does not compare at all.
 */
function comparedIndexes(
  connector: JugglerConnector,
  model: string,
  table: string,
  statements: readonly string[],
): DeclaredIndex[] {
  const indexes = connector._models?.[model]?.settings?.indexes as
    Record<string, unknown> | undefined;
  if (!indexes) return [];
  const {dropped, created} = indexNamesIn(statements);
  const result: DeclaredIndex[] = [];
  for (const [name, value] of Object.entries(indexes)) {
    if (!value || typeof value !== 'object') continue;
    // The connector quotes the names it writes: they keep their case.
    if (dropped.has(name) || created.has(name)) continue;
    const declaration = value as IndexDeclaration;
    const full = declaration.keys !== undefined;
    const keys = normalizeKeys(full ? declaration.keys : declaration);
    if (!keys?.length) continue;
    if (
      keys.length > 1 &&
      !namedAsPropertyIndex(connector, model, table, name)
    ) {
      continue;
    }
    const columns = keys.map(([property]) =>
      connector.column?.(model, property),
    );
    if (columns.some(column => !column)) continue;
    // As the connector's addIndexes() makes an index it did not find.
    let kind = full && declaration.kind ? String(declaration.kind) : '';
    if (full && declaration.options?.unique === true) kind = ' UNIQUE ';
    result.push({
      name,
      columns: columns as string[],
      descending: keys.map(([, order]) => /^DESC\b/i.test(order)),
      unique: /\bUNIQUE\b/i.test(kind),
      create: writeCreateIndex(connector, model, {
        name,
        kind,
        type: full ? declaration.type : undefined,
        keys: keys
          .map(
            ([, order], k) =>
              escapeName(connector, columns[k]!) + (order ? ` ${order}` : ''),
          )
          .join(', '),
      }),
    });
  }
  return result;
}

/**
 * Whether the connector takes index `name` for a property's own index, and
 * so compares nothing of it: `<table>_<word>_idx` where the word is a
 * column of the model (its `propNameRegEx`, built as it builds it) whose
 * property declares no index of its own.
 */
function namedAsPropertyIndex(
  connector: JugglerConnector,
  model: string,
  table: string,
  name: string,
): boolean {
  const word = new RegExp('^' + table + '_([^_]+)_idx').exec(name)?.[1];
  const propertyName = (
    connector as {propertyName?: (model: string, column: string) => unknown}
  ).propertyName;
  const property =
    word === undefined ? undefined : propertyName?.call(connector, model, word);
  if (typeof property !== 'string') return false;
  // A property with an index of its own: that index has the name (the
  // connector and `withPropertyIndexes` make it).
  const properties = connector._models?.[model]?.properties ?? {};
  return !(properties[property] as {index?: unknown} | undefined)?.index;
}

/**
 * An index's keys as the connector normalizes them, `[column, order]`
 * pairs (`{code: 1}`, `'code DESC'`, `['code DESC']` or, once the connector
 * normalized the declaration in place, `[['code', 'ASC']]`); `undefined`
 * for a shape it rejects.
 */
function normalizeKeys(keys: unknown): Array<[string, string]> | undefined {
  const parse = (key: string): [string, string] => {
    const [column, ...order] = key.trim().split(' ');
    return [column.trim(), order.join(' ')];
  };
  if (typeof keys === 'string') {
    return keys
      .split(',')
      .map(parse)
      .filter(([column]) => column !== '');
  }
  if (Array.isArray(keys)) {
    return keys.flatMap(key =>
      typeof key === 'string'
        ? [parse(key)]
        : Array.isArray(key) && typeof key[0] === 'string'
          ? [[key[0], String(key[1] ?? '')] as [string, string]]
          : [],
    );
  }
  if (keys && typeof keys === 'object') {
    return Object.keys(keys).map(column => [
      column,
      (keys as Record<string, unknown>)[column] === -1 ? 'DESC' : 'ASC',
    ]);
  }
  return undefined;
}
