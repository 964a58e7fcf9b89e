/**
 * `CREATE [UNIQUE] INDEX ... USING <method> ( <keys>)` for an access
 * method other than btree, the one built-in method whose keys take a
 * direction.
 */
const UNORDERED_INDEX =
  /^(CREATE\s+(?:UNIQUE\s+)?INDEX\s[\s\S]*?\sUSING\s+(?!btree\b)\w+\s*\()([\s\S]*)\)$/i;

/** A quoted key followed by `ASC`, at the end of its key. */
const ASCENDING_KEY = /("(?:[^"]|"")*")\s+ASC(?=\s*(?:,|$))/gi;

/**
 * The connector writes `settings.indexes` keys in LoopBack's form
 * (`keys: {tags: 1}`) with a direction, `USING gin ( "tags" ASC)`, which
 * PostgreSQL refuses for every method but btree ("access method "gin"
 * does not support ASC/DESC options"): `ASC`, the order such an index
 * would have anyway, is left out there. A `DESC` is kept (PostgreSQL
 * refuses it, as it should: such an index has no order).
 */
export function withoutAscendingOfUnorderedIndex(statement: string): string {
  const index = UNORDERED_INDEX.exec(statement);
  if (!index) return statement;
  return `${index[1]}${index[2].replace(ASCENDING_KEY, '$1')})`;
}
