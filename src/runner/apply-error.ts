import {errorMessage} from '../database-error';

/** How a plan failed: each option sets the `ApplyError` field of its name. */
export interface ApplyErrorOptions {
  /**
   * The failing statement's position in the plan, `undefined` (the
   * default) when it is not known.
   */
  readonly index?: number;
  /** `true` when the failing transaction was rolled back. */
  readonly rolledBack: boolean;
  /** `true` when the connection's session ended (the cause says why). */
  readonly connectionLost?: boolean;
  /**
   * `true` when it failed in an online phase: the plan's transaction and
   * the online statements before it were committed.
   */
  readonly online?: boolean;
  /**
   * How many statements of the plan, before the failing transaction, were
   * committed by its earlier transactions (a plan split for the server's
   * lock table); `0` (the default) otherwise.
   */
  readonly committed?: number;
  /**
   * `true` when the connection broke before the server answered a
   * transaction it got whole, `COMMIT` included: whether it was committed
   * is not known (`rolledBack` is then `false`).
   */
  readonly outcomeUnknown?: boolean;
  /**
   * `true` when an operator cancelled the transaction: it was rolled
   * back, and not replayed.
   */
  readonly cancelled?: boolean;
  /**
   * What the run was doing when the failure came from no statement of
   * the plan (checking a connection out of the pool, a session setting
   * of its own around the statements), in words: `index` is then
   * `undefined`, and the plan's `committed` statements before it were
   * applied and stay applied (unless `rolledBack`: a transaction's
   * setting).
   */
  readonly outside?: string;
}

/**
 * A plan failed; `cause` is the database's own error. The fields are the
 * options it was made with (see `ApplyErrorOptions`), flags `false` and
 * `committed` `0` unless given.
 */
export class ApplyError extends Error {
  readonly index: number | undefined;
  readonly rolledBack: boolean;
  readonly connectionLost: boolean;
  readonly online: boolean;
  readonly committed: number;
  readonly outcomeUnknown: boolean;
  readonly cancelled: boolean;
  readonly outside: string | undefined;

  constructor(cause: unknown, options: ApplyErrorOptions) {
    super(errorMessage(cause), {cause});
    this.index = options.index;
    this.rolledBack = options.rolledBack;
    this.connectionLost = options.connectionLost ?? false;
    this.online = options.online ?? false;
    this.committed = options.committed ?? 0;
    this.outcomeUnknown = options.outcomeUnknown ?? false;
    this.cancelled = options.cancelled ?? false;
    this.outside = options.outside;
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
    return new ApplyError(cause, {
      rolledBack: false,
      connectionLost,
      online,
      committed: applied,
      outside: doing,
    });
  }

  /**
   * The same failure in a plan's later transaction, which starts at
   * statement `first`: the position is the plan's, and the statements
   * before `first` were committed.
   */
  static after(err: ApplyError, first: number): ApplyError {
    return err.moved(
      err.index === undefined ? undefined : first + err.index,
      first,
    );
  }

  /**
   * The same failure with its statement at plan position `index` and
   * `committed` statements committed before its transaction.
   */
  moved(index: number | undefined, committed: number): ApplyError {
    return new ApplyError(this.cause, {
      index,
      rolledBack: this.rolledBack,
      connectionLost: this.connectionLost,
      online: this.online,
      committed,
      outcomeUnknown: this.outcomeUnknown,
      cancelled: this.cancelled,
      outside: this.outside,
    });
  }
}
