import {describeTable, escapeName, qualifiedName} from '../dialects/dialect';
import type {JugglerConnector} from '../juggler';
import type {PlannedStatement} from '../types';
import {columnChanges, convertedType, type ColumnChange} from './alter-clauses';
import type {GuardTarget} from './guard-target';
import {sampleKeys} from './will-fail/data';
import {type ColumnRef, type ConversionRefusal, type LossChecks} from './loss';
import type {Dialect} from '../dialects/contract';
import type {TableRef} from '../dialects/dialect';

/** Stored data one planned statement would destroy. */
export interface DataLoss {
  readonly dataSource: string;
  readonly model: string;
  /** The table, as `"schema"."table"` or `table`. */
  readonly table: string;
  readonly column?: string;
  /**
   * What loses the data: a dropped table or column, a type change, or NULLs
   * a NOT NULL would turn into zero values (MySQL outside strict mode).
   */
  readonly kind: 'drop-table' | 'drop-column' | 'change-type' | 'set-not-null';
  /** How many values (or rows) would be lost. */
  readonly values: number;
  /** What would be lost, in words. */
  readonly description: string;
  readonly sql: string;
  /** How to keep the data, when there is a likely way. */
  readonly hint?: string;
}

/** A plan's statements with their data judged, and what would be lost. */
export interface AssessedPlan {
  readonly statements: PlannedStatement[];
  readonly losses: DataLoss[];
  /** The changes let through as losing nothing, which a run guards. */
  readonly guards: GuardTarget[];
}

const DROP_TABLE = /^DROP\s+TABLE\b/i;

interface ColumnVerdict {
  readonly change: ColumnChange;
  readonly values: number;
  readonly reason: string;
  /** For a change that loses nothing now: the per-row condition of a kept value. */
  readonly keeps?: string;
  /** What the database will refuse, and how to fix it. */
  readonly willFail?: string;
}

/**
 * Look at the stored data each statement touches and say, per statement,
 * whether it destroys any (`destructive`) and why (`reason`): a dropped
 * column's non-null values, values a type change cannot keep, NULLs under a
 * new NOT NULL, a rebuilt table's rows. A statement that loses nothing (a
 * dropped column holding no values) is kept and says so.
 */
export async function assessDataLoss(
  dataSource: string,
  connector: JugglerConnector,
  dialect: Dialect,
  statements: readonly PlannedStatement[],
): Promise<AssessedPlan> {
  const checks = dialect.loss;
  const assessed: PlannedStatement[] = [];
  const losses: DataLoss[] = [];
  const guards: GuardTarget[] = [];
  const verdictsByModel = new Map<string, ColumnVerdict[]>();
  // The dropped tables' rows, counted at once: a rebuild drops every table.
  const droppedRows = await Promise.all(
    statements.map(({model, sql}) =>
      model !== undefined && DROP_TABLE.test(sql)
        ? checks.countRows(
            connector,
            qualifiedName(connector, dialect.tableOf(connector, model)),
          )
        : undefined,
    ),
  );
  for (const [index, statement] of statements.entries()) {
    const model = statement.model;
    if (!model) {
      assessed.push(statement);
      continue;
    }
    const table = dialect.tableOf(connector, model);
    const where = {
      dataSource,
      model,
      table: describeTable(table),
      sql: statement.sql,
    };
    const rows = droppedRows[index];
    if (rows !== undefined) {
      const description =
        rows > 0
          ? `drops table ${where.table} and its ${plural(rows, 'row')}`
          : `drops table ${where.table}, which holds no rows`;
      assessed.push({...statement, destructive: true, reason: description});
      if (rows > 0) {
        losses.push({...where, kind: 'drop-table', values: rows, description});
      }
      continue;
    }
    const verdicts = await judgeColumns(
      connector,
      checks,
      model,
      table,
      columnChanges(statement.sql),
    );
    verdictsByModel.set(model, [
      ...(verdictsByModel.get(model) ?? []),
      ...verdicts,
    ]);
    const lossy = verdicts.filter(
      v => v.values > 0 && v.change.kind !== 'add-column',
    );
    const reasons = verdicts.filter(v => v.reason).map(v => v.reason);
    reasons.push(...droppedObjectsReasons(statement.sql));
    const failures = verdicts.flatMap(v => (v.willFail ? [v.willFail] : []));
    for (const v of verdicts) {
      if (v.keeps === undefined) continue;
      guards.push({
        dataSource,
        model,
        table,
        qualifiedTable: qualifiedName(connector, table),
        column: v.change.column,
        escapedColumn: escapeName(connector, v.change.column),
        kind: v.change.kind === 'drop-column' ? 'drop-column' : 'change-type',
        statement: assessed.length,
        sql: statement.sql,
        keeps: v.keeps,
      });
    }
    assessed.push({
      ...statement,
      destructive: lossy.length > 0,
      reason: reasons.length > 0 ? reasons.join('; ') : statement.reason,
      ...(failures.length > 0 ? {willFail: failures.join('; ')} : {}),
    });
    for (const v of lossy) {
      if (v.change.kind === 'add-column') continue;
      losses.push({
        ...where,
        kind: v.change.kind,
        column: v.change.column,
        values: v.values,
        description: v.reason,
      });
    }
  }
  return {
    statements: assessed,
    losses: await withRenameHints(
      connector,
      checks,
      dialect,
      losses,
      verdictsByModel,
    ),
    guards,
  };
}

