import {BYTES_OF_INTEGER} from './key-length';

const INTEGER =
  /^(tinyint|smallint|mediumint|int|integer|bigint)(?:\(\d+\))?(\s+unsigned)?(\s+zerofill)?$/;
const VARCHAR =
  /^varchar\((\d+)\)((?:\s+(?:character\s+set|charset|collate)\s+\w+)*)$/;
const DECIMAL = /^(?:decimal|numeric)\((\d+)(?:,\s*(\d+))?\)(\s+unsigned)?$/;

/**
 * Whether a column of type `current` changed to `next` keeps every value it
 * can hold, whatever the rows: a longer `VARCHAR` (its character set and
 * collation unchanged), a larger integer of the same signedness, a
 * `DECIMAL` with at least as many digits on each side of the point. Types
 * compared without case and integer display widths; `false` where it
 * cannot be told from the types alone (`tinyint(1)`, the connector's
 * boolean, is not widened).
 */
export function mysqlWidens(current: string, next: string): boolean {
  const from = current.trim().toLowerCase().replace(/\s+/g, ' ');
  const to = next.trim().toLowerCase().replace(/\s+/g, ' ');
  const shorter = VARCHAR.exec(from);
  const longer = VARCHAR.exec(to);
  if (shorter && longer) {
    return Number(longer[1]) >= Number(shorter[1]) && shorter[2] === longer[2];
  }
  const small = INTEGER.exec(from);
  const large = INTEGER.exec(to);
  if (small && large) {
    if (/^tinyint\(1\)/.test(from)) return false;
    return (
      BYTES_OF_INTEGER[large[1]] >= BYTES_OF_INTEGER[small[1]] &&
      Boolean(small[2]) === Boolean(large[2]) &&
      Boolean(small[3]) === Boolean(large[3])
    );
  }
  const narrow = DECIMAL.exec(from);
  const wide = DECIMAL.exec(to);
  if (narrow && wide) {
    const scale = (m: RegExpExecArray) => Number(m[2] ?? 0);
    return (
      scale(wide) >= scale(narrow) &&
      Number(wide[1]) - scale(wide) >= Number(narrow[1]) - scale(narrow) &&
      Boolean(narrow[3]) === Boolean(wide[3])
    );
  }
  return false;
}
