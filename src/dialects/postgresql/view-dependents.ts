import {describeTable, type TableRef} from '../dialect';
import {queryConnector, type JugglerConnector} from '../../juggler';
import {columnChanges} from '../../planner/alter-clauses';

/**
 * Why PostgreSQL refuses the statement's type changes and column drops, if
 * it does: a view (or materialized view) uses the column ("cannot alter
 * type of a column used by a view or rule", "cannot drop column ...
 * because other objects depend on it"). `lb4 discover` of a database with
 * views finds them; the connector never looks.
 */
export async function columnsViewsUse(
  connector: JugglerConnector,
  table: TableRef,
  sql: string,
): Promise<string | undefined> {
  const columns = columnChanges(sql)
    .filter(c => c.kind === 'change-type' || c.kind === 'drop-column')
    .map(c => c.column);
  if (columns.length === 0) return undefined;
  const rows = await queryConnector<{
    column: string;
    schema: string;
    view: string;
    kind: string;
  }>(
    connector,
    `SELECT DISTINCT a.attname AS "column", vn.nspname AS "schema",
            v.relname AS "view", v.relkind::text AS "kind"
       FROM pg_catalog.pg_depend d
       JOIN pg_catalog.pg_rewrite r
         ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND r.oid = d.objid
       JOIN pg_catalog.pg_class v ON v.oid = r.ev_class
       JOIN pg_catalog.pg_namespace vn ON vn.oid = v.relnamespace
       JOIN pg_catalog.pg_attribute a
         ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
       JOIN pg_catalog.pg_class t ON t.oid = d.refobjid
       JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
      WHERE d.refclassid = 'pg_catalog.pg_class'::regclass
        AND tn.nspname = $1 AND t.relname = $2 AND a.attname = ANY($3)
        AND v.oid <> t.oid
      ORDER BY 1, 2, 3`,
    [table.schema, table.name, columns],
  );
  if (rows.length === 0) return undefined;
  const uses = rows
    .map(
      r =>
        `column "${r.column}" of ${describeTable(table)} is used by ` +
        `${r.kind === 'm' ? 'materialized view' : 'view'} ` +
        describeTable({schema: r.schema, name: r.view}),
    )
    .join(', ');
  return (
    `${uses}: PostgreSQL changes no type of a column a view uses, nor ` +
    'drops it ("cannot alter type of a column used by a view or rule"). ' +
    "Drop the view in a migration script with runs = 'before-schema' and " +
    'make it again in one that runs after the schema (the default), or ' +
    'keep the column as it is'
  );
}

/**
 * Why PostgreSQL refuses to drop the table (a rebuild's `DROP TABLE`), if
 * it does: a view (or materialized view) uses it ("cannot drop table ...
 * because other objects depend on it"). The connector drops without
 * CASCADE, which is right: a rebuild does not drop the app's views.
 */
export async function tableViewsUse(
  connector: JugglerConnector,
  table: TableRef,
): Promise<string | undefined> {
  const rows = await queryConnector<{
    schema: string;
    view: string;
    kind: string;
  }>(
    connector,
    `SELECT DISTINCT vn.nspname AS "schema", v.relname AS "view",
            v.relkind::text AS "kind"
       FROM pg_catalog.pg_depend d
       JOIN pg_catalog.pg_rewrite r
         ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND r.oid = d.objid
       JOIN pg_catalog.pg_class v ON v.oid = r.ev_class
       JOIN pg_catalog.pg_namespace vn ON vn.oid = v.relnamespace
       JOIN pg_catalog.pg_class t ON t.oid = d.refobjid
       JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
      WHERE d.refclassid = 'pg_catalog.pg_class'::regclass
        AND tn.nspname = $1 AND t.relname = $2 AND v.oid <> t.oid
      ORDER BY 1, 2`,
    [table.schema, table.name],
  );
  if (rows.length === 0) return undefined;
  const views = rows
    .map(
      r =>
        `${r.kind === 'm' ? 'materialized view' : 'view'} ` +
        describeTable({schema: r.schema, name: r.view}),
    )
    .join(', ');
  return (
    `table ${describeTable(table)} is used by ${views}: PostgreSQL drops no ` +
    'table a view uses ("cannot drop table ... because other objects ' +
    'depend on it"). Drop the view in a migration script with runs = ' +
    "'before-schema' and make it again in one that runs after the schema " +
    '(the default)'
  );
}
