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
}

/**
 * Plan the drop half of a rebuild: drop each existing table of `ordered`
 * (models in foreign-key order) from the last to the first, after dropping
 * the foreign keys that would still point at an already dropped table
 * (cycles). `present` are the tables of the models' schemas. Refuses,
 * before anything changes, when a table that is not being rebuilt has a
 * foreign key to one that is.
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
  for (const fk of await dialect.foreignKeys(connector)) {
    const target = position.get(tableKey(fk.target));
    if (target === undefined) continue;
    const source = position.get(tableKey(fk.table));
    if (source === undefined) {
      const fix = owned(fk.table)
        ? 'Rebuild its model too, or drop that constraint first.'
        : 'No model of this app maps to that table (its model was removed, ' +
          'or it was made by hand): drop the table or that constraint first, ' +
          "by hand or in a migration script with runs = 'before-schema'.";
      throw new Error(
        `cannot drop table ${describeTable(fk.target)} of model ${modelOf.get(tableKey(fk.target))}: ` +
          `table ${describeTable(fk.table)}, which is not being rebuilt, references it ` +
          `through foreign key "${fk.name}". ${fix}`,
      );
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
    statements.push({
      sql: dialect.dropTableSql(connector, table),
      model,
      phase: 'drop-tables',
    });
  }
  return statements;
}
