import {queryConnector, type JugglerConnector} from '../../juggler';
import {
  foreignKeyPairs,
  type StatedForeignKey,
} from '../../planner/foreign-key-pairs';
import {
  IDENTIFIER,
  StatementClauses,
  identifierParts,
  type Clause,
} from '../../planner/statement-clauses';
import {escapeName} from '../dialect';
import {connectPg, type PgClient, type PgConnector} from './client';
import {splitClauses} from '../../planner/statement-clauses';
import {unquote} from '../../planner/statement-clauses';
import {foldPg} from './fold';
import type {PlanCache} from '../dialect';
import {dropAddsOfExistingColumns} from './existing-columns';

const QUALIFIED = `${IDENTIFIER}(?:\\s*\\.\\s*${IDENTIFIER})?`;
const TYPE_CHANGE = new RegExp(
  `^ALTER\\s+COLUMN\\s+(${IDENTIFIER})\\s+TYPE\\s+([\\s\\S]+?)\\s+USING\\s`,
  'i',
);
const DROP_INDEX = new RegExp(
  `^DROP\\s+INDEX\\s+(?:IF\\s+EXISTS\\s+)?(${QUALIFIED})$`,
  'i',
);
const CREATE_INDEX = new RegExp(
  `^CREATE\\s+(UNIQUE\\s+)?INDEX\\s+(${IDENTIFIER})\\s+ON\\s+(${QUALIFIED})` +
    '\\s*(?:USING\\s+(\\w+)\\s*)?\\(([\\s\\S]*)\\)$',
  'i',
);
const INDEX_KEY = new RegExp(`^(${IDENTIFIER})(?:\\s+(ASC|DESC))?$`, 'i');

/**
 * The PostgreSQL dialect's `withoutNoOps`. It takes out what the connector
 * emits on every run although the catalog already matches the model:
 *
 * - `ADD COLUMN c` where the table has column `c` (see
 *   dropAddsOfExistingColumns);
 * - `ALTER COLUMN c TYPE t` where the column already has type `t` spelled
 *   otherwise (`DECIMAL`/`numeric`, `INT`/`integer`, `FLOAT`, `BOOL`,
 *   `VARCHAR`, `CHAR`, arrays...): PostgreSQL itself resolves `t`;
 * - `DROP INDEX x` + `CREATE INDEX x` where index `x` already is what the
 *   CREATE makes (the connector misreads multi-column indexes);
 * - `DROP INDEX` of a property's own index (`<table>_<column>_idx`) that
 *   matches its declaration (the connector cannot parse column names with
 *   an underscore out of such names, and drops and creates it in turn);
 * - `DROP CONSTRAINT x` + `ADD CONSTRAINT x FOREIGN KEY` where the foreign
 *   key already is what the ADD makes (the connector compares property
 *   names with column names, and looks keys up by their settings key).
 */
export async function withoutPgNoOps(
  connector: JugglerConnector,
  model: string,
  statements: readonly string[],
  cache?: PlanCache,
): Promise<string[]> {
  const clauses = new StatementClauses(statements);
  await dropAddsOfExistingColumns(connector, clauses, cache);
  await dropSettledTypeChanges(connector, clauses);
  await dropSettledIndexes(connector, model, clauses);
  await dropSettledForeignKeys(connector, model, clauses);
  return clauses.statements();
}

// --- column types ----------------------------------------------------------

interface ColumnType {
  readonly name: string;
  readonly type: number;
  readonly typmod: number;
}

async function dropSettledTypeChanges(
  connector: PgConnector,
  clauses: StatementClauses,
): Promise<void> {
  const changes = clauses.remaining().flatMap(clause => {
    const match = TYPE_CHANGE.exec(clause.text);
    return match && clause.table
      ? [{clause, column: unquote(match[1], foldPg), type: match[2].trim()}]
      : [];
  });
  if (changes.length === 0) return;
  const client = await connectPg(connector);
  try {
    const columns = new Map<string, ColumnType[]>();
    for (const change of changes) {
      const table = change.clause.table!;
      if (!columns.has(table)) {
        const result = await client.query(
          `SELECT a.attname AS "name", a.atttypid::int AS "type", a.atttypmod AS "typmod"
             FROM pg_catalog.pg_attribute a
            WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped`,
          [table],
        );
        columns.set(table, result.rows as ColumnType[]);
      }
      const current = columns.get(table)!.find(c => c.name === change.column);
      const wanted = await resolveType(client, change.type);
      if (
        current &&
        wanted &&
        current.type === wanted.type &&
        current.typmod === wanted.typmod
      ) {
        clauses.remove(change.clause);
      }
    }
  } finally {
    client.release();
  }
}

