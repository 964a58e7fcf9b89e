import {debugLogger} from '../debug';
import {dialectFor} from '../dialects';
import {escapeName, qualifiedName} from '../dialects/dialect';
import type {Context} from '@loopback/core';
import {connectionHint} from '../connection-hint';
import {errorMessage} from '../database-error';
import {MigrationLedgerError} from '../errors';
import {connectForLedger} from './connect';
import type {ScriptTarget} from './data-source';
import {
  loopback4MigrationDataSource,
  loopback4MigrationModel,
} from './loopback4-migration';

const debug = debugLogger('loopback4-migration');

/** The versions loopback4-migration recorded as applied in one database. */
export interface Loopback4MigrationLedger {
  /** Its table, quoted, for messages. */
  readonly table: string;
  /** Each applied version, with when it was applied. */
  readonly applied: ReadonlyMap<string, Date>;
}

/**
 * The versions loopback4-migration applied, read where it keeps them: in
 * the datasource its component's config names, else the app's first
 * (see `loopback4MigrationDataSource()`), which need not be the datasource
 * a script changes. `undefined` when that is none of `targets` (not a
 * PostgreSQL or MySQL datasource) or has no table of its model.
 */
export async function loopback4MigrationApplied(
  app: Context,
  targets: readonly ScriptTarget[],
): Promise<Loopback4MigrationLedger | undefined> {
  const name = await loopback4MigrationDataSource(app);
  const home = targets.find(t => t.name === name);
  if (!home) return undefined;
  await connectForLedger(home).catch((err: unknown) => {
    throw logUnreachable(home, err);
  });
  return readLoopback4MigrationLedger(home, await loopback4MigrationModel(app));
}

/**
 * The datasource of loopback4-migration's log cannot be reached: whether
 * it applied the scripts our ledger lacks cannot be known, and running
 * them could run them a second time.
 */
function logUnreachable(
  home: ScriptTarget,
  err: unknown,
): MigrationLedgerError {
  const cause = err instanceof MigrationLedgerError ? err.cause : err;
  return new MigrationLedgerError(
    `Could not connect to datasource "${home.name}" (${home.connectorName}), where ` +
      'loopback4-migration keeps its log of applied scripts (the dataSourceName of its ' +
      "component's config, else the app's first datasource), to learn whether it applied " +
      `scripts that this package's ledger lacks: ${errorMessage(cause)}${connectionHint(cause)}. ` +
      'None of those scripts was run (one it applied would run a second time). Start that database and ' +
      'run again; if this app never used loopback4-migration, name a datasource that is up ' +
      "in its config instead: app.configure('components.MigrationComponent').to({dataSourceName: '<name>'}).",
    home.name,
    cause,
  );
}

/** One record of loopback4-migration's `Migration` model. */
interface Loopback4MigrationRecord {
  readonly version: string;
  /** `Upgrade` (its `up()` ran) or `Downgrade` (its `down()` ran). */
  readonly action: string;
  readonly appliedAt: unknown;
}

/** The columns its records need to be read. */
const COLUMNS = ['version', 'action', 'changenumber', 'appliedat'];

/**
 * Read the versions loopback4-migration applied in a datasource's database;
 * `undefined` when that database has no table of its model (or the table is
 * not its: a column is missing).
 *
 * loopback4-migration keeps a log, not a set: its model (`Migration`, or
 * the `modelName` of its config) has one record per script run, with
 * `version`, `scriptName`, `description`, `action` (`Upgrade` or
 * `Downgrade`), `appliedAt` and `changeNumber` (1, 2, ... in run order).
 * The connectors name its table after the model: PostgreSQL lower-cases it
 * (`migration`, columns `changenumber`, `appliedat`) in the datasource's
 * schema (`public` unless its settings have `schema`); MySQL keeps it
 * (`Migration`, columns `changeNumber`, `appliedAt`) in the datasource's
 * database. The log is replayed in `changeNumber` order: an `Upgrade` makes
 * a version applied, a `Downgrade` makes it not applied.
 */
export async function readLoopback4MigrationLedger(
  target: ScriptTarget,
  modelName: string,
): Promise<Loopback4MigrationLedger | undefined> {
  const ds = target.dataSource;
  const dialect = dialectFor(target.connectorName);
  const connector = ds.connector;
  if (!dialect || !connector) return undefined;
  const ref = dialect.defaultModelTable(ds.settings, modelName);
  const columns = await dialect.columnTypes(connector, [ref.schema], COLUMNS);
  const have = new Set(
    columns
      .filter(c => c.table.toLowerCase() === ref.name.toLowerCase())
      .map(c => c.column.toLowerCase()),
  );
  const lacking = COLUMNS.filter(c => !have.has(c));
  if (lacking.length === COLUMNS.length) return undefined;
  const table = qualifiedName(connector, ref);
  if (lacking.length > 0) {
    debug(
      '%s has no column %s: not a ledger of loopback4-migration',
      table,
      lacking,
    );
    return undefined;
  }
  const records = (await ds.execute(
    `SELECT version, action, appliedat AS ${escapeName(connector, 'appliedAt')}
       FROM ${table}
      ORDER BY changenumber, appliedat`,
  )) as Loopback4MigrationRecord[];
  const applied = new Map<string, Date>();
  for (const record of records) {
    const version = String(record.version);
    if (record.action === 'Upgrade') {
      applied.set(version, asDate(record.appliedAt));
    } else if (record.action === 'Downgrade') {
      applied.delete(version);
    }
  }
  debug('%s: applied %j', table, [...applied.keys()]);
  return {table, applied};
}

function asDate(value: unknown): Date {
  const date =
    value instanceof Date ? value : new Date(String(value ?? Date.now()));
  return Number.isNaN(date.getTime()) ? new Date() : date;
}
