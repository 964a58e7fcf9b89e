import type {JugglerConnector} from '../../juggler';
import type {StatementClauses} from '../../planner/statement-clauses';

/** What `createTable()` sends before every table it makes. */
const DEFAULT_EXTENSION =
  /^CREATE\s+EXTENSION\s+IF\s+NOT\s+EXISTS\s+"uuid-ossp"$/i;

/** A call of a function of `uuid-ossp` (`uuid_generate_v4()`, `uuid_nil()`, ...). */
const UUID_OSSP_CALL =
  /\buuid_(?:generate_v[1345](?:mc)?|nil|ns_(?:dns|url|oid|x500))\s*\(/i;

/**
 * Take out the `CREATE EXTENSION IF NOT EXISTS "uuid-ossp"` the connector
 * sends before each table it creates, when no statement of the model calls
 * one of its functions and no property names an extension of its own.
 * Stock LoopBack sends it in one query with `CREATE SCHEMA`, whose "already
 * exists" rolls it back: an app's database never got the extension from it.
 * Kept, it would be installed for nothing, and refused to a role without
 * CREATE on the database (a deploy role on PostgreSQL 15).
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
  if (remaining.some(c => UUID_OSSP_CALL.test(c.text))) return;
  if (namesExtension(connector, model)) return;
  for (const clause of extensions) clauses.remove(clause);
}

/** Whether a property of the model says which extension its default needs. */
function namesExtension(connector: JugglerConnector, model: string): boolean {
  const properties = connector._models?.[model]?.properties ?? {};
  return Object.values(properties).some(property => {
    const settings = (property as {postgresql?: {extension?: unknown}} | null)
      ?.postgresql;
    return typeof settings?.extension === 'string' && settings.extension !== '';
  });
}
