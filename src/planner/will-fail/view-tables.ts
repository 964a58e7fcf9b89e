import {describeTable, tableKey, type TableRef} from '../../dialects/dialect';
import type {Dialect} from '../../dialects/contract';
import type {JugglerConnector} from '../../juggler';
import type {PlannedStatement} from '../../types';

/**
 * The models whose "table" is a view (`lb4 discover` makes models of views
 * too): the connector reads a view's columns as a table's, so the model
 * looks up to date until it changes, and then each statement on it is a
 * table's (`ALTER TABLE ... ADD COLUMN`), which the database refuses.
 * Looked up (one query, where the dialect has `relationsNamed`) for the
 * models whose statements change a table the plan did not find.
 */
export class ViewTables {
  private constructor(
    private readonly views: ReadonlySet<string>,
    private readonly database: string,
  ) {}

  static async read(
    dialect: Dialect,
    connector: JugglerConnector,
    statements: readonly PlannedStatement[],
    present: readonly TableRef[],
  ): Promise<ViewTables> {
    const changed = statements.flatMap(({model, sql}) =>
      model === undefined || /^CREATE\s+TABLE\b/i.test(sql)
        ? []
        : [dialect.tableOf(connector, model)],
    );
    const views = await viewsAmong(dialect, connector, changed, present);
    return new ViewTables(
      new Set(views.map(tableKey)),
      dialect.failures.database,
    );
  }

  /** Why the statement of `model` on `table` fails, when that is a view. */
  refusal(model: string, table: TableRef): string | undefined {
    if (!this.views.has(tableKey(table))) return undefined;
    return (
      `model ${model} maps to view ${describeTable(table)}, which ` +
      `${this.database} cannot change as a table (ALTER TABLE, CREATE INDEX, ` +
      'DROP INDEX). Declare in the model only what the view has, or change ' +
      "the view in a migration script with runs = 'before-schema' " +
      '(CREATE OR REPLACE VIEW ...)'
    );
  }
}

/**
 * Those of `tables` that are views, looked up (one query, where the dialect
 * has `relationsNamed`) among those not `present` (the tables).
 */
export async function viewsAmong(
  dialect: Dialect,
  connector: JugglerConnector,
  tables: readonly TableRef[],
  present: readonly TableRef[],
): Promise<TableRef[]> {
  const found = new Set(present.map(tableKey));
  const candidates = new Map<string, TableRef>();
  for (const table of tables) {
    if (!found.has(tableKey(table))) candidates.set(tableKey(table), table);
  }
  const lookUp = dialect.failures.relationsNamed;
  if (!lookUp || candidates.size === 0) return [];
  const held = await lookUp(connector, [...candidates.values()]);
  return [...candidates]
    .filter(([key]) => held.get(key)?.kind === 'view')
    .map(([, table]) => table);
}
