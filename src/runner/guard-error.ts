import {errorMessage} from '../database-error';

/**
 * The database refused a data-loss guard, before the plan changed
 * anything: adding it (`sql`, the statement that failed) or reading what
 * was written since the check. `cause` is the database's own error.
 */
export class GuardError extends Error {
  constructor(
    /** What the run was doing: `'adding'` the guard, or `'checking'` the values it found. */
    readonly step: 'adding' | 'checking',
    /** The model whose change the guard holds. */
    readonly model: string,
    cause: unknown,
    readonly sql?: string,
  ) {
    super(errorMessage(cause), {cause});
  }
}
