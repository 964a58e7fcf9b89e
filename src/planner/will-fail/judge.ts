import {describeTable} from '../../dialects/dialect';
import type {RiskyClause} from './clauses';
import {countRows, orphanRows, sampleKeys} from './data';
import type {PlanState} from './plan-state';
import type {TableState} from './plan-state';
import type {TableRef} from '../../dialects/dialect';
import {untypedKeyHint} from './untyped-key';

/** What the data says about one clause. */
export interface Judgement {
  /** The database would refuse the clause: what, where, how to fix. */
  readonly willFail?: string;
  /** The clause runs, but does something to the data worth knowing. */
  readonly warning?: string;
  /** The column whose NULLs make a NOT NULL clause fail. */
  readonly nullColumn?: string;
}

/** Judge one clause against the data its table holds now. */
export async function judgeClause(
  clause: RiskyClause,
  table: TableState,
  plan: PlanState,
  model: string,
): Promise<Judgement> {
  // A table the plan creates holds no row: only types and the columns an
  // index names can fail there.
  if (table.created && (clause.kind === 'unique' || clause.kind === 'index')) {
    return createdIndexFailure(clause, table, plan);
  }
  if (table.created && clause.kind !== 'foreign-key') return {};
  const dropped = droppedKey(clause, table);
  if (dropped) return dropped;
  switch (clause.kind) {
    case 'not-null':
      return judgeNotNull(clause.column, table, plan);
    case 'add-not-null':
      return judgeAddNotNull(clause.column, table, plan);
    case 'unique':
      return judgeUnique(clause, table, plan);
    case 'index':
      return judgeIndex(clause, table, plan);
    case 'foreign-key':
      return judgeForeignKey(clause, table, plan, model);
  }
}

async function judgeNotNull(
  column: string,
  {table, added}: TableState,
  plan: PlanState,
): Promise<Judgement> {
  // A column the plan adds has no rows' NULLs to check: see add-not-null.
  // Outside strict mode MySQL stores zero values instead: a data loss,
  // judged as such.
  if (added.has(column) || !(await plan.refusesNulls())) return {};
  const {reader} = plan;
  const nulls = await reader.rows(table, `${reader.column(column)} IS NULL`);
  if (nulls.count === 0) return {};
  return {
    nullColumn: column,
    willFail:
      `column "${column}" cannot become NOT NULL: ${countRows(nulls.count)} of ${describeTable(table)} ` +
      `${nulls.count === 1 ? 'holds' : 'hold'} NULL in it${sampleKeys(nulls)}; ${plan.checks.database} refuses the change. ` +
      'To fix it, fill those rows first (an UPDATE, or a migration script that back-fills them ' +
      'while the property is still optional), or keep the property optional',
  };
}

async function judgeAddNotNull(
  column: string,
  {table}: TableState,
  plan: PlanState,
): Promise<Judgement> {
  const existing = await plan.reader.rows(table);
  if (existing.count === 0) return {};
  if (plan.checks.fillsNewNotNullColumns) {
    return {
      warning:
        `adds column "${column}" NOT NULL without a default to ${describeTable(table)}, ` +
        `which holds ${countRows(existing.count)}: MySQL fills them with the type's zero value ` +
        `('', 0 or a zero date), not the property's default (the plan fills them with a ` +
        'default only where it is a string, number or boolean literal that fits the column); ' +
        'declare a default (mysql: {default: ...}) or back-fill the real values with a migration script',
    };
  }
  return {
    willFail:
      `adds column "${column}" NOT NULL without a default, but ${describeTable(table)} holds ` +
      `${countRows(existing.count)}${sampleKeys(existing)}: ${plan.checks.database} has no value to ` +
      `put in them. To fix it, give the column a database default ` +
      '(@property({..., postgresql: {dbDefault: "..."}})), or add the property ' +
      'as optional first, back-fill it with a migration script, then make it required',
  };
}

/** How an added column gets the same value in every row (`TableState.sameValue`). */
const ONE_VALUE =
  "with a constant default (or NOT NULL without one: MySQL's zero value)";

