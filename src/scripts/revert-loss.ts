import type {Dialect} from '../dialects/contract';
import {
  describeTable,
  escapeName,
  qualifiedName,
  type TableRef,
} from '../dialects/dialect';
import type {JugglerConnector} from '../juggler';
import {
  columnChanges,
  convertedType,
  type ColumnChange,
} from '../planner/alter-clauses';
import type {ColumnRef} from '../planner/loss';
import {plural} from '../planner/data-loss';
import {statementTarget} from '../planner/statement-target';

/**
 * What a statement of a script's `down()` would destroy, judged before it
 * runs: the rows of a table it drops, the values of a column it drops or
 * whose type it changes and that would not survive, in words (`drops
 * column "priority" of "public"."todo" holding 3 values`); `undefined`
 * when it destroys nothing (an empty table, a column of NULLs, values that
 * all convert, a table or column that is not there, any other statement). `connector`
 * reads where the script's statements run (see `Dialect.readingIn`).
 */
export async function revertedData(
  connector: JugglerConnector,
  dialect: Dialect,
  sql: string,
): Promise<string | undefined> {
  const target = statementTarget(sql, name => dialect.fold(name));
  if (target.kind === 'drop-table') {
    const table = await existingTable(connector, dialect, target.table);
    if (!table) return undefined;
    const rows = await dialect.loss.countRows(
      connector,
      qualifiedName(connector, table),
    );
    return rows > 0
      ? `drops table ${describeTable(table)} and its ${plural(rows, 'row')}`
      : undefined;
  }
  const changed = columnChanges(sql).filter(
    c => c.kind === 'drop-column' || c.kind === 'change-type',
  );
  if (target.kind !== 'alter-table' || changed.length === 0) return undefined;
  const table = await existingTable(connector, dialect, target.table);
  if (!table) return undefined;
  const present = await dialect.columnTypes(
    connector,
    [table.schema],
    changed.map(c => c.column),
  );
  const losses: string[] = [];
  for (const change of changed) {
    const {column} = change;
    if (!present.some(c => c.table === table.name && c.column === column)) {
      continue;
    }
    const ref = {
      table: qualifiedName(connector, table),
      column: escapeName(connector, column),
      name: column,
      tableName: table.name,
      schema: table.schema,
    };
    const loss = await columnLoss(dialect, connector, ref, change, table);
    if (loss) losses.push(loss);
  }
  return losses.length > 0 ? losses.join('; ') : undefined;
}

/**
 * What a dropped column or a type change (a generated `down()` changes a
 * type back) loses of the column's stored values, in words; `undefined`
 * for nothing, or a change the database will refuse (it loses nothing).
 */
async function columnLoss(
  dialect: Dialect,
  connector: JugglerConnector,
  ref: ColumnRef,
  change: ColumnChange,
  table: TableRef,
): Promise<string | undefined> {
  const column = `column "${ref.name}" of ${describeTable(table)}`;
  if (change.kind === 'drop-column') {
    const values = await dialect.loss.countValues(connector, ref);
    return values > 0
      ? `drops ${column} holding ${plural(values, 'value')}`
      : undefined;
  }
  const type = convertedType(change);
  const loss = await dialect.loss.conversionLoss(connector, ref, type);
  if (loss.refusal || loss.values === 0) return undefined;
  return (
    `changes ${column} to ${type}, which ` +
    `${loss.exact ? 'would not keep' : 'cannot be checked to keep'} ` +
    plural(loss.values, 'stored value')
  );
}

/** The table a statement names, as the catalog has it, if it is there. */
async function existingTable(
  connector: JugglerConnector,
  dialect: Dialect,
  named: TableRef,
): Promise<TableRef | undefined> {
  const defaults = dialect.defaultModelTable({}, named.name);
  const schema = named.schema || defaults.schema;
  const [table] = (await dialect.listTables(connector, [schema])).filter(
    t => t.schema === schema && t.name === named.name,
  );
  return table && {schema: table.schema, name: table.name};
}
