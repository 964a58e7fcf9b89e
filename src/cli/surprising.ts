import {thawedNowReason} from '../dialects/postgresql/frozen-now-defaults';
import type {PlannedStatement} from '../types';

/**
 * A statement whose reason a reader should see beside it: it drops something
 * (an index or foreign key the model does not declare, a column holding no
 * value) without destroying stored data, or it changes a table no model
 * change asked for (PostgreSQL's `SET DEFAULT now()` over the frozen `$now`
 * default of a table stock made).
 */
export function isSurprising(statement: PlannedStatement): boolean {
  return (
    statement.reason !== undefined &&
    (/\bDROP\b/i.test(statement.sql) || thawsFrozenNow(statement))
  );
}

/** PostgreSQL's `SET DEFAULT now()` over a stock table's frozen `$now` default. */
export function thawsFrozenNow(statement: PlannedStatement): boolean {
  return thawedNowReason(statement.sql) !== undefined;
}

/**
 * Whether the statement's reason says it drops something, in any of its
 * parts (a column change can drop a foreign key in the same statement): an
 * online form can hold a DROP that drops nothing here (a leftover check
 * dropped first, a foreign key dropped again only when rows written
 * meanwhile break it).
 */
export function dropsSomething(statement: PlannedStatement): boolean {
  return /(?:^|; )drops\b/i.test(statement.reason ?? '');
}
