import type {JugglerConnector} from '../../juggler';
import type {StatementClauses} from '../../planner/statement-clauses';
import {createExtensionSql, ownUuidDefault} from './own-uuid-default';

/** What `createTable()` sends before every table it makes. */
const DEFAULT_EXTENSION =
  /^CREATE\s+EXTENSION\s+IF\s+NOT\s+EXISTS\s+"uuid-ossp"$/i;

/** A call of a function of `uuid-ossp` (`uuid_generate_v4()`, `uuid_nil()`, ...). */
const UUID_OSSP_CALL =
  /\buuid_(?:generate_v[1345](?:mc)?|nil|ns_(?:dns|url|oid|x500))\s*\(/i;

/** A `CREATE EXTENSION IF NOT EXISTS` statement: the extension it names. */
const CREATE_EXTENSION =
  /^CREATE\s+EXTENSION\s+IF\s+NOT\s+EXISTS\s+"((?:[^"]|"")+)"$/i;

/**
 * Take out the `CREATE EXTENSION IF NOT EXISTS "uuid-ossp"` the connector
 * sends before each table it creates, when no statement of the model calls
 * one of its functions. Stock LoopBack sends it in one query with `CREATE
 * SCHEMA`, whose "already exists" rolls it back: an app's database never
 * got the extension from it. Kept, it would be installed for nothing, and
 * refused to a role without CREATE on the database (a deploy role on
 * PostgreSQL 15).
 *
 * A uuid property with its own `defaultFn` and `extension` gets that
 * extension in its place: the connector asks for it only when `dataType`
 * is exactly `'UUID'`, and for `uuid-ossp` for `'uuid'`, as its README
 * writes it (the table's default then called a function of an extension
 * never asked for).
 */
export function dropUnusedUuidExtension(
  connector: JugglerConnector,
  model: string,
  clauses: StatementClauses,
): void {
  const remaining = clauses.remaining();
  const extensions = remaining.filter(c =>
    DEFAULT_EXTENSION.test(c.text.trim()),
  );
  if (extensions.length === 0) return;
  const asked = new Set(
    remaining.flatMap(c => {
      const match = CREATE_EXTENSION.exec(c.text.trim());
      return match ? [match[1].replace(/""/g, '"')] : [];
    }),
  );
  const named = namedExtensions(connector, model);
  for (const name of named) {
    if (asked.has(name)) continue;
    clauses.precede(extensions[0], createExtensionSql(name));
    asked.add(name);
  }
  if (named.includes('uuid-ossp')) return;
  if (remaining.some(c => UUID_OSSP_CALL.test(c.text))) return;
  for (const clause of extensions) clauses.remove(clause);
}

/** The extensions the model's uuid properties name for their own defaults. */
function namedExtensions(connector: JugglerConnector, model: string): string[] {
  const properties = connector._models?.[model]?.properties ?? {};
  const names = Object.values(properties).flatMap(property => {
    const own = ownUuidDefault(property);
    return own ? [own.extension] : [];
  });
  return [...new Set(names)];
}
