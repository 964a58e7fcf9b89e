import type {JugglerConnector} from '../../juggler';

/** The schema of a model's table, as the connector names it (`public` by default). */
export function pgSchemaOf(connector: JugglerConnector, model: string): string {
  return connector.schema?.(model) || 'public';
}
