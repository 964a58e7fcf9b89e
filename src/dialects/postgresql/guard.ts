import {queryConnector, type JugglerConnector} from '../../juggler';
import {GUARD_PREFIX, type GuardDriver} from '../../runner/guard-driver';
import {withoutStatementTimeout} from './unlimited-scan';

/** SQLSTATE of a check constraint that a row violates. */
const CHECK_VIOLATION = '23514';

/**
 * PostgreSQL: a `CHECK (...) NOT VALID` constraint stops new values at once
 * (a brief lock, no scan); `VALIDATE CONSTRAINT` then checks the stored rows
 * without blocking writes. A dropped column takes its constraint with it; a
 * type change drops it first, in its own transaction.
 */
export const postgresqlGuards: GuardDriver = {
  addSql: ({name, target}) => [
    `ALTER TABLE ${target.qualifiedTable} ADD CONSTRAINT ${quote(name)} CHECK (${target.keeps}) NOT VALID`,
  ],

  // A scan: without the app's statement_timeout, as the data check before it.
  violations: (connector, {name, target}) =>
    withoutStatementTimeout(connector, async client => {
      try {
        await client.query(
          `ALTER TABLE ${target.qualifiedTable} VALIDATE CONSTRAINT ${quote(name)}`,
        );
        return 0;
      } catch (err) {
        if ((err as {code?: unknown}).code !== CHECK_VIOLATION) throw err;
        const {rows} = await client.query(
          `SELECT count(*) AS n FROM ${target.qualifiedTable} WHERE NOT (${target.keeps})`,
        );
        return Number((rows[0] as {n: string}).n);
      }
    }),

  // A dropped column takes its constraint with it.
  beforeChange: ({name, target}) =>
    target.kind === 'change-type'
      ? [`ALTER TABLE ${target.qualifiedTable} DROP CONSTRAINT ${quote(name)}`]
      : [],

  async remove(connector, guards) {
    if (guards.length === 0) return;
    await dropWhere(connector, 'conname = ANY($1)', [guards.map(g => g.name)]);
  },

  removeStale(connector) {
    return dropWhere(connector, "conname LIKE $1 || '%'", [
      GUARD_PREFIX.replace(/_/g, '\\_'),
    ]);
  },
};

/** Drop the guard constraints of the database that match, wherever they are. */
async function dropWhere(
  connector: JugglerConnector,
  condition: string,
  params: unknown[],
): Promise<string[]> {
  const found = await queryConnector<{tbl: string; conname: string}>(
    connector,
    `SELECT conrelid::regclass::text AS tbl, conname FROM pg_catalog.pg_constraint
      WHERE contype = 'c' AND conrelid <> 0 AND ${condition}`,
    params,
  );
  for (const {tbl, conname} of found) {
    await queryConnector(
      connector,
      `ALTER TABLE ${tbl} DROP CONSTRAINT IF EXISTS ${quote(conname)}`,
    );
  }
  return found.map(f => f.conname);
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
