import type {JugglerConnector} from '../../juggler';
import type {PoolState} from '../dialect';

interface PgPoolGauges {
  readonly idleCount: number;
  readonly totalCount: number;
  readonly options: {readonly max: number};
  /** Its clients; pg's `Client` flags one still connecting (undocumented). */
  readonly _clients?: ReadonlyArray<{readonly _connecting?: boolean}>;
}

/** The `pg` pool's size, whether every connection is in use, and whether one is connecting. */
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
    connecting: pg._clients?.some(c => c._connecting === true) ?? false,
  };
}
