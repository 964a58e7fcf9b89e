import type {PlannedStatement} from '../../types';
import {NOT_NULL_CHECK_PREFIX} from './online';

/** SQLSTATEs of a row that a check constraint or a foreign key refuses. */
const CHECK_VIOLATION = '23514';
const FOREIGN_KEY_VIOLATION = '23503';

const VALIDATE =
  /^ALTER\s+TABLE\s+[\s\S]+\s+VALIDATE\s+CONSTRAINT\s+"((?:[^"]|"")*)"\s*$/i;

/**
 * What an online phase's failed `VALIDATE CONSTRAINT` leaves in force, and
 * how to get past it: rows written between the plan's check and the
 * constraint break it, and the constraint, committed `NOT VALID`, already
 * refuses new such writes (an app instance still writing them gets errors)
 * until those rows are fixed.
 */
export function pgOnlineFailureHint(
  failed: PlannedStatement | undefined,
  cause: unknown,
): string {
  const name = failed && VALIDATE.exec(failed.sql.trim())?.[1];
  if (!name) return '';
  const code = (cause as {code?: unknown} | undefined)?.code;
  const constraint = `"${name.replace(/""/g, '"')}"`;
  if (code === CHECK_VIOLATION && name.startsWith(NOT_NULL_CHECK_PREFIX)) {
    return (
      `\nRows holding NULL in the column were written after the run checked it. The check ${constraint}, ` +
      'committed NOT VALID, stays: it refuses every new NULL in the column (an app instance still ' +
      'writing them gets errors) until a run makes the column NOT NULL, which the next run refuses ' +
      'while those rows hold NULL (its plan names them): fill them, then run again. With the property ' +
      'optional again, the next run drops the check.'
    );
  }
  if (code === FOREIGN_KEY_VIOLATION) {
    return (
      '\nRows pointing at no row of the referenced table were written after the run checked them. ' +
      `The foreign key ${constraint}, committed NOT VALID, stays: it refuses every new such write, and ` +
      'the next run is refused while those rows exist (its plan counts them): fix them, then run ' +
      'again.'
    );
  }
  return '';
}
