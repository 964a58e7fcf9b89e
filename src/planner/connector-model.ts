import type {Dialect} from '../dialects/contract';
import type {AttachedModel, JugglerConnector} from '../juggler';

/**
 * Run `work` (a capture of the model's autoupdate) with the model as the
 * dialect's `connectorModel` gives it to the connector, and put the model
 * back after.
 */
export async function withConnectorModel(
  connector: JugglerConnector,
  dialect: Dialect,
  model: string,
  work: () => Promise<unknown>,
): Promise<unknown> {
  const models = connector._models as Record<string, AttachedModel> | undefined;
  const definition = models?.[model];
  const readable = definition && dialect.connectorModel?.(definition);
  if (!models || !definition || !readable) return work();
  models[model] = readable;
  try {
    return await work();
  } finally {
    models[model] = definition;
  }
}
