import {queryConnector, type JugglerConnector} from '../../juggler';
import {splitClauses, unquote} from '../../planner/statement-clauses';
import {tableKey, type TableRef} from '../dialect';
import {
  NO_IMPACT,
  alterTableBody,
  mergeVerdicts,
  type JudgeLockImpact,
  type LockImpactVerdict,
} from '../lock-impact';
import type {ApplyPhase} from '../../types';
import {isBackFill} from './online-backfill';
import {pgMetadataOnlyTypeChange} from './type-rewrites';
import {foldPg} from './fold';

const NAME = '("(?:[^"]|"")*"|[\\w$]+)';
const ALTER_TYPE = new RegExp(
  `^ALTER\\s+(?:COLUMN\\s+)?${NAME}\\s+(?:SET\\s+DATA\\s+)?TYPE\\s+([\\s\\S]+?)(\\s+USING\\b[\\s\\S]*)?$`,
  'i',
);

const verdict = (
  lock: LockImpactVerdict['lock'],
  work: {rewrites?: boolean; scans?: boolean} = {},
): LockImpactVerdict => ({
  lock,
  rewritesTable: work.rewrites ?? false,
  scansTable: work.scans ?? work.rewrites ?? false,
});

/** ACCESS EXCLUSIVE for a moment: catalog changes only. */
const BRIEF = verdict('brief');
/** ACCESS EXCLUSIVE while every row is copied. */
const REWRITE = verdict('blocks-reads-and-writes', {rewrites: true});
/** ACCESS EXCLUSIVE while every row is read (a check, an index build). */
const EXCLUSIVE_SCAN = verdict('blocks-reads-and-writes', {scans: true});

