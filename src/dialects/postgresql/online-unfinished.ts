import {queryConnector, type JugglerConnector} from '../../juggler';
import type {OnlineTable} from '../../runner/online-forms';
import type {PlannedStatement} from '../../types';
import {backFill, concurrently, NOT_NULL_CHECK_PREFIX, quote} from './online';
import {BACK_FILL_MARK, markSql} from './online-backfill';

/** Something an earlier online run left unfinished on a table. */
export interface Unfinished {
  readonly kind:
    | 'back-fill'
    | 'invalid-index'
    | 'unvalidated-foreign-key'
    | 'not-null-check';
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  /**
   * The index definition (`pg_get_indexdef`) of an invalid index; the
   * column's default of a back-fill.
   */
  readonly definition: string | null;
}

const LEFT_OVER = `
WITH t(schema, name) AS (SELECT * FROM unnest($1::text[], $2::text[]))
SELECT 'invalid-index' AS kind, n.nspname AS schema, c.relname AS "table",
       i.relname AS name, pg_catalog.pg_get_indexdef(x.indexrelid) AS definition
  FROM pg_catalog.pg_index x
  JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
  JOIN pg_catalog.pg_class c ON c.oid = x.indrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN t ON t.schema = n.nspname AND t.name = c.relname
 WHERE NOT x.indisvalid
   -- not one being built right now (by someone else: we hold the lock)
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stat_progress_create_index p
                    WHERE p.index_relid = x.indexrelid)
UNION ALL
SELECT CASE k.contype WHEN 'f' THEN 'unvalidated-foreign-key' ELSE 'not-null-check' END,
       n.nspname, c.relname, k.conname, NULL
  FROM pg_catalog.pg_constraint k
  JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN t ON t.schema = n.nspname AND t.name = c.relname
 WHERE (k.contype = 'f' AND NOT k.convalidated)
    OR (k.contype = 'c' AND starts_with(k.conname, $3))
UNION ALL
SELECT 'back-fill', n.nspname, c.relname, a.attname,
       pg_catalog.pg_get_expr(d.adbin, d.adrelid)
  FROM pg_catalog.pg_attribute a
  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN t ON t.schema = n.nspname AND t.name = c.relname
  JOIN pg_catalog.pg_description m ON m.objoid = c.oid
   AND m.classoid = 'pg_catalog.pg_class'::regclass AND m.objsubid = a.attnum
  LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
 WHERE m.description = $4 AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY 1, 2, 3, 4`;

/** Read what earlier online runs left unfinished on `tables`. */
export function readUnfinished(
  connector: JugglerConnector,
  tables: readonly OnlineTable[],
): Promise<Unfinished[]> {
  if (tables.length === 0) return Promise.resolve([]);
  return queryConnector<Unfinished>(connector, LEFT_OVER, [
    tables.map(t => t.table.schema),
    tables.map(t => t.table.name),
    NOT_NULL_CHECK_PREFIX,
    BACK_FILL_MARK,
  ]);
}

/**
 * The statements that finish what an earlier online run left, except what
 * the plan's own statements (`planned`, their SQL) drop or recreate: a
 * column still marked for its back-fill is back-filled; an INVALID index (a build that failed or was stopped) is dropped and
 * built again concurrently; a foreign key of the model left `NOT VALID` is
 * validated (one the model does not declare is the app's own business); a
 * left-over NOT NULL check is dropped.
 */
export function finishUnfinished(
  found: readonly Unfinished[],
  tables: readonly OnlineTable[],
  planned: readonly string[],
): PlannedStatement[] {
  const tableOf = (u: Unfinished) =>
    tables.find(t => t.table.schema === u.schema && t.table.name === u.table);
  const declared = (u: Unfinished) =>
    tableOf(u)?.foreignKeys.includes(u.name) ?? false;
  // Each names its table's model, for its lock impact and its messages.
  return found.flatMap((u): PlannedStatement[] => {
    const model = tableOf(u)?.model;
    return finish(u, planned, declared(u)).map(s =>
      model === undefined ? s : {...s, model},
    );
  });
}

/** The statements that finish one piece of unfinished work. */
function finish(
  u: Unfinished,
  planned: readonly string[],
  declared: boolean,
): PlannedStatement[] {
  const table = `${quote(u.schema)}.${quote(u.table)}`;
  const name = quote(u.name);
  if (u.kind === 'back-fill') {
    // A column the plan drops needs no back-fill.
    if (planned.some(sql => sql.includes(`DROP COLUMN ${name}`))) return [];
    return u.definition === null
      ? [unmark(table, name)]
      : backFill({}, table, name, u.definition);
  }
  if (mentions(planned, u.name)) return [];
  switch (u.kind) {
    case 'invalid-index':
      return u.definition === null
        ? []
        : [
            {
              sql: `DROP INDEX CONCURRENTLY IF EXISTS ${quote(u.schema)}.${name}`,
              destructive: false,
              reason: `drops the INVALID index ${name} an interrupted build left (writes go on)`,
              phase: 'no-transaction' as const,
            },
            {
              sql: concurrently(u.definition),
              destructive: false,
              reason: `builds the index ${name} again (writes go on)`,
              phase: 'no-transaction' as const,
            },
          ];
    case 'unvalidated-foreign-key':
      return declared
        ? [
            {
              sql: `ALTER TABLE ${table} VALIDATE CONSTRAINT ${name}`,
              destructive: false,
              reason: `validates the foreign key ${name} an interrupted run left NOT VALID (writes go on)`,
              phase: 'own-transaction' as const,
            },
          ]
        : [];
    case 'not-null-check':
      return [
        {
          sql: `ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${name}`,
          destructive: false,
          reason: `drops the NOT NULL check ${name} an interrupted run left`,
          phase: 'own-transaction' as const,
        },
      ];
  }
}

/** Clear the mark of a column whose default is gone: nothing to fill it with. */
function unmark(table: string, column: string): PlannedStatement {
  return {
    sql: markSql(table, column, null),
    destructive: false,
    reason:
      'unmarks a column left marked for a back-fill, whose default is gone',
    phase: 'own-transaction',
  };
}

/** Whether a planned statement names the index or constraint `name`. */
function mentions(planned: readonly string[], name: string): boolean {
  const quoted = quote(name);
  const bare = new RegExp(
    `(^|[\\s.(,])${name.replace(/[^\w$]/g, '\\$&')}($|[\\s,;)])`,
  );
  return planned.some(sql => sql.includes(quoted) || bare.test(sql));
}