async function judgeColumns(
  connector: JugglerConnector,
  checks: LossChecks,
  model: string,
  table: TableRef,
  changes: readonly ColumnChange[],
): Promise<ColumnVerdict[]> {
  const verdicts: ColumnVerdict[] = [];
  for (const change of changes) {
    const ref = columnRef(connector, table, change.column);
    const name = `"${change.column}"`;
    switch (change.kind) {
      case 'drop-column': {
        if (await checks.computedColumn?.(connector, ref)) {
          verdicts.push({
            change,
            values: 0,
            reason: `drops column ${name}, which is computed when read and stores no values`,
          });
          break;
        }
        const values = await checks.countValues(connector, ref);
        verdicts.push({
          change,
          values,
          reason:
            values > 0
              ? `drops column ${name} holding ${plural(values, 'non-null value')}`
              : `drops column ${name}, which holds no values`,
          ...(values === 0 ? {keeps: `${ref.column} IS NULL`} : {}),
        });
        break;
      }
      case 'change-type': {
        const type = convertedType(change);
        const loss = await checks.conversionLoss(connector, ref, type);
        const origin = checks.typeNote?.(connector, model, change.column, type);
        if (loss.refusal) {
          verdicts.push(refusedChange(change, loss.refusal, origin));
          break;
        }
        const what = loss.exact
          ? `${plural(loss.values, 'stored value')} would not survive` +
            sampleKeys({count: loss.values, keys: loss.samples ?? ''})
          : `${plural(loss.values, 'stored value')} cannot be checked and may not survive`;
        const notes = [loss.note, origin].filter(Boolean);
        const note = notes.length > 0 ? ` (${notes.join('; ')})` : '';
        verdicts.push({
          change,
          values: loss.values,
          reason:
            loss.values > 0
              ? `changes column ${name} to ${type}: ${what}${note}`
              : `changes column ${name} to ${type}; every stored value converts${note}`,
          ...(loss.values === 0 && loss.keeps ? {keeps: loss.keeps} : {}),
        });
        break;
      }
      case 'set-not-null': {
        const values = await checks.countNulls(connector, ref);
        verdicts.push({
          change,
          values,
          reason:
            values > 0
              ? `makes column ${name} NOT NULL while ${plural(values, 'row')} ${values === 1 ? 'holds' : 'hold'} NULL`
              : '',
        });
        break;
      }
      case 'add-column':
        verdicts.push({change, values: 0, reason: ''});
        break;
    }
  }
  return verdicts;
}

/** A type change the database will refuse: nothing is lost, it fails. */
function refusedChange(
  change: ColumnChange,
  refusal: ConversionRefusal,
  origin: string | undefined,
): ColumnVerdict {
  const name = `"${change.column}"`;
  const type = convertedType(change);
  const what =
    refusal.rows === undefined
      ? `the database cannot convert column ${name} to ${type} (${refusal.error})`
      : `${plural(refusal.rows, 'stored value')} of column ${name}` +
        `${sampleKeys({count: refusal.rows, keys: refusal.keys ?? ''})} cannot be converted to ` +
        `${type} (${refusal.error})`;
  return {
    change,
    values: 0,
    reason: `changes column ${name} to ${type}: the database will refuse it`,
    willFail:
      refusal.rows === undefined
        ? `${what}; the change would fail whatever the data. Choose a type the database can ` +
          'convert the column to, or change the column in a migration script'
        : `${what}; the change would fail. Fix or clear those values first (e.g. in a migration ` +
          "script with runs = 'before-schema'), or choose a type that holds them" +
          (origin ? ` (${origin})` : ''),
  };
}

