import {queryConnector} from '../../juggler';
import {
  countingChecksBy,
  type ColumnRef,
  type LossChecks,
} from '../../planner/loss/checks';
import {postgresqlConversionLoss} from './conversion';
import {countWithoutStatementTimeout} from './unlimited-scan';

/** Data checks on PostgreSQL; their scans run without the app's `statement_timeout`. */
export const postgresqlLossChecks: LossChecks = {
  ...countingChecksBy(countWithoutStatementTimeout),

  conversionLoss: postgresqlConversionLoss,

  async currentType(connector, ref) {
    const rows = await queryConnector<{type: string}>(
      connector,
      `SELECT data_type AS "type" FROM information_schema.columns
        WHERE table_schema = $1 AND table_name = $2 AND column_name = $3`,
      [ref.schema, ref.tableName, ref.name],
    );
    return rows[0]?.type;
  },
};

export type {ColumnRef};
