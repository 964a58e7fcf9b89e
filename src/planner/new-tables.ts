import type {Dialect} from '../dialects/contract';
import {describeTable, tableKey, type TableRef} from '../dialects/dialect';
import type {JugglerConnector} from '../juggler';
import type {MigrationOperation} from '../types';
import {valueTypeTableWarnings} from './value-type-tables';

/**
 * Run the dialect's checks of a table the plan creates on each model whose
 * table is not `present` (every model of a rebuild, which makes them all
 * again), in the models' order: the first refusal is thrown, before any
 * statement is planned. Returns the dialect's warnings for those tables,
 * and those for a table made for a model that only types another model's
 * property (`value-type-tables.ts`).
 */
export function checkNewTables(
  connector: JugglerConnector,
  dialect: Dialect,
  operation: MigrationOperation,
  models: readonly string[],
  tables: readonly TableRef[],
  present: readonly TableRef[],
): string[] {
  const found = new Set(present.map(tableKey));
  const warnings: string[] = [];
  for (const [rank, model] of models.entries()) {
    if (operation === 'autoupdate' && found.has(tableKey(tables[rank])))
      continue;
    dialect.checkNewTable?.(connector, model);
    warnings.push(...(dialect.newTableWarnings?.(connector, model) ?? []));
    warnings.push(
      ...valueTypeTableWarnings(
        model,
        describeTable(tables[rank]),
        connector._models ?? {},
      ),
    );
  }
  return warnings;
}
