import {splitClauses} from '../../planner/statement-clauses';
import {statementTarget} from '../../planner/statement-target';
import type {DefinitionsReader, PreviousColumn} from '../previous-definitions';
import type {PgConnector} from './client';
import {foldPg} from './fold';
import {readQualified} from './qualified-read';
import {PG_DROP_INDEX, PG_RESTORED_CLAUSES} from './restoring-inverses';

const ALTER =
  /^ALTER\s+TABLE\s+(?:ONLY\s+)?(?:"(?:[^"]|"")*"|[\w$]+)(?:\s*\.\s*(?:"(?:[^"]|"")*"|[\w$]+))?\s+([\s\S]+)$/i;

/** A definition of the table (or index) a statement changes, as the catalog prints it. */
interface DefinitionRow {
  readonly kind: 'column' | 'constraint' | 'index';
  readonly name: string;
  readonly definition: string;
  readonly notNull: boolean;
  readonly default: string | null;
}

/**
 * The columns, constraints and indexes of the table an `ALTER TABLE`
 * changes with a clause whose inverse restores one of them, or the index a
 * `DROP INDEX` drops: one query. Read with an empty `search_path`, so
 * that every table, sequence and type they name is schema-qualified (a
 * foreign key's target, a `nextval()` default's sequence): a `down()` run
 * under another `search_path` restores them as they were, not whatever the
 * bare name resolves to there.
 */
export const pgPreviousDefinitions: DefinitionsReader = async (
  connector,
  sql,
) => {
  const relation = restoredRelation(sql.trim());
  if (!relation) return undefined;
  const rows = await readQualified<DefinitionRow>(
    connector as PgConnector,
    relation,
    `SELECT 'column' AS kind, a.attname AS name,
            format_type(a.atttypid, a.atttypmod) AS definition,
            a.attnotnull AS "notNull", pg_get_expr(d.adbin, d.adrelid) AS "default"
       FROM pg_attribute a
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
     UNION ALL
     SELECT 'constraint', c.conname, pg_get_constraintdef(c.oid), false, NULL
       FROM pg_constraint c WHERE c.conrelid = $1
     UNION ALL
     SELECT 'index', ic.relname, pg_get_indexdef(i.indexrelid), false, NULL
       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
      WHERE $1 IN (i.indrelid, i.indexrelid)`,
  );
  const columns = new Map<string, PreviousColumn>();
  const indexes = new Map<string, string>();
  const constraints = new Map<string, string>();
  for (const row of rows) {
    if (row.kind === 'column') {
      columns.set(row.name, {
        definition: row.definition,
        notNull: row.notNull,
        ...(row.default !== null ? {default: row.default} : {}),
      });
    } else if (row.kind === 'index') indexes.set(row.name, row.definition);
    else constraints.set(row.name, row.definition);
  }
  return {columns, indexes, constraints};
};

/** The relation whose definitions the inverse of `sql` needs, if any. */
function restoredRelation(
  sql: string,
): {schema: string; name: string} | undefined {
  const target = statementTarget(sql, foldPg);
  if (target.kind === 'drop-index' && PG_DROP_INDEX.test(sql)) {
    return target.index;
  }
  const alter = ALTER.exec(sql);
  if (target.kind !== 'alter-table' || !alter) return undefined;
  const restores = splitClauses(alter[1]).some(clause =>
    PG_RESTORED_CLAUSES.some(pattern => pattern.test(clause.trim())),
  );
  return restores ? target.table : undefined;
}
