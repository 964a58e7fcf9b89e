import type {JugglerConnector} from '../../juggler';
import type {TableRef} from '../dialect';

/** The schema of a model's table, as the connector names it (`public` by default). */
export function pgSchemaOf(connector: JugglerConnector, model: string): string {
  return connector.schema?.(model) || 'public';
}

/** The table a model maps to, as the connector names it. */
export function pgTableOf(
  connector: JugglerConnector,
  model: string,
): TableRef {
  return {
    schema: pgSchemaOf(connector, model),
    name: connector.table?.(model) ?? model.toLowerCase(),
  };
}
