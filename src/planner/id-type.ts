import {describeTable} from '../dialects/dialect';
import type {JugglerConnector} from '../juggler';
import type {PredictedFailure} from './will-fail';
import type {Dialect} from '../dialects/contract';
import {type PlanCache, type TableRef, tableKey} from '../dialects/dialect';

/** An id property whose column holds another kind of value than the model now declares. */
export interface IdTypeChange {
  readonly model: string;
  readonly property: string;
  /** The statement that would change the column (it is refused, never run). */
  readonly sql: string;
  readonly failure: PredictedFailure;
}

interface TypedConnector extends JugglerConnector {
  columnDataType?(model: string, property: string): string;
}

/** What the plan does about id columns whose type is not the model's. */
export interface IdTypeChanges {
  /** Another kind of value: refused. */
  readonly refused: IdTypeChange[];
  /** Another size or type of the same kind (`integer` to `bigint`): left, with a warning each. */
  readonly warnings: string[];
}

/**
 * The id properties of the models whose existing column is of another type
 * than the model declares. The connectors' autoupdate never looks at an id
 * column, so without this an id changed from number to string would be
 * reported up to date while the column stays an integer. Changing it safely
 * depends on what the connector cannot see (foreign keys that reference it,
 * its sequence or AUTO_INCREMENT, the values it holds): another kind of
 * value (number, text, ...) is refused with the way to do it; another size
 * of the same kind (`integer` to `bigint`, `varchar(255)` to `varchar(64)`,
 * `text` to `uuid`) runs today, so it is left as it is with a warning
 * saying so.
 */
export async function idTypeChanges(
  dataSource: string,
  connector: TypedConnector,
  dialect: Dialect,
  models: readonly string[],
  present: readonly TableRef[],
  cache?: PlanCache,
): Promise<IdTypeChanges> {
  const existing = new Set(present.map(tableKey));
  const ids = models.flatMap(model => {
    const table = dialect.tableOf(connector, model);
    if (!existing.has(tableKey(table))) return [];
    const properties = connector._models?.[model]?.properties ?? {};
    return Object.entries(properties)
      .filter(([, p]) => Boolean((p as {id?: unknown} | undefined)?.id))
      .map(([property]) => ({model, property, table}));
  });
  if (ids.length === 0 || !connector.columnDataType) {
    return {refused: [], warnings: []};
  }
  const actual = await dialect.columnTypes(
    connector,
    [...new Set(ids.map(id => id.table.schema))],
    [
      ...new Set(
        ids.map(id => connector.column?.(id.model, id.property) ?? id.property),
      ),
    ],
    cache,
  );
  const typeOf = new Map(
    actual.map(c => [columnKey(c.schema, c.table, c.column), c.type]),
  );
  const changes: IdTypeChange[] = [];
  const warnings: string[] = [];
  for (const {model, property, table} of ids) {
    const column = connector.column?.(model, property) ?? property;
    const type = typeOf.get(columnKey(table.schema, table.name, column));
    const declared = connector.columnDataType(model, property);
    if (type === undefined) continue;
    if (valueKind(type) === valueKind(declared)) {
      const now = storedAs(type);
      const wanted = storedAs(declared);
      if (
        now !== undefined &&
        wanted !== undefined &&
        !sameStorage(now, wanted)
      ) {
        warnings.push(
          `model ${model}: id property "${property}" now maps to ${declared}, but column ` +
            `"${column}" of table ${describeTable(table)} is ${type}, and the plan leaves it so ` +
            '(the connector never changes an id column; a new database gets the new type). ' +
            "Change it in a migration script with runs = 'before-schema', with the columns " +
            'that reference it and its sequence (ALTER SEQUENCE ... AS) or AUTO_INCREMENT, ' +
            'or keep the id type the column has',
        );
      }
      continue;
    }
    const sql = dialect.alterColumnTypeSql(connector, table, column, declared);
    const description =
      `model ${model}: id property "${property}" now maps to ${declared}, but column ` +
      `"${column}" of table ${describeTable(table)} is ${type}. The connector never ` +
      'changes an id column, and changing it here could break what relies on it: the ' +
      'foreign keys that reference it, its sequence (SERIAL) or AUTO_INCREMENT, the values ' +
      "it holds. Change it in a migration script with runs = 'before-schema' (with the " +
      'columns that reference it), or keep the id type the column has';
    changes.push({
      model,
      property,
      sql,
      failure: {
        dataSource,
        model,
        table: describeTable(table),
        sql,
        description,
      },
    });
  }
  return {refused: changes, warnings};
}

/** The key of a column in maps (its schema, table and name). */
function columnKey(schema: string, table: string, column: string): string {
  return JSON.stringify([schema, table, column]);
}

/** Integer types by their size in bytes, as both databases spell them. */
const INTEGER_BYTES: ReadonlyArray<readonly [RegExp, number]> = [
  [/^tinyint\b/, 1],
  [/^(smallint|int2|smallserial|serial2)\b/, 2],
  [/^mediumint\b/, 3],
  [/^(integer|int|int4|serial|serial4)\b/, 4],
  [/^(bigint|int8|bigserial|serial8)\b/, 8],
];

/**
 * How a column type stores an id, where a change matters and can be told
 * for sure: an integer's size, `uuid`, text of a length (`varchar(64)`, as
 * MySQL and PostgreSQL spell it) or of any length; `undefined` for anything
 * else.
 */
function storedAs(type: string): string | undefined {
  const t = type.trim().toLowerCase();
  if (/^tinyint\(1\)/.test(t)) return undefined;
  const integer = INTEGER_BYTES.find(([pattern]) => pattern.test(t));
  if (integer) return `integer of ${integer[1]} bytes`;
  if (/^uuid\b/.test(t)) return 'uuid';
  const sized =
    /^(varchar|character varying|char|character)\s*\(\s*(\d+)\s*\)/.exec(t);
  if (sized) {
    const fixed = sized[1] === 'char' || sized[1] === 'character';
    return `${fixed ? 'fixed-length text' : 'text'} of ${sized[2]} characters`;
  }
  if (/^(text|varchar|character varying)\b/.test(t)) return 'text';
  return undefined;
}

/**
 * Whether two {@link storedAs} values store an id alike. Text of any length
 * is taken for text of a given one: the PostgreSQL connector creates a
 * string id as `VARCHAR` without the length it declares.
 */
function sameStorage(a: string, b: string): boolean {
  const any = (x: string) => x === 'text';
  return (
    a === b ||
    (any(a) && b.startsWith('text of ')) ||
    (any(b) && a.startsWith('text of '))
  );
}

/** The kind of value a column type holds: number, text, boolean, ... */
export function valueKind(type: string): string {
  const t = type.toLowerCase();
  if (/^(tinyint\(1\)|bool)/.test(t)) return 'boolean';
  if (/int|serial|^(numeric|decimal|real|double|float)/.test(t))
    return 'number';
  if (/char|text|uuid|string|enum/.test(t)) return 'text';
  if (/^(date|time)/.test(t)) return 'datetime';
  if (/json/.test(t)) return 'json';
  return t;
}
