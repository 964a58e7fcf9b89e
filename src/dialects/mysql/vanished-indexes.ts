import {droppedIndex, splitClauses} from '../../planner/statement-clauses';
import {TABLE} from '../inverse';
import type {InverseStatement} from '../shadow';

const ALTER = new RegExp(`^ALTER\\s+TABLE\\s+${TABLE}\\s+([\\s\\S]+)$`, 'i');

/**
 * Add again, in the inverse of an `ALTER TABLE`, the indexes of its table
 * that the server dropped by itself when it ran (`vanished`, less those the
 * statement drops): InnoDB drops the index it made for a foreign key when
 * an added index serves the key (`by_owner` led by `ownerId`), and refuses
 * the inverse's drop of that index alone ("needed in a foreign key
 * constraint"), so `--generate` failed on its shadow database. Added first,
 * in the same statement, the key's own index serves it again.
 */
export function withVanishedIndexesAdded(
  sql: string,
  inverse: InverseStatement,
  vanished: ReadonlyMap<string, string> | undefined,
): InverseStatement {
  const statement = ALTER.exec(sql.trim());
  const undo = 'sql' in inverse ? ALTER.exec(inverse.sql) : null;
  if (!vanished || vanished.size === 0 || !statement || !undo) return inverse;
  const dropped = new Set(
    splitClauses(statement[2]).flatMap(clause => droppedIndex(clause) ?? []),
  );
  const added = [...vanished]
    .filter(([name]) => !dropped.has(name))
    .map(([, line]) => `ADD ${line}`);
  if (added.length === 0) return inverse;
  return {sql: `ALTER TABLE ${undo[1]} ${[...added, undo[2]].join(', ')}`};
}
