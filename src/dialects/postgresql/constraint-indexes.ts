import type {TableRef} from '../dialect';
import {queryConnector, type JugglerConnector} from '../../juggler';
import {statementTarget} from '../../planner/statement-target';
import {foldPg} from './fold';

/**
 * Why PostgreSQL refuses the statement's `DROP INDEX`, if it does: the
 * index is the one of a constraint (a `UNIQUE (a, b)` or `EXCLUDE` of the
 * table, made by hand or by another tool: `lb4 discover` writes a
 * composite UNIQUE constraint as a unique index of each column), or one a
 * foreign key references (error 2BP01, "cannot drop index ... because
 * constraint ... requires it"). The connector drops every index the model
 * does not declare, by `DROP INDEX`, whatever holds it. A foreign key the
 * plan drops before the index (`droppedKeys`) holds it no more.
 */
export async function droppedConstraintIndex(
  connector: JugglerConnector,
  table: TableRef,
  sql: string,
  droppedKeys: ReadonlySet<string>,
): Promise<string | undefined> {
  const target = statementTarget(sql, foldPg);
  if (target.kind !== 'drop-index') return undefined;
  const schema = target.index.schema || table.schema;
  const rows = await queryConnector<{
    name: string;
    kind: string;
    owner: string;
    definition: string;
  }>(
    connector,
    `SELECT con.conname AS "name", con.contype AS "kind",
            format('%I.%I', cn.nspname, c.relname) AS "owner",
            pg_get_constraintdef(con.oid) AS "definition"
       FROM pg_constraint con
       JOIN pg_class i ON i.oid = con.conindid
       JOIN pg_namespace n ON n.oid = i.relnamespace
       JOIN pg_class c ON c.oid = con.conrelid
       JOIN pg_namespace cn ON cn.oid = c.relnamespace
      WHERE n.nspname = $1 AND i.relname = $2
      ORDER BY con.contype <> 'f', con.conname`,
    [schema, target.index.name],
  );
  // Foreign keys the plan drops before need the index no more.
  const holding = rows.filter(r => r.kind !== 'f' || !droppedKeys.has(r.name));
  if (holding.length === 0) return undefined;
  const index = target.index.name;
  const own = holding.find(r => r.kind !== 'f');
  if (own) {
    const keys = /^(?:UNIQUE|PRIMARY KEY)\s*\(([^)]*)\)/i.exec(own.definition);
    const declare = keys
      ? `declare it in the model's settings.indexes (\`${index}: {keys: {${keys[1]
          .split(',')
          .map(k => `${k.trim()}: 1`)
          .join(
            ', ',
          )}}, options: {unique: true}}\`, with the columns' names) to keep it`
      : 'declare an equal index in the model to keep it';
    return (
      `index "${index}" is the index of constraint "${own.name}" (${own.definition}) of ${own.owner}: ` +
      'PostgreSQL refuses to drop it by DROP INDEX (the connector drops every index the model does not declare). ' +
      `To fix it, ${declare}, or drop the constraint first in a migration script with runs = 'before-schema' ` +
      `(ALTER TABLE ${own.owner} DROP CONSTRAINT ${own.name})`
    );
  }
  const names = holding.map(r => `"${r.name}" of ${r.owner}`).join(', ');
  return (
    `index "${index}" is referenced by foreign key ${names}: PostgreSQL refuses to drop it by DROP INDEX ` +
    '(the connector drops every index the model does not declare). To fix it, declare an equal index in the ' +
    "model to keep it, or drop the foreign key first in a migration script with runs = 'before-schema'"
  );
}
