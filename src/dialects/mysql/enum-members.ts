import {splitClauses} from '../../planner/statement-clauses';

/** `enum('a','b')` / `set('a','b')` (canonical) → its kind and members as written. */
function membersOf(
  type: string,
): {kind: string; members: string[]} | undefined {
  const match = /^(enum|set)\(([\s\S]*)\)$/.exec(type);
  return match ? {kind: match[1], members: splitClauses(match[2])} : undefined;
}

/** The bytes a value of an ENUM or SET of `count` members takes. */
function storageBytes(kind: string, count: number): number {
  if (kind === 'enum') return count <= 255 ? 1 : 2;
  return count <= 32 ? Math.ceil(count / 8) : 8;
}

/**
 * Whether `type` is the ENUM or SET `old` with members added at its end
 * only, its values keeping their size (an ENUM of up to 255 members takes
 * a byte, a SET a byte per 8 members): InnoDB then changes only the
 * catalog, with no copy of the table. Both types as `canonicalMysqlType`
 * writes them.
 */
export function appendsMembers(old: string, type: string): boolean {
  const before = membersOf(old);
  const after = membersOf(type);
  return (
    before !== undefined &&
    after !== undefined &&
    before.kind === after.kind &&
    after.members.length > before.members.length &&
    before.members.every((member, i) => after.members[i] === member) &&
    storageBytes(before.kind, before.members.length) ===
      storageBytes(after.kind, after.members.length)
  );
}

/** A quoted SQL string as its value (`'it''s'` → `it's`); others as they are. */
function unquoted(text: string): string {
  const match = /^'([\s\S]*)'$/.exec(text.trim());
  return match ? match[1].replace(/''/g, "'").replace(/\\(.)/g, '$1') : text;
}

/**
 * Whether `value` (a column default, as the catalog shows it: MariaDB
 * quotes it) is a value of the ENUM or SET `type` (canonical): one of its
 * members, or for a SET, members joined by commas. `false` for another type.
 */
export function holdsValue(type: string, value: string): boolean {
  const members = membersOf(type)?.members.map(unquoted);
  if (members === undefined) return false;
  const text = unquoted(value);
  const parts =
    type.startsWith('set(') && text !== '' ? text.split(',') : [text];
  return parts.every(part => members.includes(part));
}
