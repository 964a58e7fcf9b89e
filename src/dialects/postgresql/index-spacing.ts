import {IDENTIFIER} from '../../planner/statement-clauses';
import {withTidySpacing} from '../statement-spacing';

/** The connector's `CREATE  UNIQUE  INDEX ` / `CREATE  INDEX `, up to the name. */
const CREATE_INDEX_PREFIX = /^CREATE\s+(?:UNIQUE\s+)?INDEX\s+/i;

/**
 * What follows the index's name as the connector writes it:
 * `ON table[ USING method] ( keys)`, keys being names with `ASC` / `DESC`
 * (no parenthesis outside quotes).
 */
const CONNECTOR_TAIL = new RegExp(
  `^(\\s+ON\\s+${IDENTIFIER}(?:\\s*\\.\\s*${IDENTIFIER})?(?:\\s+USING\\s+\\w+)?\\s*\\((?:"(?:[^"]|"")*"|[^"()])*\\))$`,
  'i',
);

/** The index's name, quoted or not. */
const NAME = new RegExp(`^${IDENTIFIER}`);

/**
 * A `CREATE [UNIQUE] INDEX` statement with single spaces up to the index's
 * name, where the connector's `addIndexes()` writes two around its `kind`
 * (`'CREATE ' + ' UNIQUE ' + ' INDEX '`), and, after the name, the
 * connector's `ON table[ USING method] ( "a" )` / `( "a" ASC, "b" DESC)`
 * as `ON table[ USING method] ("a")` / `("a" ASC, "b" DESC)`, which the
 * plan, `--dry-run` and the report showed. Only white space outside quoted
 * names changes (a quoted name keeps its own, and a statement that goes on
 * after the key list keeps whatever follows the name): the statement runs
 * the same. Any other statement is returned as it is.
 */
export function withSingleSpacedCreateIndex(sql: string): string {
  const prefix = CREATE_INDEX_PREFIX.exec(sql);
  if (!prefix) return sql;
  const head = prefix[0].replace(/\s+/g, ' ');
  const rest = sql.slice(prefix[0].length);
  const name = NAME.exec(rest)?.[0];
  const tail = name === undefined ? undefined : rest.slice(name.length);
  if (tail === undefined || !CONNECTOR_TAIL.test(tail)) return head + rest;
  return `${head}${name} ${withTidySpacing(tail, 'postgresql')}`;
}
