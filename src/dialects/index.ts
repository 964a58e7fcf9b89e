import type {Dialect} from './dialect';
import {mysqlDialect} from './mysql';
import {postgresqlDialect} from './postgresql';

export {tableKey} from './dialect';
export type {DbSession, Dialect, ForeignKeyRef, TableRef} from './dialect';

const DIALECTS: readonly Dialect[] = [postgresqlDialect, mysqlDialect];

/**
 * The dialect for a connector name, or `undefined` for connectors this
 * package cannot plan (they are migrated the way LoopBack does it).
 */
export function dialectFor(connectorName: string): Dialect | undefined {
  return DIALECTS.find(d => d.connector === connectorName);
}