/** A type name as PostgreSQL resolves it, or `undefined` when it cannot. */
async function resolveType(
  client: PgClient,
  type: string,
): Promise<Omit<ColumnType, 'name'> | undefined> {
  if (/;|--|\/\*/.test(type)) return undefined;
  // SERIAL is no type, but an integer column with a sequence.
  const serial = /^(SMALL|BIG)?SERIAL$/i.exec(type.trim());
  const name = serial ? `${serial[1] ?? ''}INT` : type;
  try {
    const result = await client.query(
      `SELECT CAST(NULL AS ${name}) AS "t" LIMIT 0`,
    );
    const [field] = result.fields;
    return {type: field.dataTypeID, typmod: field.dataTypeModifier};
  } catch {
    return undefined; // not a type: the statement keeps it, and fails there
  }
}

// --- indexes ---------------------------------------------------------------

/** An index as the catalog describes it. */
interface CatalogIndex {
  /** Whether it is on the table the CREATE names. */
  readonly onTable: boolean;
  readonly unique: boolean;
  readonly method: string;
  /** Partial, on expressions, or with INCLUDE columns. */
  readonly special: boolean;
  readonly columns: string[];
  /** `indoption` per column: 1 = DESC, 2 = NULLS FIRST. */
  readonly options: number[];
}

/** An index as a statement or a declaration wants it. */
interface WantedIndex {
  readonly table: string;
  readonly unique: boolean;
  readonly method: string;
  readonly keys: ReadonlyArray<{column: string; descending: boolean}>;
}

async function dropSettledIndexes(
  connector: JugglerConnector,
  model: string,
  clauses: StatementClauses,
): Promise<void> {
  const remaining = clauses.remaining();
  const creates = new Map<string, {clause: Clause; wanted: WantedIndex}>();
  for (const clause of remaining) {
    const created = createdIndex(clause.text);
    if (created) creates.set(created.name, {clause, wanted: created.wanted});
  }
  for (const clause of remaining) {
    const match = DROP_INDEX.exec(clause.text.trim());
    if (!match) continue;
    const name = match[1];
    const parts = identifierParts(name, foldPg);
    const key = parts.join('.');
    const create = creates.get(key);
    const wanted =
      create?.wanted ?? propertyIndex(connector, model, parts.at(-1)!);
    if (!wanted || !(await indexIs(connector, name, wanted))) continue;
    clauses.remove(clause);
    if (create) clauses.remove(create.clause);
  }
}

/** The index a connector-generated CREATE INDEX makes, keyed `schema.name`. */
function createdIndex(
  sql: string,
): {name: string; wanted: WantedIndex} | undefined {
  const match = CREATE_INDEX.exec(sql.trim());
  if (!match) return undefined;
  const [, unique, name, table, method, keyList] = match;
  const keys = splitClauses(keyList).map(key => INDEX_KEY.exec(key));
  if (keys.some(key => !key)) return undefined;
  const schema = identifierParts(table, foldPg).slice(0, -1);
  return {
    name: [...schema, unquote(name, foldPg)].join('.'),
    wanted: {
      table,
      unique: unique !== undefined,
      method: (method ?? 'btree').toLowerCase(),
      keys: keys.map(key => ({
        column: unquote(key![1], foldPg),
        descending: key![2]?.toUpperCase() === 'DESC',
      })),
    },
  };
}

interface IndexDeclaration {
  readonly kind?: unknown;
  readonly type?: unknown;
  readonly unique?: unknown;
}

/**
 * The index the connector makes for a property declaring `index`, when
 * `indexName` is its name (`<table>_<column>_idx`).
 */
function propertyIndex(
  connector: JugglerConnector,
  model: string,
  indexName: string,
): WantedIndex | undefined {
  const properties = connector._models?.[model]?.properties ?? {};
  const table = connector.table?.(model);
  if (!table) return undefined;
  for (const [property, definition] of Object.entries(properties)) {
    const index = (definition as {index?: unknown} | undefined)?.index;
    const column = connector.column?.(model, property);
    if (!index || !column || indexName !== `${table}_${column}_idx`) continue;
    const declared: IndexDeclaration = typeof index === 'object' ? index : {};
    return {
      table: [connector.schema?.(model) || 'public', table]
        .map(name => escapeName(connector, name))
        .join('.'),
      // As the connector's addIndexes() decides it.
      unique:
        (typeof index === 'object' && !declared.kind && !declared.type) ||
        declared.unique === true ||
        /\bUNIQUE\b/i.test(String(declared.kind ?? '')),
      method: String(declared.type ?? 'btree').toLowerCase(),
      keys: [{column, descending: false}],
    };
  }
  return undefined;
}

