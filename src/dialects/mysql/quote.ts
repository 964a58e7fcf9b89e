/** MySQL/MariaDB quoting for SQL this package writes itself. */

/** An identifier, quoted: `` a`b `` → `` `a``b` ``. */
export function quote(name: string): string {
  return '`' + name.split('`').join('``') + '`';
}

/** A string literal: `it's` → `'it''s'` (backslashes doubled). */
export function literal(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
