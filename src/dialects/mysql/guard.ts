import {queryConnector, type JugglerConnector} from '../../juggler';
import {
  GUARD_PREFIX,
  type Guard,
  type GuardDriver,
} from '../../runner/guard-driver';
import {literal, quote} from './quote';
import {unlimitedSelect} from './statement-limit';

/** The longest `MESSAGE_TEXT` a `SIGNAL` takes. */
const MESSAGE_MAX = 128;

/**
 * MySQL and MariaDB: `BEFORE INSERT` and `BEFORE UPDATE` triggers that
 * `SIGNAL` on a non-NULL value for a column being dropped, added after the
 * check and dropped right after the `ALTER TABLE` (which cannot take them
 * with it: DDL is not transactional, and the triggers stay, failing on the
 * column they name, until dropped). Only dropped columns are guarded: these
 * databases have no per-row "converts exactly" condition for a type change.
 */
export const mysqlGuards: GuardDriver = {
  addSql(guard) {
    const {target} = guard;
    if (target.kind !== 'drop-column') {
      throw new Error(
        `no guard for a ${target.kind} on mysql (column ${target.column})`,
      );
    }
    const message = `schema migration drops column ${target.column} of ${target.table.name}`;
    const body =
      `FOR EACH ROW IF NEW.${target.escapedColumn} IS NOT NULL THEN ` +
      `SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = ${literal(message.slice(0, MESSAGE_MAX))}; END IF`;
    return EVENTS.map(
      ([suffix, event]) =>
        `CREATE TRIGGER ${quote(guard.name + suffix)} BEFORE ${event} ON ${target.qualifiedTable} ${body}`,
    );
  },

  async violations(connector, {target}) {
    const rows = await queryConnector<{n: number | string}>(
      connector,
      unlimitedSelect(
        `SELECT COUNT(*) AS n FROM ${target.qualifiedTable} WHERE NOT (${target.keeps})`,
      ),
    );
    return Number(rows[0].n);
  },

  afterChange: (connector, guard) =>
    dropTriggers(connector, triggerNames([guard])),

  async remove(connector, guards) {
    await dropTriggers(connector, triggerNames(guards));
  },

  async removeStale(connector) {
    const rows = await queryConnector<{name: string}>(
      connector,
      `SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS
        WHERE TRIGGER_SCHEMA = DATABASE() AND TRIGGER_NAME LIKE ?`,
      [`${GUARD_PREFIX.replace(/_/g, '\\_')}%`],
    );
    const names = rows.map(r => r.name);
    await dropTriggers(connector, names);
    return names;
  },
};

const EVENTS = [
  ['_i', 'INSERT'],
  ['_u', 'UPDATE'],
] as const;

function triggerNames(guards: readonly Guard[]): string[] {
  return guards.flatMap(g => EVENTS.map(([suffix]) => g.name + suffix));
}

async function dropTriggers(
  connector: JugglerConnector,
  names: readonly string[],
): Promise<void> {
  for (const name of names) {
    await queryConnector(connector, `DROP TRIGGER IF EXISTS ${quote(name)}`);
  }
}