/**
 * A dropped column with data and an added column of a compatible type on the
 * same model look like a renamed property: say how to keep the data.
 */
async function withRenameHints(
  connector: JugglerConnector,
  checks: LossChecks,
  dialect: Dialect,
  losses: readonly DataLoss[],
  verdictsByModel: ReadonlyMap<string, readonly ColumnVerdict[]>,
): Promise<DataLoss[]> {
  const hinted: DataLoss[] = [];
  for (const loss of losses) {
    const verdicts = verdictsByModel.get(loss.model) ?? [];
    const dropped = verdicts.find(
      v => v.change.kind === 'drop-column' && v.change.column === loss.column,
    );
    if (!dropped) {
      hinted.push(loss);
      continue;
    }
    const table = dialect.tableOf(connector, loss.model);
    const oldType = await checks.currentType(
      connector,
      columnRef(connector, table, dropped.change.column),
    );
    const added = verdicts.filter(
      v =>
        v.change.kind === 'add-column' &&
        oldType &&
        family(v.change.type!) === family(oldType),
    );
    if (added.length === 0) {
      hinted.push(loss);
      continue;
    }
    const names = added.map(v => `"${v.change.column}"`).join(' or ');
    const setting = `${dialect.connector}: {columnName: '${dropped.change.column}'}`;
    hinted.push({
      ...loss,
      hint:
        `this looks like a rename of column "${dropped.change.column}" to ${names}: to keep the data, ` +
        `map the new property to the old column with @property({..., ${setting}}), or, ` +
        'to rename the column itself, rename it in a migration script with ' +
        "runs = 'before-schema' (the schema sync then finds it in place), only where " +
        'the column is there: on a new database the script runs before any table is made',
    });
  }
  return hinted;
}

function family(type: string): string {
  const t = type.toLowerCase();
  if (/^tinyint\(1\)|^bool/.test(t)) return 'boolean';
  if (/int|serial/.test(t)) return 'number';
  if (/^(numeric|decimal|real|double|float)/.test(t)) return 'number';
  if (/char|text|uuid|string/.test(t)) return 'text';
  if (/^(date|time)/.test(t)) return 'datetime';
  if (/json/.test(t)) return 'json';
  return t;
}

const DROP_INDEX =
  /\bDROP\s+INDEX\s+(?:IF\s+EXISTS\s+)?(?:"[^"]*"\s*\.\s*)?("[^"]*"|`[^`]*`|[\w$]+)/gi;
const DROP_FOREIGN_KEY =
  /\bDROP\s+FOREIGN\s+KEY\s+(?:IF\s+EXISTS\s+)?(`[^`]*`|[\w$]+)/gi;

/**
 * Why a statement drops indexes, and (MySQL) foreign keys, each named:
 * `drops index "a"`, `drops indexes "a", "b"`, `drops foreign key "fk"`.
 */
function droppedObjectsReasons(sql: string): string[] {
  const reasons: string[] = [];
  const indexes = namesIn(sql, DROP_INDEX);
  if (indexes.length > 0) {
    reasons.push(
      `drops ${indexes.length === 1 ? 'index' : 'indexes'} ${indexes.join(', ')}, ` +
        `${UNDECLARED}; indexes made by hand are dropped too`,
    );
  }
  const keys = namesIn(sql, DROP_FOREIGN_KEY);
  if (keys.length > 0) {
    reasons.push(
      `drops foreign ${keys.length === 1 ? 'key' : 'keys'} ${keys.join(', ')}, ${UNDECLARED}`,
    );
  }
  return reasons;
}

const UNDECLARED = 'which the model does not declare (or declares differently)';

/** The names a pattern's first group matches in `sql`, double-quoted. */
function namesIn(sql: string, pattern: RegExp): string[] {
  return [...sql.matchAll(pattern)].map(
    m => `"${m[1].replace(/^[`"]|[`"]$/g, '')}"`,
  );
}

function columnRef(
  connector: JugglerConnector,
  table: TableRef,
  column: string,
): ColumnRef {
  return {
    table: qualifiedName(connector, table),
    column: escapeName(connector, column),
    name: column,
    tableName: table.name,
    schema: table.schema,
  };
}

/** `1 row`, `3 rows`. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
