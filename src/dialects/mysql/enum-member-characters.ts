import {InvalidModelError} from '../../errors';

/**
 * Refuse a value of an ENUM property's `jsonSchema.enum` that the MySQL
 * connector cannot write as it is. It writes each value between single
 * quotes, unescaped (`ENUM('it's','ok')`): a single quote ends the value
 * early (MySQL refuses the statement, mid-run, or reads the rest as SQL), a
 * backslash starts an escape (the column would get another value, and
 * every run changed it again), and MySQL drops the trailing spaces of an
 * ENUM value (the column would hold another value, changed again on every
 * run). Two values that differ only in case are one to MySQL, which refuses
 * the column (`duplicated value in ENUM`).
 */
export function checkEnumMemberCharacters(
  model: string,
  property: string,
  values: readonly unknown[],
): void {
  const seen = new Map<string, string>();
  for (const value of values) {
    const text = String(value);
    const first = seen.get(text.toLowerCase());
    if (first !== undefined) {
      throw new InvalidModelError(
        `model ${model}: property ${property} has mysql.dataType 'enum' and the values ` +
          `${JSON.stringify(first)} and ${JSON.stringify(text)} in jsonSchema.enum, which MySQL ` +
          'takes for one (it compares ENUM values without case): it would refuse the column ' +
          '(duplicated value in ENUM). Keep one of them.',
        model,
      );
    }
    seen.set(text.toLowerCase(), text);
    const why = /'/.test(text)
      ? 'holds a single quote, which ends the value early: MySQL refuses the statement, or reads the rest as SQL'
      : /\\/.test(text)
        ? 'holds a backslash, which MySQL reads as an escape: the column would get another value, and every run would change it again'
        : / $/.test(text)
          ? 'ends with a space, which MySQL drops from an ENUM value: the column would get another value, and every run would change it again'
          : undefined;
    if (!why) continue;
    throw new InvalidModelError(
      `model ${model}: property ${property} has mysql.dataType 'enum' and the value ` +
        `${JSON.stringify(text)} in jsonSchema.enum: it ${why}. The mysql connector ` +
        "writes each value between single quotes as it is (ENUM('a','b')). Write the value " +
        "without it, or store the property in a string column (remove mysql.dataType 'enum').",
      model,
    );
  }
}
