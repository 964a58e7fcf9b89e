import {databaseErrorFields} from './database-error';

/** PostgreSQL's SQLSTATE `insufficient_privilege`. */
const PG_DENIED = '42501';
/** MySQL's codes for a table, column or global privilege the user lacks. */
const MYSQL_DENIED = new Set([
  'ER_TABLEACCESS_DENIED_ERROR',
  'ER_COLUMNACCESS_DENIED_ERROR',
  'ER_SPECIFIC_ACCESS_DENIED_ERROR',
]);

/**
 * How to fix a statement the database refused for a privilege the
 * datasource's user lacks (`\n` and a sentence), or `''` when `err` is not
 * one.
 */
export function privilegeHint(err: unknown): string {
  const code = databaseErrorFields(err)?.code;
  if (code === PG_DENIED) {
    return (
      "\nThe datasource's user lacks a privilege this needs. On PostgreSQL " +
      "only a table's owner (or a member of the owning role) may alter it; a " +
      'new table needs CREATE on its schema (since PostgreSQL 15 only the ' +
      'database owner has it on schema public) and, in a schema that does ' +
      'not exist yet, CREATE on the database; a foreign key needs ' +
      'REFERENCES on the table it points at; reading or writing a table needs ' +
      'SELECT, INSERT, UPDATE or DELETE on it. Run migrations as the owner of ' +
      'the tables, or grant what is missing (ALTER TABLE <table> OWNER TO ' +
      '<user>; GRANT CREATE ON SCHEMA <schema> TO <user>; GRANT CREATE ON ' +
      'DATABASE <database> TO <user>; GRANT REFERENCES ON <table> TO <user>).'
    );
  }
  if (code !== undefined && MYSQL_DENIED.has(code)) {
    return (
      "\nThe datasource's user lacks the privilege named above: grant it " +
      '(GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, ' +
      "REFERENCES ON `<database>`.* TO '<user>'@'<host>'), or run migrations " +
      'with a user that has it.'
    );
  }
  return '';
}