/** Whether the index named `name` (as written) exists and is `wanted`. */
async function indexIs(
  connector: JugglerConnector,
  name: string,
  wanted: WantedIndex,
): Promise<boolean> {
  const [index] = await queryConnector<CatalogIndex>(
    connector,
    `SELECT ix.indrelid = to_regclass($2) AS "onTable",
            ix.indisunique AS "unique", am.amname AS "method",
            (ix.indpred IS NOT NULL OR ix.indexprs IS NOT NULL
              OR ix.indnatts <> ix.indnkeyatts) AS "special",
            ARRAY(SELECT a.attname::text
                    FROM generate_subscripts(ix.indkey, 1) AS k
                    JOIN pg_catalog.pg_attribute a
                      ON a.attrelid = ix.indrelid AND a.attnum = ix.indkey[k]
                   ORDER BY k) AS "columns",
            ARRAY(SELECT ix.indoption[k]::int
                    FROM generate_subscripts(ix.indoption, 1) AS k
                   ORDER BY k) AS "options"
       FROM pg_catalog.pg_index ix
       JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid
       JOIN pg_catalog.pg_am am ON am.oid = i.relam
      WHERE ix.indexrelid = to_regclass($1)`,
    [name, wanted.table],
  );
  return (
    index !== undefined &&
    index.onTable &&
    !index.special &&
    index.unique === wanted.unique &&
    index.method === wanted.method &&
    index.columns.length === wanted.keys.length &&
    wanted.keys.every(
      (key, i) =>
        index.columns[i] === key.column &&
        // DESC comes with NULLS FIRST, ASC with NULLS LAST (bits 1 and 2).
        index.options[i] === (key.descending ? 3 : 0),
    )
  );
}

// --- foreign keys ----------------------------------------------------------

/** A foreign key as the catalog describes it. */
interface CatalogForeignKey {
  readonly name: string;
  readonly columns: string[];
  readonly targetSchema: string;
  readonly targetTable: string;
  readonly targetColumns: string[];
  /** `pg_constraint.confdeltype`: a, r, c, n or d. */
  readonly onDelete: string;
  readonly onUpdate: string;
  readonly deferrable: boolean;
  readonly match: string;
}

const ACTIONS: Readonly<Record<string, string>> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

async function dropSettledForeignKeys(
  connector: JugglerConnector,
  model: string,
  clauses: StatementClauses,
): Promise<void> {
  const pairs = foreignKeyPairs(clauses, foldPg);
  const catalog = new Map<string, CatalogForeignKey[]>();
  for (const pair of pairs) {
    if (!catalog.has(pair.table)) {
      catalog.set(pair.table, await tableForeignKeys(connector, pair.table));
    }
    const existing = catalog
      .get(pair.table)!
      .find(fk => fk.name === pair.stated.name);
    if (existing && sameForeignKey(connector, model, pair.stated, existing)) {
      clauses.remove(pair.drop);
      clauses.remove(pair.add);
    }
  }
}

function tableForeignKeys(
  connector: JugglerConnector,
  table: string,
): Promise<CatalogForeignKey[]> {
  const columnsOf = (keys: string, table: string) =>
    `ARRAY(SELECT a.attname::text
             FROM unnest(con.${keys}) WITH ORDINALITY AS k(num, pos)
             JOIN pg_catalog.pg_attribute a
               ON a.attrelid = con.${table} AND a.attnum = k.num
            ORDER BY k.pos)`;
  return queryConnector<CatalogForeignKey>(
    connector,
    `SELECT con.conname AS "name", ${columnsOf('conkey', 'conrelid')} AS "columns",
            tns.nspname AS "targetSchema", tcl.relname AS "targetTable",
            ${columnsOf('confkey', 'confrelid')} AS "targetColumns",
            con.confdeltype AS "onDelete", con.confupdtype AS "onUpdate",
            con.condeferrable AS "deferrable", con.confmatchtype AS "match"
       FROM pg_catalog.pg_constraint con
       JOIN pg_catalog.pg_class tcl ON tcl.oid = con.confrelid
       JOIN pg_catalog.pg_namespace tns ON tns.oid = tcl.relnamespace
      WHERE con.contype = 'f' AND con.conrelid = to_regclass($1)`,
    [table],
  );
}

function sameForeignKey(
  connector: JugglerConnector,
  model: string,
  stated: StatedForeignKey,
  existing: CatalogForeignKey,
): boolean {
  const properties = connector._models?.[model]?.properties ?? {};
  // The connector writes the property name where the column goes; the
  // dialect's rewrite() puts the column there before the plan runs.
  const columns = stated.columns.map(name =>
    name in properties ? (connector.column?.(model, name) ?? name) : name,
  );
  const target = stated.target;
  return (
    sameList(columns, existing.columns) &&
    target.at(-1) === existing.targetTable &&
    (target.length < 2 || target[0] === existing.targetSchema) &&
    sameList(stated.targetColumns, existing.targetColumns) &&
    (stated.onDelete ?? 'NO ACTION') === ACTIONS[existing.onDelete] &&
    (stated.onUpdate ?? 'NO ACTION') === ACTIONS[existing.onUpdate] &&
    !existing.deferrable &&
    existing.match === 's'
  );
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
