/**
 * An `ALTER TABLE` run with the statements that mark and forget the work it
 * starts or ends (`state-marks.ts`), as one anonymous compound statement
 * (MariaDB's `BEGIN NOT ATOMIC`): the mark written before the `ALTER` is
 * committed before it, whatever happens to the session after; the one
 * deleted after it goes only when the `ALTER` succeeded.
 */

const BEGIN = 'BEGIN NOT ATOMIC\n';
const END = ';\nEND';
/** The end of every `markSql()` statement. */
const MARKED = 'ON DUPLICATE KEY UPDATE recorded_at = VALUES(recorded_at);\n';
/** The start of every `createMissingStateTableSql()` statement. */
const CREATES_MISSING =
  'IF NOT EXISTS (SELECT 1 FROM information_schema.TABLES ';
/** The start of every `forgetMarksSql()` statement, after its line break. */
const FORGET = ';\nDELETE FROM ';

/** `alter` run after the statements `before` (the last one writes the mark). */
export function markedBefore(alter: string, before: readonly string[]): string {
  return `${BEGIN}${before.map(s => `${s};\n`).join('')}${alter}${END}`;
}

/** `alter` run before `forget` (a `forgetMarksSql()` statement). */
export function forgottenAfter(alter: string, forget: string): string {
  return `${BEGIN}${alter};\n${forget}${END}`;
}

/**
 * The `ALTER TABLE` a statement {@link markedBefore} or
 * {@link forgottenAfter} wrote runs; `undefined` for any other statement.
 */
export function alterOfMarked(sql: string): string | undefined {
  const text = sql.trim();
  if (!text.startsWith(BEGIN) || !text.endsWith(END)) return undefined;
  const body = text.slice(BEGIN.length, -END.length);
  const marked = body.indexOf(MARKED);
  if (marked >= 0 && body.startsWith(CREATES_MISSING)) {
    return alterOrNone(body.slice(marked + MARKED.length));
  }
  const forget = body.lastIndexOf(FORGET);
  return forget >= 0 ? alterOrNone(body.slice(0, forget)) : undefined;
}

function alterOrNone(sql: string): string | undefined {
  return /^ALTER\s+TABLE\s/i.test(sql) ? sql : undefined;
}

/**
 * How a statement {@link markedBefore} or {@link forgottenAfter} wrote runs
 * its `ALTER TABLE`, in words.
 */
export const MARKED_NOTE =
  'runs in BEGIN NOT ATOMIC ... END, with a mark of its work in the state ' +
  'table until it is done';
