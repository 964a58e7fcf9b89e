import type {LossChecks} from './checks';
import {mysqlLossChecks} from './mysql';
import {postgresqlLossChecks} from './postgresql';

export type {
  ColumnRef,
  ConversionLoss,
  ConversionRefusal,
  LossChecks,
} from './checks';

/** The data checks for a connector, or `undefined` where there are none. */
export function lossChecksFor(connector: string): LossChecks | undefined {
  if (connector === 'postgresql') return postgresqlLossChecks;
  if (connector === 'mysql') return mysqlLossChecks;
  return undefined;
}
