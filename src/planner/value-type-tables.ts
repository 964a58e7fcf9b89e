import type {AttachedModel} from '../juggler';

/** What this reads of a property as juggler keeps it. */
interface PropertyDefinition {
  readonly type?: unknown;
  readonly id?: unknown;
  readonly generated?: unknown;
}

/**
 * Warnings for a table the plan makes for a model that is the type of
 * another model's property and declares no id (`@model() class Address
 * extends Model`, used as `@property() address: Address`): LoopBack
 * attaches such a model to the datasource (its repository bridge defines
 * each property's model type as a persisted model), juggler gives it an id
 * of its own, and the connector a table, stock too, while the values stay
 * in the column of the model that holds them. The table stays empty
 * unless a repository stores the model: the warning says why it is there.
 */
export function valueTypeTableWarnings(
  model: string,
  table: string,
  definitions: Readonly<Record<string, AttachedModel>>,
): string[] {
  const definition = definitions[model];
  if (!definition || !hasInjectedId(definition)) return [];
  const holders = propertiesOfType(model, definitions);
  if (holders.length === 0) return [];
  return [
    `model ${model}: its table ${table} is made, as stock migrateSchema() makes ` +
      `it, though nothing is stored there: ${model} declares no id and is on this ` +
      `datasource as the type of ${holders.join(', ')} (LoopBack attaches a ` +
      "property's model type to the datasource), whose values are kept in that " +
      'property\'s own column. The table, with the id juggler adds ("id"), ' +
      `stays empty unless the app gives ${model} a repository; to make no table ` +
      'for it, migrate the other models only (the `models` option, --models)',
  ];
}

/**
 * Whether the model's id is the one juggler adds to a model that declares
 * none (`ModelBuilder`'s id injection: `{type: Number, id: 1, generated:
 * true}`; a decorated `@property({id: true})` has `id: true`).
 */
function hasInjectedId(definition: AttachedModel): boolean {
  const id = definition.properties.id as PropertyDefinition | undefined;
  return id?.id === 1 && id.generated === true && id.type === Number;
}

/** `Model.property` of every property whose type (or item type) is `model`. */
function propertiesOfType(
  model: string,
  definitions: Readonly<Record<string, AttachedModel>>,
): string[] {
  const found: string[] = [];
  for (const [holder, definition] of Object.entries(definitions)) {
    if (holder === model) continue;
    for (const [name, value] of Object.entries(definition.properties)) {
      const type = (value as PropertyDefinition | undefined)?.type;
      const item: unknown = Array.isArray(type) ? type[0] : type;
      if ((item as {modelName?: unknown} | undefined)?.modelName === model)
        found.push(`${holder}.${name}`);
    }
  }
  return found;
}
