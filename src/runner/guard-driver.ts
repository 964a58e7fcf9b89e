import type {JugglerConnector} from '../juggler';
import type {GuardTarget} from '../planner/guard-target';

/** Every guard this package adds is named with this prefix. */
export const GUARD_PREFIX = 'lsm_guard_';

/** A guard added to the database, by name. */
export interface Guard {
  readonly name: string;
  readonly target: GuardTarget;
}

/**
 * How one database holds the app's writes to what a change would lose: from
 * `add` on, a write that the change would lose is rejected.
 */
export interface GuardDriver {
  /**
   * The statements that add the guard: run in a transaction of their own
   * where DDL is transactional, one at a time elsewhere, each waiting at
   * most `statementLockTimeoutMs` for its table's lock (see `PlanGuard`).
   */
  addSql(guard: Guard): string[];
  /** Rows whose value the change would lose now (written before the guard). */
  violations(connector: JugglerConnector, guard: Guard): Promise<number>;
  /** Where DDL is transactional: statements to run in the change's transaction, right before it. */
  readonly beforeChange?: (guard: Guard) => string[];
  /** Elsewhere: remove the guard right after the change (which leaves it). */
  readonly afterChange?: (
    connector: JugglerConnector,
    guard: Guard,
  ) => Promise<void>;
  /** Remove these guards where they are still there. */
  remove(connector: JugglerConnector, guards: readonly Guard[]): Promise<void>;
  /** Remove every guard of the database (left by a process that died); returns their names. */
  removeStale(connector: JugglerConnector): Promise<string[]>;
}
