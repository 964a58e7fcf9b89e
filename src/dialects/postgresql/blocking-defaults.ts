import {queryConnector, type JugglerConnector} from '../../juggler';
import type {StatementClauses} from '../../planner/statement-clauses';
import {typeChangesIn} from './settled-types';

/**
 * Whether the column's default stops its change to type `$4`: PostgreSQL
 * converts a default as an assignment, and a string type (`'new'::text`)
 * has no assignment cast to a number, a boolean, a date or most other
 * types ("default for column ... cannot be cast automatically to type").
 * Only that case is answered `true`: another type the rule does not cover
 * (an array, a domain) keeps its default, as before.
 */
const BLOCKING_DEFAULT = `SELECT st.typcategory = 'S' AND tt.typcategory <> 'S'
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_cast k
                        WHERE k.castsource = a.atttypid AND k.casttarget = tt.oid
                          AND k.castcontext IN ('a', 'i')) AS "blocks"
  FROM pg_catalog.pg_attribute a
  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  JOIN pg_catalog.pg_type st ON st.oid = a.atttypid
  JOIN pg_catalog.pg_type tt ON tt.oid = to_regtype($4)
 WHERE n.nspname = $1 AND c.relname = $2 AND a.attname = $3
   AND a.attnum > 0 AND NOT a.attisdropped`;

/**
 * Drop the default of a column whose type change it would make PostgreSQL
 * refuse: a string default (`DEFAULT 'new'`, from an older model or set by
 * hand) on a column changed to a number, a boolean, a date, an enum... The
 * connector never changes the default of a changed column, and the run
 * failed; such a default cannot be kept under the new type. The clause
 * becomes `ALTER COLUMN c TYPE t USING ..., ALTER COLUMN c DROP DEFAULT`
 * (PostgreSQL drops the default before it converts), as the plan shows.
 * When the model declares a default for the column (an enum column made
 * text and back, both declaring `default: 'open'`), it is set again in the
 * same statement, as the connector writes it in `CREATE TABLE` (`...,
 * ALTER COLUMN c SET DEFAULT 'open'`, which PostgreSQL applies after the
 * conversion): the connector never compares defaults, so a dropped one
 * would stay missing. One query per type change.
 */
export async function dropBlockingDefaults(
  connector: JugglerConnector,
  model: string,
  clauses: StatementClauses,
): Promise<void> {
  for (const {clause, schema, table, column, written, type} of typeChangesIn(
    clauses,
  )) {
    const [row] = await queryConnector<{blocks: boolean}>(
      connector,
      BLOCKING_DEFAULT,
      [schema, table, column, type],
    );
    if (row?.blocks) {
      const declared = modelDefault(connector, model, column);
      clauses.restate(
        clause,
        `${clause.text}, ALTER COLUMN ${written} DROP DEFAULT` +
          (declared ? `, ALTER COLUMN ${written} SET${declared}` : ''),
      );
    }
  }
}

/**
 * The default the model declares for this column, as the connector writes
 * it (`' DEFAULT <value>'`); `''` for none.
 */
function modelDefault(
  connector: JugglerConnector,
  model: string,
  column: string,
): string {
  const properties = connector._models?.[model]?.properties ?? {};
  const property = Object.keys(properties).find(
    name => (connector.column?.(model, name) ?? name) === column,
  );
  return property === undefined
    ? ''
    : (connector.columnDbDefault?.(model, property) ?? '');
}
