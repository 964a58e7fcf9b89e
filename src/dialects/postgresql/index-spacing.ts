/** The connector's `CREATE  UNIQUE  INDEX ` / `CREATE  INDEX `, up to the name. */
const CREATE_INDEX_PREFIX = /^CREATE\s+(?:UNIQUE\s+)?INDEX\s+/i;

/**
 * A `CREATE [UNIQUE] INDEX` statement with single spaces up to the index's
 * name, where the connector's `addIndexes()` writes two around its `kind`
 * (`'CREATE ' + ' UNIQUE ' + ' INDEX '`), which the plan, `--dry-run` and
 * the report showed. Only those keywords are touched (the name, quoted or
 * not, and the rest are kept as they are): the statement runs the same.
 * Any other statement is returned as it is.
 */
export function withSingleSpacedCreateIndex(sql: string): string {
  return sql.replace(CREATE_INDEX_PREFIX, prefix =>
    prefix.replace(/\s+/g, ' '),
  );
}
