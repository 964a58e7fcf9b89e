import {mysqlDialect} from './mysql';
import {postgresqlDialect} from './postgresql';
import type {Dialect} from './contract';

/** Every database this package knows: a new one is a folder and a line here. */
const DIALECTS: readonly Dialect[] = [postgresqlDialect, mysqlDialect];

/** The connector names with a dialect: planned, locked, with a ledger for scripts. */
export const DIALECT_CONNECTORS: readonly string[] = DIALECTS.map(
  d => d.connector,
);

/**
 * The dialect for a connector name, or `undefined` for connectors this
 * package cannot plan (they are migrated the way LoopBack does it).
 */
export function dialectFor(connectorName: string): Dialect | undefined {
  return DIALECTS.find(d => d.connector === connectorName);
}
