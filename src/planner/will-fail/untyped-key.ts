import {foreignKeyEntity, type JugglerConnector} from '../../juggler';

/** The column settings a key's own column type is declared with. */
const COLUMN_TYPE_SETTINGS = [
  'dataType',
  'dataLength',
  'dataPrecision',
  'dataScale',
] as const;

/**
 * Why a foreign key column has a type its key cannot compare, when the
 * model is the cause, and how to declare it; `''` when neither applies.
 *
 * - The property of that column has no type of its own: TypeScript records
 *   a union's design type as `Object` (`customerId: number | undefined`,
 *   as `lb4 relation` writes a `@belongsTo` key), `@belongsTo` keeps that
 *   over a type in its third argument, and the connector makes the column
 *   text.
 * - The key it references declares its column type in the connector's
 *   settings (`postgresql: {dataType: 'uuid'}`) and the property does not
 *   declare the same: the same TypeScript type (`string`) is another
 *   column type (`TEXT`).
 */
export function untypedKeyHint(
  connector: JugglerConnector,
  model: string,
  constraint: string,
  column: string,
  columnKey: (column: string) => string,
): string {
  const models = connector._models ?? {};
  const properties = models[model]?.properties ?? {};
  const property = Object.keys(properties).find(
    name =>
      columnKey(connector.column?.(model, name) ?? name) === columnKey(column),
  );
  if (!property) return '';
  const fk = Object.entries(models[model]?.settings.foreignKeys ?? {}).find(
    ([settingsKey, setting]) => (setting.name ?? settingsKey) === constraint,
  )?.[1];
  const target = fk && foreignKeyEntity(fk);
  const entityKey = fk?.entityKey ?? 'id';
  const key = target ? models[target]?.properties[entityKey] : undefined;
  const keyColumnType = declaredColumnType(key, connector.name);
  const keyTypeName = tsTypeName(typeOf(key));
  const untyped = typeOf(properties[property]) === Object;
  const retype =
    keyColumnType &&
    !sameColumnType(
      keyColumnType,
      declaredColumnType(properties[property], connector.name),
    )
      ? `{${connector.name}: ${keyColumnType}}`
      : undefined;
  if (!untyped && !retype) return '';
  const declare = retype
    ? `the column type of ${target}.${entityKey}, \`${retype}\`, in its property settings ` +
      `(for a @belongsTo key, its third argument: \`@belongsTo(() => ${target}, {}, ${retype})\`)`
    : undefined;
  if (!untyped) {
    return (
      ` (${target}.${entityKey} declares its column type, and property ${model}.${property} ` +
      `does not: declare ${declare})`
    );
  }
  return (
    ` (property ${model}.${property} has no type of its own: TypeScript records a union ` +
    'such as `number | undefined`, which `lb4 relation` writes for a @belongsTo key, as Object, ' +
    'stored as text. Declare it with one type, that of the key it references' +
    (keyTypeName ? `: \`${property}?: ${keyTypeName};\`` : '') +
    (declare ? `, and ${declare}` : '') +
    ')'
  );
}

/**
 * The column type a property declares in the connector's settings
 * (`{dataType: 'uuid'}`), written as TypeScript; `undefined` for none.
 */
function declaredColumnType(
  definition: unknown,
  settingsKey: string | undefined,
): string | undefined {
  if (!settingsKey) return undefined;
  const settings = (definition as Record<string, unknown> | undefined)?.[
    settingsKey
  ] as Record<string, unknown> | undefined;
  const parts = COLUMN_TYPE_SETTINGS.flatMap(name =>
    settings?.[name] === undefined || settings[name] === null
      ? []
      : [`${name}: ${JSON.stringify(settings[name]).replace(/"/g, "'")}`],
  );
  return parts.length > 0 ? `{${parts.join(', ')}}` : undefined;
}

function sameColumnType(a: string, b: string | undefined): boolean {
  return b !== undefined && a.toLowerCase() === b.toLowerCase();
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
