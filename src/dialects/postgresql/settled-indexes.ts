import type {JugglerConnector} from '../../juggler';
import {
  IDENTIFIER,
  identifierParts,
  type Clause,
  type StatementClauses,
} from '../../planner/statement-clauses';
import type {PlanCache} from '../dialect';
import {
  parseCreateIndex,
  pgPropertyIndexes,
  type PropertyIndex,
  type WantedIndex,
} from './connector-indexes';
import {foldPg} from './fold';
import {pgSchemaOf} from './model-schema';
import {pgTableIndexes} from './table-indexes';

const DROP_INDEX = new RegExp(
  `^DROP\\s+INDEX\\s+(?:IF\\s+EXISTS\\s+)?` +
    `(${IDENTIFIER}(?:\\s*\\.\\s*${IDENTIFIER})?)$`,
  'i',
);

/**
 * Take out, of a model's statements:
 *
 * - `DROP INDEX x` + `CREATE INDEX x` where index `x` already is what the
 *   CREATE makes (the connector misreads multi-column indexes);
 * - `DROP INDEX` of a property's own index (`<table>_<column>_idx`) that
 *   matches its declaration (the connector cannot parse column names with
 *   an underscore out of such names, and drops and creates it in turn).
 *
 * The model's indexes come from the plan's catalog snapshot when `cache`
 * holds it.
 */
export async function dropSettledIndexes(
  connector: JugglerConnector,
  model: string,
  clauses: StatementClauses,
  cache?: PlanCache,
): Promise<void> {
  const remaining = clauses.remaining();
  const creates = new Map<string, {clause: Clause; wanted: WantedIndex}>();
  for (const clause of remaining) {
    const created = parseCreateIndex(clause.text);
    if (created) creates.set(created.name, {clause, wanted: created.wanted});
  }
  const ofProperties = pgPropertyIndexes(connector, model);
  for (const clause of remaining) {
    const match = DROP_INDEX.exec(clause.text.trim());
    if (!match) continue;
    const parts = identifierParts(match[1], foldPg);
    const name = parts[parts.length - 1];
    const create = creates.get(parts.join('.'));
    const wanted =
      create?.wanted ?? propertyWanted(ofProperties.find(i => i.name === name));
    const schema = parts.length > 1 ? parts[0] : pgSchemaOf(connector, model);
    if (
      !wanted ||
      !(await isOnModel(connector, model, schema, name, wanted, cache))
    ) {
      continue;
    }
    clauses.remove(clause);
    if (create) clauses.remove(create.clause);
  }
}

function propertyWanted(
  index: PropertyIndex | undefined,
): WantedIndex | undefined {
  return (
    index && {
      unique: index.unique,
      method: index.method,
      keys: [{column: index.column, descending: false}],
    }
  );
}

/**
 * Whether the model's table has index `schema.name`, and it is `wanted`:
 * the same keys in the same directions (with their default nulls order),
 * uniqueness and method; no expression, predicate or INCLUDE columns.
 */
async function isOnModel(
  connector: JugglerConnector,
  model: string,
  schema: string,
  name: string,
  wanted: WantedIndex,
  cache: PlanCache | undefined,
): Promise<boolean> {
  const table = connector.table?.(model);
  if (!table) return false;
  const index = (await pgTableIndexes(connector, schema, table, cache)).find(
    i => i.name === name,
  );
  return (
    index !== undefined &&
    !index.partial &&
    !index.included &&
    index.unique === wanted.unique &&
    index.method === wanted.method &&
    index.columns.length === wanted.keys.length &&
    wanted.keys.every(
      (key, i) =>
        index.columns[i] === key.column &&
        // DESC comes with NULLS FIRST, ASC with NULLS LAST (bits 1 and 2).
        index.options[i] === (key.descending ? 3 : 0),
    )
  );
}
