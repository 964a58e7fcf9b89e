import {queryConnector} from '../../juggler';
import {
  countingChecks,
  type ColumnRef,
  type LossChecks,
} from '../../planner/loss/checks';
import {postgresqlConversionLoss} from './conversion';

/** Data checks on PostgreSQL. */
export const postgresqlLossChecks: LossChecks = {
  ...countingChecks,

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
