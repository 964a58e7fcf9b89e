import {splitClauses} from '../../planner/statement-clauses';

const ALTER = /^(ALTER\s+TABLE\s+(?:`(?:[^`]|``)*`|[\w$]+)\s+)([\s\S]+)$/i;
const DROP_FOREIGN_KEY = /^DROP\s+FOREIGN\s+KEY\b/i;
const DROP_INDEX = /^DROP\s+(?:INDEX|KEY)\b/i;

/**
 * The statements with each `ALTER TABLE` that drops foreign keys beside
 * indexes made two: the keys' drops first, in a statement of their own,
 * then the rest. The connector drops a removed key and the indexes the
 * model no longer declares in one statement (`DROP INDEX fk_x, DROP INDEX
 * ix_code, DROP FOREIGN KEY fk_x`), which InnoDB refuses when an index it
 * drops is one the key needs until it goes, as for a key to its own table
 * ("Cannot drop index 'ix_code': needed in a foreign key constraint",
 * whatever the clauses' order). A statement that starts with the keys'
 * drops also runs before the other tables' changes (`phaseOf`).
 */
export function foreignKeyDropsFirst(statements: readonly string[]): string[] {
  return statements.flatMap(statement => {
    const alter = ALTER.exec(statement.trim());
    if (!alter) return [statement];
    const clauses = splitClauses(alter[2]);
    const drops = clauses.filter(c => DROP_FOREIGN_KEY.test(c.trim()));
    const rest = clauses.filter(c => !DROP_FOREIGN_KEY.test(c.trim()));
    if (drops.length === 0 || !rest.some(c => DROP_INDEX.test(c.trim()))) {
      return [statement];
    }
    return [`${alter[1]}${drops.join(', ')}`, `${alter[1]}${rest.join(', ')}`];
  });
}