async function judgeUnique(
  clause: Extract<RiskyClause, {kind: 'unique'}>,
  state: TableState,
  plan: PlanState,
): Promise<Judgement> {
  const {table, added, sameValue, unconvertible} = state;
  const fresh = clause.columns.filter(c => added.has(c));
  // An added column holds NULL in every existing row: no two collide.
  if (fresh.some(c => !sameValue.has(c))) return {};
  const kept = clause.columns.filter(c => !added.has(c));
  const index = `unique index "${clause.index}" on ${keyList(clause, clause.columns)} cannot be built`;
  const missing = await missingColumnFailure(index, kept, table, plan);
  if (missing) return missing;
  if (kept.length === 0) {
    const existing = await plan.reader.rows(table);
    if (existing.count < 2) return {};
    return {
      willFail:
        `${index}: the plan adds ${quoteAll(fresh)} ${ONE_VALUE}, so all ` +
        `${countRows(existing.count)} of ${describeTable(table)} get the same value. To fix it, ` +
        'add the property optional and without a default first, back-fill distinct values ' +
        'with a migration script, then make it unique',
    };
  }
  // The run is refused for the conversion already; its values cannot be
  // compared as the new type.
  if (kept.some(c => unconvertible.has(c))) return {};
  // A column the plan converts is compared as its new type, as the index
  // will compare it: '2' and '2.0' are one NUMERIC value. A prefix key
  // part compares the prefix only: 'abcdefX' and 'abcdefY' are one title(5).
  const found = await plan.reader.duplicates(
    table,
    kept.map(c => plan.asKeyPart(state, c, clause.prefixes.get(c))),
  );
  if (found.values === 0) return {};
  const through =
    fresh.length > 0
      ? ` (${quoteAll(fresh)}, added ${ONE_VALUE}, is the same in every row)`
      : '';
  return {
    willFail:
      `${index}: ${found.values} value(s) of ${keyList(clause, kept)} occur more than once, in ${countRows(found.rows)} ` +
      `of ${describeTable(table)} (${found.samples})${asConverted(kept, state)}${through}. To fix it, change or remove the ` +
      'duplicates first (by hand, or with a migration script), or drop unique from the index',
  };
}

/**
 * How the values of `columns` the plan converts were compared (the samples
 * show them so: `'01'` as `1`), or `''` when it converts none.
 */
function asConverted(columns: readonly string[], {types}: TableState): string {
  const converted = columns.flatMap(c => {
    const type = types.get(c);
    return type === undefined ? [] : [`"${c}" as ${type}`];
  });
  if (converted.length === 0) return '';
  const them =
    converted.length > 1
      ? 'the types the plan gives them'
      : 'the type the plan gives it';
  return `, comparing ${converted.join(' and ')}, ${them}`;
}

/** A plain index fails only on a column the table has not got. */
async function judgeIndex(
  clause: Extract<RiskyClause, {kind: 'index'}>,
  {table, added}: TableState,
  plan: PlanState,
): Promise<Judgement> {
  // A key in parentheses is an expression (MySQL 8): not a column name.
  const kept = clause.columns.filter(c => !added.has(c) && !c.startsWith('('));
  const index = `index "${clause.index}" on ${quoteAll(clause.columns)} cannot be built`;
  return (await missingColumnFailure(index, kept, table, plan)) ?? {};
}

/**
 * An index of a table the plan creates that names a column the table is
 * created without (nor added after): a misspelt key, a property name where
 * the connector writes the key as is.
 */
function createdIndexFailure(
  clause: Extract<RiskyClause, {kind: 'unique' | 'index'}>,
  {table, added, types}: TableState,
  {dialect}: PlanState,
): Judgement {
  const name = dialect.columnKey;
  const known = new Set([...types.keys(), ...added].map(name));
  // A key in parentheses is an expression (MySQL 8): not a column name.
  const missing = clause.columns.find(
    c => !c.startsWith('(') && !known.has(name(c)),
  );
  if (missing === undefined) return {};
  const kind = clause.kind === 'unique' ? 'unique index' : 'index';
  return {
    willFail:
      `${kind} "${clause.index}" on ${quoteAll(clause.columns)} cannot be built: ` +
      `${describeTable(table)}, which the plan creates, has no column "${missing}". ${FIX_KEY}`,
  };
}

/**
 * An index or foreign key on a column the plan drops (in the same statement,
 * or before it): the property was renamed to another column while the
 * index still names the old one, or removed while a declared index keeps it.
 */
function droppedKey(
  clause: RiskyClause,
  {table, dropped}: TableState,
): Judgement | undefined {
  if (clause.kind === 'not-null' || clause.kind === 'add-not-null') {
    return undefined;
  }
  const column = clause.columns.find(c => dropped.has(c));
  if (column === undefined) return undefined;
  const what =
    clause.kind === 'foreign-key'
      ? `foreign key "${clause.constraint}"`
      : `${clause.kind === 'unique' ? 'unique index' : 'index'} "${clause.index}"`;
  return {
    willFail:
      `${what} on ${quoteAll(clause.columns)} cannot be built: the plan drops column ` +
      `"${column}" of ${describeTable(table)}. ${FIX_KEY}`,
  };
}

