import type {JugglerConnector} from '../../juggler';
import {StatementClauses, unquote} from '../../planner/statement-clauses';
import type {PlanCache} from '../dialect';
import {changedColumns} from './changed-columns';
import {cached, sameType, statedColumn} from './no-ops';
import type {CatalogColumn} from './plan-reads';
import {holdsValue} from './enum-members';
import {readServer} from './server';
import {canonicalMysqlType} from './types';

const ON_UPDATE = /\bon\s+update\s+(current_timestamp(?:\(\d*\))?)/i;

/**
 * Keep the database default, and the `ON UPDATE CURRENT_TIMESTAMP`, of a
 * column that a `CHANGE COLUMN` restates where the model declares no
 * default. `CHANGE COLUMN` replaces the whole definition, and the
 * connector restates columns whose nullability or length changed, and
 * every `VARCHAR` column on every run (it compares the column with a type
 * without `dataLength`): the default a table made without LoopBack has
 * (`lb4 discover` does not write it into the model) was dropped without
 * the plan saying so. PostgreSQL's connector leaves defaults as they are.
 * Kept where the column keeps its type, or its type's name (`varchar(20)`
 * to `varchar(40)`, `decimal(8,2)` to `decimal(10,2)`), but for date and
 * time types, and ENUM and SET whose new members do not hold it: there,
 * and where the type changes to another, the model decides (the old
 * default may not fit the new type).
 * Runs before the no-op check, which then finds such a column settled.
 */
export async function withKeptDefaults(
  connector: JugglerConnector,
  statements: readonly string[],
  cache: PlanCache,
): Promise<string[]> {
  const clauses = new StatementClauses(statements);
  for await (const {clause, match, current} of changedColumns(
    connector,
    clauses,
    cache,
  )) {
    const stated = statedColumn(match[3]);
    // The same column, or one renamed in letter case only.
    const same =
      unquote(match[1]).toLowerCase() === unquote(match[2]).toLowerCase();
    if (!same || !stated || stated.default) continue;
    if (!current || !keepsDefault(stated.type, current)) continue;
    const kept = await keptAttributes(connector, current, cache);
    if (kept) clauses.restate(clause, `${clause.text} ${kept}`);
  }
  return clauses.statements();
}

/**
 * Whether a column of type `current` keeps its default as type `stated`;
 * an ENUM or SET where its default is a value of the new members too
 * (members added).
 */
function keepsDefault(stated: string, current: CatalogColumn): boolean {
  if (sameType(stated, current)) return true;
  const name = (type: string) => canonicalMysqlType(type).replace(/\(.*$/, '');
  if (
    /^(enum|set)$/.test(name(stated)) &&
    name(stated) === name(current.type)
  ) {
    return (
      current.default !== null &&
      holdsValue(canonicalMysqlType(stated), current.default)
    );
  }
  return (
    name(stated) === name(current.type) &&
    !/^(date|time|datetime|timestamp|year)$/.test(name(stated))
  );
}

/** `DEFAULT x [ON UPDATE y]` as the column has them, or `''`. */
async function keptAttributes(
  connector: JugglerConnector,
  column: CatalogColumn,
  cache: PlanCache,
): Promise<string> {
  const value = column.default;
  if (value === null || /^null$/i.test(value)) return '';
  const server = await cached(cache, 'mysql:server', () =>
    readServer(connector),
  );
  const generated = /\bDEFAULT_GENERATED\b/i.test(column.extra ?? '');
  // MariaDB reports the default as SQL (`'new'`, `current_timestamp(3)`);
  // MySQL reports a literal's value, and an expression with
  // DEFAULT_GENERATED.
  const sql = server.mariadb
    ? value
    : !generated
      ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`
      : /^current_timestamp(\(\d*\))?$/i.test(value)
        ? value
        : `(${value})`;
  const onUpdate = ON_UPDATE.exec(column.extra ?? '');
  return `DEFAULT ${sql}` + (onUpdate ? ` ON UPDATE ${onUpdate[1]}` : '');
}
