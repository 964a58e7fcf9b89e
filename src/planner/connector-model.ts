import type {Dialect} from '../dialects/contract';
import type {AttachedModel, JugglerConnector} from '../juggler';

/**
 * Run `work` (a capture of the model's autoupdate) with the model as the
 * dialect's `connectorModel` gives it to the connector, and put the model
 * back after.
 */
export function withConnectorModel(
  connector: JugglerConnector,
  dialect: Dialect,
  model: string,
  work: () => Promise<unknown>,
): Promise<unknown> {
  return withLentModel(
    connector,
    model,
    definition => dialect.connectorModel?.(definition),
    work,
  );
}

/**
 * Run `work` (a capture of the connector's autoupdate or `createTable` of
 * the model) with a copy of the model's definition that the connector may
 * write into, and put the model back after. The connectors write into the
 * definition they plan from: the PostgreSQL connector its
 * `settings.indexes` keys in their normal form (`[['code', 'ASC']]` for
 * `{code: 1}`) and `options: {}`, the MySQL connector `nullable: false`
 * on a table's one id property. Those objects are the app's own (LoopBack
 * shares them with the model class): written into, the same model would
 * read differently after a run than in a new process, and its fingerprint
 * with it. Each property and each index is copied, one level deep: the
 * connectors set their members.
 */
export function withEditableModel(
  connector: JugglerConnector,
  model: string,
  work: () => Promise<unknown>,
): Promise<unknown> {
  return withLentModel(connector, model, editableCopy, work);
}

/**
 * Run `work` with the model's definition in the connector's registry
 * replaced by what `lend` makes of it (nothing: as it is), and put the
 * definition back after.
 */
export async function withLentModel(
  connector: JugglerConnector,
  model: string,
  lend: (definition: AttachedModel) => AttachedModel | undefined,
  work: () => Promise<unknown>,
): Promise<unknown> {
  const models = connector._models as Record<string, AttachedModel> | undefined;
  const definition = models?.[model];
  const lent = definition && lend(definition);
  if (!models || !definition || !lent) return work();
  models[model] = lent;
  try {
    return await work();
  } finally {
    models[model] = definition;
  }
}

function editableCopy(definition: AttachedModel): AttachedModel {
  const {indexes} = definition.settings;
  return {
    ...definition,
    properties: membersCopied(definition.properties),
    settings:
      indexes && typeof indexes === 'object'
        ? {
            ...definition.settings,
            indexes: membersCopied(indexes as Record<string, unknown>),
          }
        : definition.settings,
  };
}

/** An object whose object members are each a copy. */
function membersCopied(
  members: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const copied: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(members)) {
    copied[key] =
      value && typeof value === 'object' && !Array.isArray(value)
        ? {...value}
        : value;
  }
  return copied;
}
