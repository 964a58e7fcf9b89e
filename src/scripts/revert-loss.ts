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

/** What a statement of a script's `down()` would do to the stored data. */
export interface RevertVerdict {
  /**
   * What it would destroy, in words (`drops column "priority" of
   * "public"."todo" holding 3 values`): the rows of a table it drops, the
   * values of a column it drops or whose type it changes that would not
   * survive.
   */
  readonly loss?: string;
  /**
   * Why the database would refuse it with the data stored now (a type
   * change back the values do not fit, on MySQL in strict mode), in words.
   */
  readonly refusal?: string;
}

/**
 * Judge a statement of a script's `down()` before it runs (see
 * {@link RevertVerdict}); neither for an empty table, a column of NULLs,
 * values that all convert, a table or column that is not there, any other
 * statement. `connector` reads where the script's statements run (see
 * `Dialect.readingIn`).
 */
export async function revertVerdict(
  connector: JugglerConnector,
  dialect: Dialect,
  sql: string,
): Promise<RevertVerdict> {
  const target = statementTarget(sql, name => dialect.fold(name));
  if (target.kind === 'drop-table') {
    const table = await existingTable(connector, dialect, target.table);
    if (!table) return {};
    const rows = await dialect.loss.countRows(
      connector,
      qualifiedName(connector, table),
    );
    return rows > 0
      ? {
          loss: `drops table ${describeTable(table)} and its ${plural(rows, 'row')}`,
        }
      : {};
  }
  const changed = columnChanges(sql).filter(
    c => c.kind === 'drop-column' || c.kind === 'change-type',
  );
  if (target.kind !== 'alter-table' || changed.length === 0) return {};
  const table = await existingTable(connector, dialect, target.table);
  if (!table) return {};
  const present = await dialect.columnTypes(
    connector,
    [table.schema],
    changed.map(c => c.column),
  );
  const losses: string[] = [];
  const refusals: string[] = [];
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
    const verdict = await columnVerdict(dialect, connector, ref, change, table);
    if (verdict.loss) losses.push(verdict.loss);
    if (verdict.refusal) refusals.push(verdict.refusal);
  }
  return {
    ...(losses.length > 0 && {loss: losses.join('; ')}),
    ...(refusals.length > 0 && {refusal: refusals.join('; ')}),
  };
}

/**
 * What a dropped column or a type change (a generated `down()` changes a
 * type back) loses of the column's stored values, or why the database
 * refuses the change (it then loses nothing), in words.
 */
async function columnVerdict(
  dialect: Dialect,
  connector: JugglerConnector,
  ref: ColumnRef,
  change: ColumnChange,
  table: TableRef,
): Promise<RevertVerdict> {
  const column = `column "${ref.name}" of ${describeTable(table)}`;
  if (change.kind === 'drop-column') {
    const values = await dialect.loss.countValues(connector, ref);
    return values > 0
      ? {loss: `drops ${column} holding ${plural(values, 'value')}`}
      : {};
  }
  const type = convertedType(change);
  const loss = await dialect.loss.conversionLoss(connector, ref, type);
  const {refusal} = loss;
  if (refusal) {
    const rows =
      refusal.rows === undefined
        ? ''
        : ` for ${plural(refusal.rows, 'stored value')}${refusal.keys ? ` (${refusal.keys})` : ''}`;
    return {
      refusal: `changes ${column} to ${type}, which the database refuses${rows}: ${refusal.error}`,
    };
  }
  if (loss.values === 0) return {};
  return {
    loss:
      `changes ${column} to ${type}, which ` +
      `${loss.exact ? 'would not keep' : 'cannot be checked to keep'} ` +
      plural(loss.values, 'stored value'),
  };
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
