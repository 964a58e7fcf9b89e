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
