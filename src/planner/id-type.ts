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

/**
 * The id properties of the models whose existing column holds another kind
 * of value (number, text, ...) than the model declares. The connectors'
 * autoupdate never looks at an id column, so without this an id changed from
 * number to string would be reported up to date while the column stays an
 * integer. Changing it safely depends on what the connector cannot see
 * (foreign keys that reference it, its sequence or AUTO_INCREMENT, the values
 * it holds), so each is refused with the way to do it.
 */
export async function idTypeChanges(
  dataSource: string,
  connector: TypedConnector,
  dialect: Dialect,
  models: readonly string[],
  present: readonly TableRef[],
  cache?: PlanCache,
): Promise<IdTypeChange[]> {
  const existing = new Set(present.map(tableKey));
  const ids = models.flatMap(model => {
    const table = dialect.tableOf(connector, model);
    if (!existing.has(tableKey(table))) return [];
    const properties = connector._models?.[model]?.properties ?? {};
    return Object.entries(properties)
      .filter(([, p]) => Boolean((p as {id?: unknown} | undefined)?.id))
      .map(([property]) => ({model, property, table}));
  });
  if (ids.length === 0 || !connector.columnDataType) return [];
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
  for (const {model, property, table} of ids) {
    const column = connector.column?.(model, property) ?? property;
    const type = typeOf.get(columnKey(table.schema, table.name, column));
    const declared = connector.columnDataType(model, property);
    if (type === undefined || valueKind(type) === valueKind(declared)) continue;
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
  return changes;
}

/** The key of a column in maps (its schema, table and name). */
function columnKey(schema: string, table: string, column: string): string {
  return JSON.stringify([schema, table, column]);
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
