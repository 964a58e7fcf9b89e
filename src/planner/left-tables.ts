import type {Dialect} from '../dialects/contract';
import {
  describeTable,
  tableKey,
  type ListedTable,
  type PlanCache,
  type TableRef,
} from '../dialects/dialect';
import type {JugglerConnector} from '../juggler';
import {movedTablesWarnings, type TableOwnership} from './unmodelled';

/** What the plan knows of the datasource's tables. */
interface TablesRead {
  readonly schemas: readonly string[];
  readonly present: readonly ListedTable[];
  readonly owned: TableOwnership;
  readonly cache: PlanCache;
  /**
   * The models whose table a statement of the plan creates: a model on a
   * view (which `present`, the tables, lacks) has none, the connector reads
   * the view's columns as a table's.
   */
  readonly creating: ReadonlySet<string>;
}

/**
 * Warnings for the tables the plan creates (those of `tables` not
 * present that a statement creates) whose model's rows may be left behind in a table no model uses:
 * a table of the same name in another schema (a model moved there, see
 * {@link movedTablesWarnings}), or one of this schema holding every column
 * of the model (a model whose table setting was renamed).
 */
export async function leftTablesWarnings(
  connector: JugglerConnector,
  dialect: Dialect,
  models: readonly string[],
  tables: readonly TableRef[],
  read: TablesRead,
): Promise<string[]> {
  const found = new Set(read.present.map(tableKey));
  const created = models
    .map((model, i) => ({model, table: tables[i]}))
    .filter(
      ({model, table}) =>
        read.creating.has(model) && !found.has(tableKey(table)),
    );
  if (created.length === 0) return [];
  const moved = dialect.tablesNamedElsewhere
    ? movedTablesWarnings(
        created,
        await dialect.tablesNamedElsewhere(
          connector,
          created.map(c => c.table.name),
          read.schemas,
        ),
        read.owned,
      )
    : [];
  return [
    ...moved,
    ...(await renamedTablesWarnings(connector, dialect, created, read)),
  ];
}

/**
 * A model needs at least this many columns for a table holding them all to
 * be taken for its old one (an `id` alone says nothing).
 */
const MATCHING_COLUMNS = 2;

/**
 * For each created table, the tables of its schema that no model uses and
 * that hold every column of its model: most likely its old table, whose
 * name the model's table setting (`postgresql.table`, `mysql.table`, the
 * model's `name`) no longer gives. Its rows stay there and the app starts
 * on an empty table; stock says nothing either. Reads the columns from the
 * plan's catalog snapshot.
 */
async function renamedTablesWarnings(
  connector: JugglerConnector,
  dialect: Dialect,
  created: readonly {readonly model: string; readonly table: TableRef}[],
  read: TablesRead,
): Promise<string[]> {
  const orphans = read.present.filter(t => !t.partition && !read.owned(t));
  if (orphans.length === 0) return [];
  const columnsOf = new Map(
    created.map(({model}) => [model, modelColumns(connector, dialect, model)]),
  );
  const names = [...new Set([...columnsOf.values()].flat())];
  const held = new Map<string, Set<string>>();
  const columns = await dialect.columnTypes(
    connector,
    [...new Set(orphans.map(t => t.schema))],
    names,
    read.cache,
  );
  for (const c of columns) {
    const key = tableKey({schema: c.schema, name: c.table});
    const set = held.get(key) ?? new Set<string>();
    set.add(dialect.columnKey(c.column));
    held.set(key, set);
  }
  return created.flatMap(({model, table}) => {
    const wanted = columnsOf.get(model) ?? [];
    if (wanted.length < MATCHING_COLUMNS) return [];
    // Its old table may be in another schema too: a model given both a
    // schema and a table name of its own. The same name elsewhere is
    // `movedTablesWarnings`'.
    return orphans
      .filter(
        old =>
          (old.schema === table.schema || old.name !== table.name) &&
          wanted.every(c => held.get(tableKey(old))?.has(c)),
      )
      .map(
        old =>
          `model ${model}: the plan creates table ${describeTable(table)}, while table ` +
          `${describeTable(old)}${rowsOf(old)}, which no model of this app uses, has every ` +
          "column of the model: if it is the model's old table (its name or table setting " +
          'changed), its rows stay there and the app starts on an empty table. To keep ' +
          `them, ${old.schema === table.schema ? 'rename' : 'move'} ${describeTable(old)} ` +
          `to ${describeTable(table)} in a migration script with runs = 'before-schema' ` +
          '(the plan then finds it), or drop it when it is not needed',
      );
  });
}

/** The columns of a model's properties, as the dialect keys them. */
function modelColumns(
  connector: JugglerConnector,
  dialect: Dialect,
  model: string,
): string[] {
  const properties = connector._models?.[model]?.properties ?? {};
  return Object.keys(properties).map(p =>
    dialect.columnKey(connector.column?.(model, p) ?? p),
  );
}

/** ` (about 120 rows)`, from the table list's estimate, or ''. */
function rowsOf(table: ListedTable): string {
  const rows = table.estimatedRows;
  return rows !== undefined && rows > 0 ? ` (about ${rows} rows)` : '';
}
