import type {JugglerConnector} from '../juggler';
import {columnChanges} from './alter-clauses';
import {valueKind} from './id-type';
import {statementTarget, type Fold, type NamedTable} from './statement-target';
import type {Dialect} from '../dialects/contract';

/** One column pair of a foreign key in the catalog, with both types. */

/** A planned statement, as far as this check reads it. */
interface Planned {
  readonly sql: string;
}

/**
 * Why each planned type change of a column that a foreign key (one the plan
 * keeps) ties would fail, by the index of its statement: to a column of
 * another kind of value (a number and a text), which every database
 * refuses (PostgreSQL: "foreign key constraint cannot be implemented";
 * MySQL: "Cannot change column ... used in a foreign key constraint"), any
 * change of type the server refuses for such a column
 * (`Dialect.keyColumnRetype`: MariaDB refuses every one), or to a type the
 * other side's cannot be compared with (`FailureChecks.typesMatch`, as when
 * the key is added: PostgreSQL's `text` and `uuid`, both text to
 * `valueKind`), the other side's type as the statements up to this one
 * leave it.
 */
export async function foreignKeyTypeRefusals(
  connector: JugglerConnector,
  dialect: Dialect,
  statements: readonly Planned[],
  fold: Fold,
): Promise<Map<number, string>> {
  const changes = statements.flatMap((s, index) => {
    const target = statementTarget(s.sql, fold);
    if (target.kind !== 'alter-table') return [];
    return columnChanges(s.sql)
      .filter(c => c.kind === 'change-type' && c.type)
      .map(c => ({
        index,
        table: target.table,
        column: c.column,
        type: c.type!,
      }));
  });
  const refusals = new Map<number, string>();
  if (changes.length === 0) return refusals;
  const dropped = new Set(
    statements.flatMap(s => droppedConstraint(s.sql, fold)),
  );
  const keys = (await dialect.foreignKeyColumns(connector)).filter(
    k => !dropped.has(k.name),
  );
  const matches = (
    column: Column,
    schema: string,
    table: string,
    name: string,
  ) =>
    (column.table.schema === '' || column.table.schema === schema) &&
    column.table.name === table &&
    column.column === name;
  /** The column's type once the statements up to `index` ran. */
  const planned = (
    index: number,
    schema: string,
    table: string,
    column: string,
  ) =>
    changes
      .filter(c => c.index <= index && matches(c, schema, table, column))
      .at(-1)?.type;
  for (const change of changes) {
    const same = (schema: string, table: string, column: string) =>
      matches(change, schema, table, column);
    for (const k of keys) {
      const referencing = same(k.schema, k.table, k.column);
      const other = referencing
        ? {
            table: k.targetTable,
            column: k.targetColumn,
            type:
              planned(
                change.index,
                k.targetSchema,
                k.targetTable,
                k.targetColumn,
              ) ?? k.targetType,
          }
        : same(k.targetSchema, k.targetTable, k.targetColumn)
          ? {
              table: k.table,
              column: k.column,
              type:
                planned(change.index, k.schema, k.table, k.column) ?? k.type,
            }
          : undefined;
      if (!other) continue;
      const tie =
        `changes column "${change.column}" to ${change.type}, but foreign key "${k.name}" ties ` +
        `it to column "${other.column}" of table "${other.table}" (${other.type})`;
      const why =
        valueKind(other.type) !== valueKind(change.type)
          ? 'the database refuses a key between those types'
          : await dialect.keyColumnRetype?.(
              connector,
              referencing ? k.type : k.targetType,
              change.type,
            );
      if (why) {
        refusals.set(
          change.index,
          `${tie}: ${why}. ` +
            "Change both in a migration script with runs = 'before-schema' (drop the key, " +
            'change the columns, add it back), or keep the type',
        );
        continue;
      }
      const {failures} = dialect;
      const [fk, pk] = referencing
        ? [change.type, other.type]
        : [other.type, change.type];
      // A type the catalog does not know yet (an enum an earlier statement
      // creates) cannot be looked up: not predicted. Any other error is one.
      const match = await failures
        .typesMatch(connector, fk, pk)
        .catch((err: unknown) => {
          if (isUnknownType(err)) return true;
          throw err;
        });
      if (match) continue;
      refusals.set(
        change.index,
        `${tie}: ${failures.database} cannot compare them, and refuses a foreign key between ` +
          'them. To fix it, ' +
          (referencing
            ? `give the property whose column is "${change.column}" the type of the key it references (${other.type})`
            : `keep the type of "${change.column}" the type of the foreign key columns that reference it`) +
          `, or drop foreign key "${k.name}" first (take it out of the model)`,
      );
    }
  }
  return refusals;
}

/** PostgreSQL's `undefined_object`: a type name the catalog does not hold. */
function isUnknownType(err: unknown): boolean {
  return (err as {code?: unknown} | null)?.code === '42704';
}

/** A planned type change of a column. */
interface Column {
  readonly table: NamedTable;
  readonly column: string;
}

/** The constraint a statement drops (`DROP CONSTRAINT x`, `DROP FOREIGN KEY x`). */
function droppedConstraint(sql: string, fold: Fold): string[] {
  const m =
    /\bDROP\s+(?:CONSTRAINT|FOREIGN\s+KEY)\s+(?:IF\s+EXISTS\s+)?("(?:[^"]|"")*"|`(?:[^`]|``)*`|[\w$]+)/i.exec(
      sql,
    );
  if (!m) return [];
  const name = m[1];
  return /^["`]/.test(name) ? [name.slice(1, -1)] : [fold(name)];
}
