import type {JugglerConnector} from '../../juggler';
import type {StatementClauses} from '../../planner/statement-clauses';
import {createExtensionSql, ownUuidDefault} from './own-uuid-default';

/** The extension `createTable()` asks for before every table it makes. */
const UUID_OSSP = 'uuid-ossp';

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
 * never asked for). And `uuid-ossp` is asked for where a statement calls
 * one of its functions but the connector asked for another extension only
 * (`dataType: 'UUID'` with its own `extension` beside a generated uuid
 * with the default `uuid_generate_v4()`).
 */
export function dropUnusedUuidExtension(
  connector: JugglerConnector,
  model: string,
  clauses: StatementClauses,
): void {
  const remaining = clauses.remaining();
  const requests = remaining.flatMap(clause => {
    const match = CREATE_EXTENSION.exec(clause.text.trim());
    return match ? [{clause, name: match[1].replace(/""/g, '"')}] : [];
  });
  if (requests.length === 0) return;
  const needed = new Set(namedExtensions(connector, model));
  if (remaining.some(c => UUID_OSSP_CALL.test(c.text))) needed.add(UUID_OSSP);
  const asked = new Set(requests.map(r => r.name));
  for (const name of needed) {
    if (!asked.has(name)) {
      clauses.precede(requests[0].clause, createExtensionSql(name));
    }
  }
  for (const {clause, name} of requests) {
    if (name === UUID_OSSP && !needed.has(UUID_OSSP)) clauses.remove(clause);
  }
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