/** Volatile defaults: each row gets its own value, so the table is rewritten. */
const VOLATILE_DEFAULT =
  /\bDEFAULT\s+(?:nextval|gen_random_uuid|uuid_generate_v\d\w*|random|clock_timestamp|timeofday)\s*\(/i;

/**
 * The lock impact of PostgreSQL statements (PostgreSQL 11+): the lock each
 * takes (ACCESS EXCLUSIVE for most ALTER TABLE forms, SHARE for CREATE
 * INDEX, SHARE ROW EXCLUSIVE for a validated foreign key, SHARE UPDATE
 * EXCLUSIVE for CONCURRENTLY and VALIDATE) and how long it holds it: for a
 * moment (catalog only) or while it rewrites or scans the table. A type
 * change is judged against the column's type now (read here, one query when
 * the plan has type changes): widening a varchar, numeric precision or
 * time precision, or varchar to text, rewrites nothing (but scans the
 * table when a CHECK constraint reads the column). The statements
 * of online phases are judged as they run there (see `online.ts`).
 */
export const pgLockImpact: JudgeLockImpact = async (connector, statements) => {
  const changes = statements.flatMap(s =>
    s.existing && s.table ? typeChangesOf(s.sql, s.table) : [],
  );
  const types =
    changes.length > 0
      ? await columnTypes(connector, changes)
      : new Map<string, ColumnNow>();
  return statements.map(s =>
    s.existing ? statementVerdict(s.sql, s.table, types, s.phase) : NO_IMPACT,
  );
};

/** A column a statement changes the type of, as it is now. */
export interface ColumnNow {
  /** Its type, `format_type()`. */
  readonly type: string;
  /**
   * A CHECK constraint reads it: PostgreSQL checks every row again after
   * any type change, one that rewrites nothing too, under its lock.
   */
  readonly checked: boolean;
}

interface TypeChange {
  readonly table: TableRef;
  readonly column: string;
  readonly type: string;
}

function typeChangesOf(sql: string, table: TableRef): TypeChange[] {
  const body = alterTableBody(sql);
  if (body === undefined) return [];
  return splitClauses(body).flatMap(clause => {
    const m = ALTER_TYPE.exec(clause);
    return m ? [{table, column: unquote(m[1], foldPg), type: m[2]}] : [];
  });
}

const columnKey = (table: TableRef, column: string) =>
  `${tableKey(table)}.${column}`;

async function columnTypes(
  connector: JugglerConnector,
  changes: readonly TypeChange[],
): Promise<Map<string, ColumnNow>> {
  const rows = await queryConnector<{
    schema: string;
    table: string;
    column: string;
    type: string;
    checked: boolean;
  }>(
    connector,
    `SELECT n.nspname AS "schema", c.relname AS "table", a.attname AS "column",
            format_type(a.atttypid, a.atttypmod) AS "type",
            EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k
                     WHERE k.conrelid = c.oid AND k.contype = 'c'
                       AND a.attnum = ANY(k.conkey)) AS "checked"
       FROM pg_catalog.pg_attribute a
       JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE a.attnum > 0 AND NOT a.attisdropped
        AND n.nspname = ANY($1) AND c.relname = ANY($2) AND a.attname = ANY($3)`,
    [
      [...new Set(changes.map(c => c.table.schema))],
      [...new Set(changes.map(c => c.table.name))],
      [...new Set(changes.map(c => c.column))],
    ],
  );
  return new Map(
    rows.map(r => [
      columnKey({schema: r.schema, name: r.table}, r.column),
      {type: r.type, checked: r.checked},
    ]),
  );
}

/**
 * The verdict of one statement on a table other sessions use, in the phase
 * of an online plan it runs in, if any.
 */
export function statementVerdict(
  sql: string,
  table: TableRef | undefined,
  types: ReadonlyMap<string, ColumnNow>,
  phase?: ApplyPhase,
): LockImpactVerdict {
  const text = sql.trim();
  if (/^CREATE\s+(?:SCHEMA|EXTENSION|TABLE)\b/i.test(text)) return NO_IMPACT;
  // SHARE UPDATE EXCLUSIVE on the table: reads and writes go on.
  if (/^COMMENT\s+ON\b/i.test(text)) return NO_IMPACT;
  // Row updates in batches that commit one by one.
  if (isBackFill(text)) return verdict('none', {scans: true});
  if (/^CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\b/i.test(text)) {
    return verdict('none', {scans: true});
  }
  if (/^CREATE\s+(?:UNIQUE\s+)?INDEX\b/i.test(text)) {
    return verdict('blocks-writes', {scans: true});
  }
  if (/^DROP\s+INDEX\s+CONCURRENTLY\b/i.test(text)) return NO_IMPACT;
  if (/^DROP\s+(?:INDEX|TABLE)\b/i.test(text)) return BRIEF;
  const body = alterTableBody(text);
  if (body === undefined) return verdict('blocks-reads-and-writes');
  return splitClauses(body)
    .map(clause => clauseVerdict(clause, table, types, phase))
    .reduce(mergeVerdicts, NO_IMPACT);
}

function clauseVerdict(
  clause: string,
  table: TableRef | undefined,
  types: ReadonlyMap<string, ColumnNow>,
  phase: ApplyPhase | undefined,
): LockImpactVerdict {
  const notValid = /\bNOT\s+VALID\s*$/i.test(clause);
  if (/^ADD\s+(?:CONSTRAINT\s+\S+\s+)?FOREIGN\s+KEY\b/i.test(clause)) {
    // SHARE ROW EXCLUSIVE on both tables while it checks every row.
    return notValid ? BRIEF : verdict('blocks-writes', {scans: true});
  }
  if (/^ADD\s+(?:CONSTRAINT\s+\S+\s+)?CHECK\b/i.test(clause)) {
    return notValid ? BRIEF : EXCLUSIVE_SCAN;
  }
  if (
    /^ADD\s+(?:CONSTRAINT\s+\S+\s+)?(?:UNIQUE|PRIMARY\s+KEY)\b/i.test(clause)
  ) {
    return /\bUSING\s+INDEX\b/i.test(clause) ? BRIEF : EXCLUSIVE_SCAN;
  }
  if (/^VALIDATE\s+CONSTRAINT\b/i.test(clause)) {
    // SHARE UPDATE EXCLUSIVE: reads and writes go on.
    return verdict('none', {scans: true});
  }
  if (/^ADD\b/i.test(clause)) return addColumnVerdict(clause);
  if (/^(?:DROP|RENAME)\b/i.test(clause)) return BRIEF;
  const type = ALTER_TYPE.exec(clause);
  if (type) {
    const old = table && types.get(columnKey(table, unquote(type[1], foldPg)));
    if (old === undefined || !pgMetadataOnlyTypeChange(old.type, type[2])) {
      return REWRITE;
    }
    return old.checked ? EXCLUSIVE_SCAN : BRIEF;
  }
  if (/^ALTER\s+(?:COLUMN\s+)?\S+\s+SET\s+NOT\s+NULL\b/i.test(clause)) {
    // An online plan sets it in a transaction of its own only after the
    // check that stands in for it was validated: no scan (PostgreSQL 12+).
    return phase === 'own-transaction' ? BRIEF : EXCLUSIVE_SCAN;
  }
  if (
    /^ALTER\s+(?:COLUMN\s+)?\S+\s+(?:DROP\s+NOT\s+NULL|SET\s+DEFAULT|DROP\s+DEFAULT|SET\s+STATISTICS)\b/i.test(
      clause,
    )
  ) {
    return BRIEF;
  }
  return verdict('blocks-reads-and-writes');
}

/** ADD [COLUMN]: catalog only (PostgreSQL 11+ keeps a constant default in the catalog). */
function addColumnVerdict(clause: string): LockImpactVerdict {
  if (/\b(?:PRIMARY\s+KEY|UNIQUE)\b/i.test(clause)) return EXCLUSIVE_SCAN;
  if (
    VOLATILE_DEFAULT.test(clause) ||
    /\b(?:SMALL|BIG)?SERIAL\b/i.test(clause) ||
    /\bGENERATED\s+ALWAYS\s+AS\s*\([\s\S]*\)\s*STORED\b/i.test(clause)
  ) {
    return REWRITE;
  }
  if (/\bREFERENCES\b/i.test(clause)) return verdict('blocks-writes');
  return BRIEF;
}
