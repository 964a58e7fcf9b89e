import {errorMessage} from '../database-error';

/**
 * A plan failed. `index` is the failing statement's position in the plan,
 * `undefined` when it is not known; `cause` is the database's own error.
 */
export class ApplyError extends Error {
  constructor(
    readonly index: number | undefined,
    readonly rolledBack: boolean,
    cause: unknown,
    /** `true` when the connection's session ended (the cause says why). */
    readonly connectionLost = false,
    /**
     * `true` when it failed in an online phase: the plan's transaction and
     * the online statements before it were committed.
     */
    readonly online = false,
    /**
     * How many statements of the plan, before the failing transaction, were
     * committed by its earlier transactions (a plan split for the server's
     * lock table); `0` otherwise.
     */
    readonly committed = 0,
    /**
     * `true` when the connection broke before the server answered a
     * transaction it got whole, `COMMIT` included: whether it was committed
     * is not known (`rolledBack` is then `false`).
     */
    readonly outcomeUnknown = false,
    /**
     * `true` when an operator cancelled the transaction: it was rolled
     * back, and not replayed.
     */
    readonly cancelled = false,
    /**
     * What the run was doing when the failure came from no statement of
     * the plan (checking a connection out of the pool, a session setting
     * of its own around the statements), in words: `index` is then
     * `undefined`, and the plan's `committed` statements before it were
     * applied and stay applied (unless `rolledBack`: a transaction's
     * setting).
     */
    readonly outside?: string,
  ) {
    super(errorMessage(cause), {cause});
  }

  /**
   * A failure that came from no statement of the plan, while `doing`
   * (`checking out a connection`), after its first `applied` statements,
   * which stay applied.
   */
  static outside(
    cause: unknown,
    doing: string,
    applied: number,
    {
      connectionLost = false,
      online = false,
    }: {readonly connectionLost?: boolean; readonly online?: boolean} = {},
  ): ApplyError {
    return new ApplyError(
      undefined,
      false,
      cause,
      connectionLost,
      online,
      applied,
      false,
      false,
      doing,
    );
  }

  /**
   * The same failure in a plan's later transaction, which starts at
   * statement `first`: the position is the plan's, and the statements
   * before `first` were committed.
   */
  static after(err: ApplyError, first: number): ApplyError {
    return new ApplyError(
      err.index === undefined ? undefined : first + err.index,
      err.rolledBack,
      err.cause,
      err.connectionLost,
      err.online,
      first,
      err.outcomeUnknown,
      err.cancelled,
      err.outside,
    );
  }
}
