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
  ) {
    super(errorMessage(cause), {cause});
  }
}
