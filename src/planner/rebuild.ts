import {describeTable, presentAmong} from '../dialects/dialect';
import type {JugglerConnector} from '../juggler';
import type {TableOwnership} from './unmodelled';
import {tableKey, type TableRef} from '../dialects/dialect';
import type {Dialect} from '../dialects/contract';

/** A statement of the drop half of a rebuild, before ordering. */
export interface DropStatement {
  readonly sql: string;
  readonly model: string;
  readonly phase: 'drop-constraints' | 'drop-tables';
  /** Why the database would refuse it (a table that stays references it). */
  readonly refused?: string;
}

/**
 * Plan the drop half of a rebuild: drop each existing table of `ordered`
 * (models in foreign-key order) from the last to the first, after dropping
 * the foreign keys that would still point at an already dropped table
 * (cycles). `present` are the tables of the models' schemas. A table that
 * a table not being rebuilt references by a foreign key cannot be dropped:
 * its drop says why in `refused`.
 */
export async function planDrops(
  connector: JugglerConnector,
  dialect: Dialect,
  ordered: readonly string[],
  present: readonly TableRef[],
  owned: TableOwnership,
): Promise<DropStatement[]> {
  const tables = ordered.map(model => ({
    model,
    table: dialect.tableOf(connector, model),
  }));
  const existing = new Set(
    presentAmong(
      tables.map(t => t.table),
      present,
    ).map(tableKey),
  );
  const dropOrder = tables
    .reverse()
    .filter(t => existing.has(tableKey(t.table)));
  if (dropOrder.length === 0) return [];

  const position = new Map(dropOrder.map((t, i) => [tableKey(t.table), i]));
  const modelOf = new Map(dropOrder.map(t => [tableKey(t.table), t.model]));
  const statements: DropStatement[] = [];
  // The foreign keys of tables not being rebuilt, by the table they reference.
  const kept = new Map<string, ForeignKeyRef[]>();
  for (const fk of await dialect.foreignKeys(connector)) {
    const target = position.get(tableKey(fk.target));
    if (target === undefined) continue;
    const source = position.get(tableKey(fk.table));
    if (source === undefined) {
      const key = tableKey(fk.target);
      kept.set(key, [...(kept.get(key) ?? []), fk]);
      continue;
    }
    if (source > target) {
      statements.push({
        sql: dialect.dropForeignKeySql(connector, fk),
        model: modelOf.get(tableKey(fk.table))!,
        phase: 'drop-constraints',
      });
    }
  }
  for (const {model, table} of dropOrder) {
    const keys = kept.get(tableKey(table));
    const why = keys && refusedDrop(keys, model, owned);
    statements.push({
      sql: dialect.dropTableSql(connector, table),
      model,
      phase: 'drop-tables',
      ...(why ? {refused: why} : {}),
    });
  }
  return statements;
}

/** A foreign key, as far as a refused drop names it. */
interface ForeignKeyRef {
  readonly name: string;
  readonly table: TableRef;
  readonly target: TableRef;
}

/**
 * Why the table every one of `keys` references cannot be dropped: each
 * table not being rebuilt that references it, through which key, and how
 * to get past them.
 */
function refusedDrop(
  keys: readonly ForeignKeyRef[],
  model: string,
  owned: TableOwnership,
): string {
  const references = [...keys]
    .sort((a, b) =>
      `${describeTable(a.table)} ${a.name}`.localeCompare(
        `${describeTable(b.table)} ${b.name}`,
      ),
    )
    .map(
      fk =>
        `table ${describeTable(fk.table)}, which is not being rebuilt, references it ` +
        `through foreign key "${fk.name}"`,
    );
  const fixes = [
    ...(keys.some(fk => owned(fk.table))
      ? [
          keys.length === 1
            ? 'Rebuild its model too, or drop that constraint first.'
            : 'Rebuild the models of those tables too, or drop those constraints first.',
        ]
      : []),
    ...(keys.some(fk => !owned(fk.table))
      ? [
          (keys.length === 1
            ? 'No model of this app maps to that table'
            : 'Where no model of this app maps to the table') +
            ' (its model was removed, or it was made by hand): drop the table or ' +
            "that constraint first, by hand or in a migration script with runs = 'before-schema'.",
        ]
      : []),
  ];
  return (
    `cannot drop table ${describeTable(keys[0].target)} of model ${model}: ` +
    `${references.join('; ')}. ${fixes.join(' ')}`
  );
}