/** How to fix an index key that names no column. */
const FIX_KEY =
  'An index names columns: write the column of the property (its ' +
  '`columnName`) in the index, or add the property';

/** The failure of `index` when one of `columns` is not a column of `table`. */
async function missingColumnFailure(
  index: string,
  columns: readonly string[],
  table: TableRef,
  plan: PlanState,
): Promise<Judgement | undefined> {
  const missing = await missingColumn(columns, table, plan);
  if (missing === undefined) return undefined;
  return {
    willFail:
      `${index}: ${describeTable(table)} has no column "${missing}", and the plan adds none. ` +
      FIX_KEY,
  };
}

/**
 * The first of `columns` that the table has not got: an index key that names
 * no column (a misspelt key, a property name where the connector writes the
 * key as is), which the database refuses, and which the data cannot be read
 * by.
 */
async function missingColumn(
  columns: readonly string[],
  table: TableRef,
  plan: PlanState,
): Promise<string | undefined> {
  for (const column of columns) {
    const type = await plan.checks.columnType(plan.connector, table, column);
    if (type === undefined) return column;
  }
  return undefined;
}

function quoteAll(columns: readonly string[]): string {
  return columns.map(c => `"${c}"`).join(', ');
}

/** `"title"(5), "tag"`: the key parts of a unique index over `columns`. */
function keyList(
  {prefixes}: Extract<RiskyClause, {kind: 'unique'}>,
  columns: readonly string[],
): string {
  return columns
    .map(c => `"${c}"${prefixes.has(c) ? `(${prefixes.get(c)})` : ''}`)
    .join(', ');
}

async function judgeForeignKey(
  clause: Extract<RiskyClause, {kind: 'foreign-key'}>,
  state: TableState,
  plan: PlanState,
  model: string,
): Promise<Judgement> {
  const {table, created, added, types, unconvertible} = state;
  const {connector, checks, reader} = plan;
  const target: TableRef = {
    schema: clause.target.schema || table.schema,
    name: clause.target.name,
  };
  const targetExists = await plan.exists(target);
  const targetState =
    targetExists || plan.creates(target) ? plan.of(target) : undefined;
  const name = `foreign key "${clause.constraint}"`;
  // A referenced model left out of the run (`models: ['Todo']` without
  // `TodoList`) has no table yet: the database refuses the key.
  if (!targetExists && !targetState) {
    return {
      willFail:
        `${name} cannot be added: it references ${describeTable(target)}, which does not exist ` +
        'and which this run does not create. To fix it, migrate the model of that table in the ' +
        'same run (add it to the models option, --models) or before this one',
    };
  }
  for (const [i, column] of clause.columns.entries()) {
    const referenced = clause.targetColumns[i];
    const fkType =
      types.get(column) ??
      (created ? undefined : await checks.columnType(connector, table, column));
    const pkType =
      targetState?.types.get(referenced) ??
      (targetState && !targetState.created
        ? await checks.columnType(connector, target, referenced)
        : undefined);
    if (!fkType || !pkType) continue;
    if (!(await plan.typesMatch(fkType, pkType))) {
      return {
        willFail:
          `${name}: column "${column}" is ${fkType}, but the column it references, ` +
          `${describeTable(target)}."${referenced}", is ${pkType}; ${checks.database} cannot ` +
          `compare them. To fix it, give the property whose column is "${column}" the type of the key it ` +
          'references' +
          untypedKeyHint(
            connector,
            model,
            clause.constraint,
            column,
            plan.dialect.columnKey,
          ),
      };
    }
  }
  const unkeyed = await plan.keys.refusal(
    clause.constraint,
    target,
    clause.targetColumns,
    targetExists,
  );
  if (unkeyed) return {willFail: unkeyed};
  if (created || clause.columns.some(c => added.has(c))) return {};
  // The run is refused for the conversion already; its values cannot be
  // compared as the new type.
  if (clause.columns.some(c => unconvertible.has(c))) return {};
  // A table the plan creates is empty: every value is an orphan.
  // A column the plan converts is compared as its new type, as the key
  // will compare it once the conversion ran.
  const orphans = await reader.orphans(
    table,
    clause.columns.map(c => plan.asPlanned(state, c)),
    targetExists ? {table: target, columns: clause.targetColumns} : undefined,
  );
  if (orphans.count === 0) return {};
  const columns = clause.columns.map(c => `"${c}"`).join(', ');
  return {
    willFail: `${name} on ${columns} cannot be added: ${orphanRows(orphans, table, target)}`,
  };
}
