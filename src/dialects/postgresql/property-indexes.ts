import type {JugglerConnector} from '../../juggler';
import {escapeName, type PlanCache} from '../dialect';
import {statementTarget} from '../../planner/statement-target';
import {foldPg} from './fold';
import {pgTableIndexes} from './table-indexes';

/** A property's `index` as the connector's `addIndexes()` reads it. */
interface IndexDeclaration {
  readonly kind?: unknown;
  readonly type?: unknown;
  readonly unique?: unknown;
}

/** A property's own index, as the connector makes it. */
interface PropertyIndex {
  /** `<table>_<column>_idx`. */
  readonly name: string;
  readonly unique: boolean;
  /** As the connector's `addIndexes()` writes it. */
  readonly create: string;
}

/**
 * Add what the PostgreSQL connector misses about a property's own index
 * (`index: true`, `index: {unique: true}`, named `<table>_<column>_idx`),
 * so that a change of it is made in one run:
 *
 * - it drops an index it cannot tell is the property's (a column name with
 *   an `_`) or whose uniqueness differs, but makes it again only when it
 *   could tell: the table was left without the index until the next run.
 *   The plan makes it again wherever it drops it (the drops left after
 *   `withoutPgNoOps`, which takes out those of an index that is already
 *   as declared);
 * - it never compares a declaration that is not unique with the catalog
 *   (`index: {unique: true}` back to `index: true` kept the unique index,
 *   run after run): the plan drops such an index when the catalog's is
 *   unique, and makes it as declared.
 */
export async function withPropertyIndexes(
  connector: JugglerConnector,
  model: string,
  statements: readonly string[],
  cache?: PlanCache,
): Promise<string[]> {
  const declared = propertyIndexes(connector, model);
  if (declared.length === 0) return [...statements];
  const dropped = new Set<string>();
  const created = new Set<string>();
  for (const sql of statements) {
    const target = statementTarget(sql, foldPg);
    if (target.kind === 'create-index') created.add(target.index);
    if (target.kind === 'drop-index') dropped.add(target.index.name);
  }
  const added: string[] = [];
  for (const index of declared) {
    if (dropped.has(index.name) && !created.has(index.name)) {
      added.push(index.create);
    }
  }
  const plain = declared.filter(
    i => !i.unique && !dropped.has(i.name) && !created.has(i.name),
  );
  for (const index of await uniqueInCatalog(connector, model, plain, cache)) {
    added.push(
      `DROP INDEX ${escapeName(connector, connector.schema?.(model) || 'public')}.` +
        escapeName(connector, index.name),
      index.create,
    );
  }
  return [...statements, ...added];
}

/**
 * Those of `indexes` that the table has, unique (read from the plan's
 * snapshot when `cache` holds it).
 */
async function uniqueInCatalog(
  connector: JugglerConnector,
  model: string,
  indexes: readonly PropertyIndex[],
  cache: PlanCache | undefined,
): Promise<PropertyIndex[]> {
  const table = connector.table?.(model);
  if (indexes.length === 0 || !table) return [];
  const schema = connector.schema?.(model) || 'public';
  const unique = new Set(
    (await pgTableIndexes(connector, schema, table, cache))
      .filter(i => i.unique && !i.primary)
      .map(i => i.name),
  );
  return indexes.filter(i => unique.has(i.name));
}

/** The indexes the model's properties declare, as the connector makes them. */
function propertyIndexes(
  connector: JugglerConnector,
  model: string,
): PropertyIndex[] {
  const properties = connector._models?.[model]?.properties ?? {};
  const table = connector.table?.(model);
  if (!table) return [];
  const result: PropertyIndex[] = [];
  for (const [property, definition] of Object.entries(properties)) {
    const index = (definition as {index?: unknown} | undefined)?.index;
    const column = connector.column?.(model, property);
    if (!index || !column) continue;
    const declared: IndexDeclaration = typeof index === 'object' ? index : {};
    // As the connector's addIndexes() makes it.
    const type = declared.type ? ` USING ${String(declared.type)}` : '';
    let kind = declared.kind ? String(declared.kind) : '';
    if (
      (!kind && !type && typeof index === 'object') ||
      declared.unique === true
    ) {
      kind = ' UNIQUE ';
    }
    const name = `${table}_${column}_idx`;
    result.push({
      name,
      unique: /\bUNIQUE\b/i.test(kind),
      create:
        `CREATE ${kind} INDEX ${escapeName(connector, name)} ON ` +
        `${connector.tableEscaped?.(model)}${type} ( ${escapeName(connector, column)} )`,
    });
  }
  return result;
}
