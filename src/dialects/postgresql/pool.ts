import type {JugglerConnector} from '../../juggler';
import type {PoolState} from '../dialect';

interface PgPoolGauges {
  readonly idleCount: number;
  readonly totalCount: number;
  readonly options: {readonly max: number};
}

/** The `pg` pool's size and whether every connection is in use. */
export function pgPoolState(
  connector: JugglerConnector,
): PoolState | undefined {
  const pg = (connector as {pg?: PgPoolGauges | null}).pg;
  if (!pg) return undefined;
  const max = pg.options.max;
  return {
    max,
    setting: 'max',
    full: pg.idleCount === 0 && pg.totalCount >= max,
  };
}
