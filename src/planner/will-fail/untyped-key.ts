import {foreignKeyEntity, type JugglerConnector} from '../../juggler';

/**
 * Why a foreign key column has a type its key cannot compare, when the
 * model is the cause: the property of that column has no type of its own.
 * TypeScript records a union's design type as `Object`
 * (`customerId: number | undefined`, as `lb4 relation` writes a
 * `@belongsTo` key), `@belongsTo` keeps that over a type in its third
 * argument, and the connector makes the column text. `''` when the
 * property has a type (or no property has the column).
 */
export function untypedKeyHint(
  connector: JugglerConnector,
  model: string,
  constraint: string,
  column: string,
  columnKey: (column: string) => string,
): string {
  const models = connector._models ?? {};
  const property = Object.keys(models[model]?.properties ?? {}).find(
    name =>
      columnKey(connector.column?.(model, name) ?? name) === columnKey(column),
  );
  if (!property || typeOf(models[model]?.properties[property]) !== Object) {
    return '';
  }
  const fk = Object.entries(models[model]?.settings.foreignKeys ?? {}).find(
    ([settingsKey, setting]) => (setting.name ?? settingsKey) === constraint,
  )?.[1];
  const target = fk && foreignKeyEntity(fk);
  const keyType = target
    ? tsTypeName(typeOf(models[target]?.properties[fk.entityKey ?? 'id']))
    : undefined;
  return (
    ` (property ${model}.${property} has no type of its own: TypeScript records a union ` +
    'such as `number | undefined`, which `lb4 relation` writes for a @belongsTo key, as Object, ' +
    'stored as text. Declare it with one type, that of the key it references' +
    (keyType ? `: \`${property}?: ${keyType};\`` : '') +
    ')'
  );
}

/** A property definition's `type`. */
function typeOf(definition: unknown): unknown {
  return (definition as {type?: unknown} | undefined)?.type;
}

/** How TypeScript spells a LoopBack property type (`Number`, `'number'`). */
function tsTypeName(type: unknown): string | undefined {
  const name =
    typeof type === 'function'
      ? type.name
      : typeof type === 'string'
        ? type
        : undefined;
  if (name === undefined) return undefined;
  return name.toLowerCase() === 'date' ? 'Date' : name.toLowerCase();
}
