import {pgReferences, pgTableKeys} from './referenced-keys';
import {queryConnector, type JugglerConnector} from '../../juggler';
import type {FailureChecks} from '../../planner/will-fail/checks';
import {misreadColumnsIndex} from './columns-form-indexes';
import {droppedConstraintIndex} from './constraint-indexes';
import {relationsNamed} from './relation-names';
import {storedPgName} from './stored-names';
import {pgImpliedRelations} from './implied-relations';
import {uniqueWithoutPartitionKey} from './partition-keys';
import {columnsViewsUse, tableViewsUse} from './view-dependents';
import {missingColumnTypes} from './missing-types';
import {withoutStatementTimeout} from './unlimited-scan';

/** PostgreSQL: refuses NULLs always; keys compare when btree or an implicit cast says so. */
export const postgresqlFailureChecks: FailureChecks = {
  fillsNewNotNullColumns: false,
  database: 'PostgreSQL',
  refusesNulls: () => Promise.resolve(true),
  storedType: written =>
    written.replace(/^(small|big)?serial\b/i, (_, size?: string) =>
      size?.toLowerCase() === 'small'
        ? 'smallint'
        : size?.toLowerCase() === 'big'
          ? 'bigint'
          : 'integer',
    ),
  asConverted: (expression, type) => `CAST(${expression} AS ${type})`,
  // A row of several values compares as a unique index compares them.
  distinctCount: keys => `COUNT(DISTINCT (${keys.join(', ')}))`,
  relationsNamed,
  refusedTableDrop: tableViewsUse,
  storedName: storedPgName,
  impliedRelations: pgImpliedRelations,
  refusedDrop: droppedConstraintIndex,
  refusedUnique: uniqueWithoutPartitionKey,
  refusedColumnChange: async (connector, table, sql) =>
    (await missingColumnTypes(connector, table, sql)) ??
    (await columnsViewsUse(connector, table, sql)),
  misreadIndex: misreadColumnsIndex,
  async primaryKey(connector, table) {
    const rows = await queryConnector<{name: string}>(
      connector,
      `SELECT a.attname AS "name"
         FROM pg_index i
         JOIN pg_class c ON c.oid = i.indrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey)
        WHERE i.indisprimary AND n.nspname = $1 AND c.relname = $2
        ORDER BY array_position(i.indkey, a.attnum)`,
      [table.schema, table.name],
    );
    return rows.map(r => r.name);
  },
  scan<T>(connector: JugglerConnector, sql: string) {
    return withoutStatementTimeout(
      connector,
      async client => (await client.query(sql)).rows as T[],
    );
  },
  async uniqueKeys(connector, table) {
    return queryConnector<{name: string; columns: string[]}>(
      connector,
      `SELECT i.relname AS "name",
              array_agg(a.attname ORDER BY k.at)::text[] AS "columns"
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class c ON c.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
        CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, at)
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
        WHERE x.indisunique AND x.indisvalid AND n.nspname = $1 AND c.relname = $2
        GROUP BY i.relname
        ORDER BY i.relname`,
      [table.schema, table.name],
    );
  },
  async columnType(connector, table, column) {
    const rows = await queryConnector<{type: string}>(
      connector,
      `SELECT format_type(a.atttypid, a.atttypmod) AS "type"
         FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relname = $2 AND a.attname = $3
          AND a.attnum > 0 AND NOT a.attisdropped`,
      [table.schema, table.name, column],
    );
    return rows[0]?.type;
  },
  async typesMatch(connector, fk, pk) {
    // What ALTER TABLE ... ADD FOREIGN KEY accepts: an equality operator of
    // a btree family between the two types, or an implicit cast.
    const rows = await queryConnector<{ok: boolean}>(
      connector,
      `SELECT f.oid = p.oid
           OR EXISTS (SELECT 1 FROM pg_amop o JOIN pg_am m ON m.oid = o.amopmethod
                       WHERE m.amname = 'btree' AND o.amopstrategy = 3
                         AND o.amoplefttype = p.oid AND o.amoprighttype = f.oid)
           OR EXISTS (SELECT 1 FROM pg_cast c
                       WHERE c.castsource = f.oid AND c.casttarget = p.oid AND c.castcontext = 'i')
           AS "ok"
         FROM (SELECT $1::regtype::oid AS oid) f, (SELECT $2::regtype::oid AS oid) p`,
      [fk, pk],
    );
    return rows[0]?.ok === true;
  },
  references: pgReferences,
  referencedKey:
    'a primary key or unique index of exactly the columns a foreign key references',
  tableKeys: pgTableKeys,
};
