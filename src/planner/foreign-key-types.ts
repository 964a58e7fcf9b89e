import {queryConnector, type JugglerConnector} from '../juggler';
import {columnChanges} from './alter-clauses';
import {valueKind} from './id-type';
import {statementTarget, type Fold} from './statement-target';
import type {Dialect} from '../dialects/contract';

/** One column pair of a foreign key in the catalog, with both types. */
interface KeyColumn {
  readonly name: string;
  readonly schema: string;
  readonly table: string;
  readonly column: string;
  readonly type: string;
  readonly targetSchema: string;
  readonly targetTable: string;
  readonly targetColumn: string;
  readonly targetType: string;
}

/** A planned statement, as far as this check reads it. */
interface Planned {
  readonly sql: string;
}

/**
 * Why each planned type change of a column that a foreign key (one the plan
 * keeps) ties to a column of another kind of value (a number and a text)
 * would fail, by the index of its statement. The database refuses it
 * (PostgreSQL: "foreign key constraint cannot be implemented"; MySQL:
 * "Cannot change column ... used in a foreign key constraint").
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
  const keys = (await keyColumns(connector, dialect)).filter(
    k => !dropped.has(k.name),
  );
  for (const change of changes) {
    const same = (schema: string, table: string, column: string) =>
      (change.table.schema === '' || change.table.schema === schema) &&
      change.table.name === table &&
      change.column === column;
    for (const k of keys) {
      const other = same(k.schema, k.table, k.column)
        ? {table: k.targetTable, column: k.targetColumn, type: k.targetType}
        : same(k.targetSchema, k.targetTable, k.targetColumn)
          ? {table: k.table, column: k.column, type: k.type}
          : undefined;
      if (!other || valueKind(other.type) === valueKind(change.type)) continue;
      refusals.set(
        change.index,
        `changes column "${change.column}" to ${change.type}, but foreign key "${k.name}" ties ` +
          `it to column "${other.column}" of table "${other.table}" (${other.type}): the ` +
          'database refuses a key between those types. Change both in a migration script ' +
          "with runs = 'before-schema' (drop the key, change the columns, add it back), or " +
          'keep the type',
      );
    }
  }
  return refusals;
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

function keyColumns(
  connector: JugglerConnector,
  dialect: Dialect,
): Promise<KeyColumn[]> {
  return dialect.connector === 'postgresql'
    ? queryConnector<KeyColumn>(
        connector,
        `SELECT con.conname AS "name",
                ns.nspname AS "schema", cl.relname AS "table", a.attname AS "column",
                format_type(a.atttypid, a.atttypmod) AS "type",
                tns.nspname AS "targetSchema", tcl.relname AS "targetTable",
                ta.attname AS "targetColumn",
                format_type(ta.atttypid, ta.atttypmod) AS "targetType"
           FROM pg_catalog.pg_constraint con
           JOIN pg_catalog.pg_class cl ON cl.oid = con.conrelid
           JOIN pg_catalog.pg_namespace ns ON ns.oid = cl.relnamespace
           JOIN pg_catalog.pg_class tcl ON tcl.oid = con.confrelid
           JOIN pg_catalog.pg_namespace tns ON tns.oid = tcl.relnamespace
           CROSS JOIN LATERAL unnest(con.conkey, con.confkey) AS k(col, tcol)
           JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.col
           JOIN pg_catalog.pg_attribute ta ON ta.attrelid = con.confrelid AND ta.attnum = k.tcol
          WHERE con.contype = 'f'`,
      )
    : queryConnector<KeyColumn>(
        connector,
        `SELECT k.CONSTRAINT_NAME AS name, '' AS \`schema\`, k.TABLE_NAME AS \`table\`,
                k.COLUMN_NAME AS \`column\`, c.COLUMN_TYPE AS type,
                '' AS targetSchema, k.REFERENCED_TABLE_NAME AS targetTable,
                k.REFERENCED_COLUMN_NAME AS targetColumn, t.COLUMN_TYPE AS targetType
           FROM information_schema.KEY_COLUMN_USAGE k
           JOIN information_schema.COLUMNS c
             ON c.TABLE_SCHEMA = k.TABLE_SCHEMA AND c.TABLE_NAME = k.TABLE_NAME
            AND c.COLUMN_NAME = k.COLUMN_NAME
           JOIN information_schema.COLUMNS t
             ON t.TABLE_SCHEMA = k.REFERENCED_TABLE_SCHEMA
            AND t.TABLE_NAME = k.REFERENCED_TABLE_NAME
            AND t.COLUMN_NAME = k.REFERENCED_COLUMN_NAME
          WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL`,
      );
}
