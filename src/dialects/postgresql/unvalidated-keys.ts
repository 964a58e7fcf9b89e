import {queryConnector, type JugglerConnector} from '../../juggler';
import type {PlannedStatement} from '../../types';
import {DataReader, orphanRows} from '../../planner/will-fail/data';
import {postgresqlFailureChecks} from './failure-checks';
import {quote} from './online';
import type {Unfinished} from './online-unfinished';

/** The referenced table and the columns of a foreign key. */
interface KeyColumns {
  readonly parentSchema: string;
  readonly parent: string;
  readonly columns: string[];
  readonly referenced: string[];
}

const KEY_COLUMNS = `
SELECT pn.nspname AS "parentSchema", p.relname AS parent,
       (SELECT array_agg(a.attname::text ORDER BY u.i)
          FROM unnest(k.conkey) WITH ORDINALITY AS u(n, i)
          JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n) AS columns,
       (SELECT array_agg(a.attname::text ORDER BY u.i)
          FROM unnest(k.confkey) WITH ORDINALITY AS u(n, i)
          JOIN pg_catalog.pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n) AS referenced
  FROM pg_catalog.pg_constraint k
  JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
  JOIN pg_catalog.pg_namespace cn ON cn.oid = c.relnamespace
  JOIN pg_catalog.pg_class p ON p.oid = k.confrelid
  JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace
 WHERE k.contype = 'f' AND cn.nspname = $1 AND c.relname = $2 AND k.conname = $3`;

/**
 * Judge the `VALIDATE CONSTRAINT` of each foreign key an earlier online run
 * left NOT VALID, as the plan's own foreign keys are judged: rows (written
 * between that run's check and its key) that point at no row of the
 * referenced table make it fail, so it is marked `willFail` and the run
 * is refused before anything changes, rather than failing after the rest
 * of the plan.
 */
export async function judgeUnvalidatedKeys(
  connector: JugglerConnector,
  found: readonly Unfinished[],
  statements: readonly PlannedStatement[],
): Promise<PlannedStatement[]> {
  const judged: PlannedStatement[] = [];
  for (const statement of statements) {
    const key = found.find(
      u =>
        u.kind === 'unvalidated-foreign-key' &&
        statement.sql ===
          `ALTER TABLE ${quote(u.schema)}.${quote(u.table)} VALIDATE CONSTRAINT ${quote(u.name)}`,
    );
    judged.push(key ? await withOrphans(connector, key, statement) : statement);
  }
  return judged;
}

async function withOrphans(
  connector: JugglerConnector,
  key: Unfinished,
  statement: PlannedStatement,
): Promise<PlannedStatement> {
  const [columns] = await queryConnector<KeyColumns>(connector, KEY_COLUMNS, [
    key.schema,
    key.table,
    key.name,
  ]);
  if (!columns) return statement;
  const child = {schema: key.schema, name: key.table};
  const parent = {schema: columns.parentSchema, name: columns.parent};
  const reader = new DataReader(connector, postgresqlFailureChecks);
  const orphans = await reader.orphans(
    child,
    columns.columns.map(c => reader.column(c)),
    {table: parent, columns: columns.referenced},
  );
  if (orphans.count === 0) return statement;
  return {
    ...statement,
    willFail:
      `foreign key ${quote(key.name)}, left NOT VALID by an earlier run, cannot be validated: ` +
      orphanRows(orphans, child, parent),
  };
}
