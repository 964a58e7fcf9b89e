import {InvalidModelError} from '../../errors';

/** The property types whose `mysql.default` the connector leaves out. */
const WITHOUT_DEFAULT = new Set(['blob', 'json', 'text']);

/**
 * Refuse a string `mysql.default` holding a double quote or a backslash.
 * The connector writes it between double quotes as it is, unescaped: a `"`
 * ends the value early (MySQL refuses the `CREATE TABLE`, the connector's
 * next `CHANGE COLUMN` could not be read, so the change was reported up to
 * date, and what follows the quote is read as SQL), and a backslash starts
 * an escape (`C:\temp` became `C:<TAB>emp`, and every run changed the
 * column again).
 */
export function checkDefaultLiterals(
  model: string,
  properties: Readonly<Record<string, unknown>>,
): void {
  for (const [property, definition] of Object.entries(properties)) {
    const {mysql, type} = (definition ?? {}) as {
      mysql?: {default?: unknown};
      type?: {name?: unknown};
    };
    const value = mysql?.default;
    if (typeof value !== 'string' || !/["\\]/.test(value)) continue;
    if (typeof type?.name !== 'string') continue;
    if (WITHOUT_DEFAULT.has(type.name.toLowerCase())) continue;
    throw new InvalidModelError(
      `model ${model}: property ${property} has mysql.default ${JSON.stringify(value)}, ` +
        'which holds a double quote or a backslash. The mysql connector writes it between ' +
        'double quotes without escaping it: a double quote ends the value early (MySQL refuses ' +
        'the statement, or reads the rest as SQL) and a backslash starts an escape (the column ' +
        'would get another default). Write the default without them, or remove mysql.default ' +
        "and set the column's default in a migration script " +
        "(ALTER TABLE ... ALTER COLUMN ... SET DEFAULT '...'), which later runs keep.",
      model,
    );
  }
}
