import {
  IDENTIFIER,
  identifierParts,
  unquote,
  type Clause,
  type StatementClauses,
} from '../../planner/statement-clauses';
import {queryConnector, type JugglerConnector} from '../../juggler';
import {tableKey, type PlanCache} from '../dialect';
import {connectPg, type PgConnector} from './client';
import {foldPg} from './fold';

const TYPE_CHANGE = new RegExp(
  `^ALTER\\s+COLUMN\\s+(${IDENTIFIER})\\s+TYPE\\s+([\\s\\S]+?)\\s+USING\\s`,
  'i',
);

/** An `ALTER COLUMN c TYPE t USING ...` clause of a plan's statements. */
export interface TypeChange {
  readonly clause: Clause;
  readonly schema: string;
  readonly table: string;
  /** The column, as the catalog names it. */
  readonly column: string;
  /** The column, as the statement writes it. */
  readonly written: string;
  readonly type: string;
}

/** The type changes among the clauses not taken out yet. */
export function typeChangesIn(clauses: StatementClauses): TypeChange[] {
  return clauses.remaining().flatMap(clause => {
    const match = TYPE_CHANGE.exec(clause.text);
    if (!match || !clause.table) return [];
    const parts = identifierParts(clause.table, foldPg);
    return [
      {
        clause,
        schema: parts.length > 1 ? parts[0] : 'public',
        table: parts[parts.length - 1],
        column: unquote(match[1], foldPg),
        written: match[1],
        type: match[2].trim(),
      },
    ];
  });
}

/**
 * The `PlanCache` key of every column of the plan's schemas with its type's
 * oid and modifier, by table (`Map<string, ColumnTypeId[]>`, keyed by
 * `tableKey()`), as a plan's catalog snapshot holds them.
 */
export const COLUMN_TYPE_IDS_READ = 'postgresql:column-type-ids';

/** A column's type as PostgreSQL stores it. */
export interface ColumnTypeId {
  readonly schema: string;
  readonly table: string;
  readonly column: string;
  /** `pg_attribute.atttypid`. */
  readonly typeId: number;
  /** `pg_attribute.atttypmod`: length, precision..., -1 for none. */
  readonly typmod: number;
  /** `pg_attribute.attnotnull`: the column's own NOT NULL (not its domain's). */
  readonly notNull: boolean;
}

/** A type name resolved: what a column of that type stores. */
type ResolvedType = Pick<ColumnTypeId, 'typeId' | 'typmod'>;

/**
 * Take out `ALTER COLUMN c TYPE t` where the column already has type `t`
 * spelled otherwise (`DECIMAL`/`numeric`, `INT`/`integer`, `FLOAT`,
 * `BOOL`, `VARCHAR`, `CHAR`, arrays...), or is the domain `t` (whose base
 * type the connector reads instead): the connector compares its own
 * spelling with the catalog's, and plans such a change on every run.
 * PostgreSQL itself resolves `t`, once per spelling and plan (`cache`);
 * the columns' types come from the plan's catalog snapshot when `cache`
 * holds it.
 */
export async function dropSettledTypeChanges(
  connector: PgConnector,
  clauses: StatementClauses,
  cache: PlanCache = new Map(),
): Promise<void> {
  for (const {clause, schema, table, column, type} of typeChangesIn(clauses)) {
    const current = (
      await pgColumnTypeIds(connector, schema, table, cache)
    ).find(c => c.column === column);
    const wanted = await resolveType(connector, type, cache);
    if (
      current &&
      wanted &&
      current.typeId === wanted.typeId &&
      current.typmod === wanted.typmod
    ) {
      clauses.remove(clause);
    }
  }
}

/** The columns of a table with their types' ids, from the snapshot when `cache` holds it. */
export async function pgColumnTypeIds(
  connector: JugglerConnector,
  schema: string,
  table: string,
  cache: PlanCache,
): Promise<ColumnTypeId[]> {
  const read = cache.get(COLUMN_TYPE_IDS_READ);
  if (read) {
    const byTable = (await read) as Map<string, ColumnTypeId[]>;
    return byTable.get(tableKey({schema, name: table})) ?? [];
  }
  return queryConnector<ColumnTypeId>(
    connector,
    `SELECT n.nspname AS "schema", c.relname AS "table", a.attname AS "column",
            a.atttypid::int AS "typeId", a.atttypmod AS "typmod",
            a.attnotnull AS "notNull"
       FROM pg_catalog.pg_attribute a
       JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2
        AND a.attnum > 0 AND NOT a.attisdropped`,
    [schema, table],
  );
}

/**
 * A type name as PostgreSQL resolves it, or `undefined` when it cannot;
 * once per spelling and plan.
 */
function resolveType(
  connector: PgConnector,
  type: string,
  cache: PlanCache,
): Promise<ResolvedType | undefined> {
  const key = `postgresql:type:${type}`;
  let resolved = cache.get(key) as Promise<ResolvedType | undefined>;
  if (!resolved) {
    resolved = castNull(connector, type);
    cache.set(key, resolved);
  }
  return resolved;
}

async function castNull(
  connector: PgConnector,
  type: string,
): Promise<ResolvedType | undefined> {
  if (/;|--|\/\*/.test(type)) return undefined;
  // SERIAL is no type, but an integer column with a sequence.
  const serial = /^(SMALL|BIG)?SERIAL$/i.exec(type);
  const name = serial ? `${serial[1] ?? ''}INT` : type;
  const client = await connectPg(connector);
  try {
    // The cast is never evaluated: a domain NOT NULL refuses NULL.
    const result = await client.query(
      `SELECT pg_typeof(v)::oid::int AS "typeId", v
         FROM (SELECT (SELECT CAST(NULL AS ${name}) WHERE false) AS v) AS t`,
    );
    const [{typeId}] = result.rows as {typeId: number}[];
    const field = result.fields[1];
    // The result describes a domain's value by its base type and that
    // type's modifier; a column of a domain has the domain's oid and no
    // modifier (PostgreSQL takes none for a domain).
    const domain = typeId !== field.dataTypeID;
    return {typeId, typmod: domain ? -1 : field.dataTypeModifier};
  } catch {
    return undefined; // not a type: the statement keeps it, and fails there
  } finally {
    client.release();
  }
}
