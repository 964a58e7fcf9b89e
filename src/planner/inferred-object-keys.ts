import type {AttachedModel} from '../juggler';

/** A key's name: the model's id, or a name ending as a foreign key's does. */
const KEY_NAME = /(?:Id|ID|_id)$/;

/** What this reads of juggler's model class: the properties as declared. */
interface DeclaredModel {
  readonly definition?: {
    readonly rawProperties?: Readonly<
      Record<
        string,
        {readonly type?: unknown; readonly id?: unknown} | undefined
      >
    >;
  };
}

/**
 * Warnings for key properties (the model's id, or a name ending in `Id`,
 * `ID` or `_id`) declared with the type `Object` itself: what LoopBack
 * takes from TypeScript's metadata for a property declared without a type
 * (`@belongsTo(() => Customer) customerId: number | undefined`, as `lb4
 * relation` writes it, or `@property() id: string | undefined`):
 * TypeScript records a union type, `any` or an interface as `Object`, and
 * the connector makes the column as for an object (TEXT), stock too. A
 * type written as `'object'` is meant and not warned about; nor is a
 * property whose name is no key's. Where a foreign key is declared on such
 * a column, the database refuses it and the refusal says the same
 * (`will-fail/untyped-key.ts`).
 */
export function inferredObjectKeyWarnings(
  model: string,
  definition: AttachedModel | undefined,
): string[] {
  const warnings: string[] = [];
  for (const [name, property] of Object.entries(
    declaredProperties(definition),
  )) {
    if (property?.type !== Object) continue;
    if (!property.id && !KEY_NAME.test(name)) continue;
    warnings.push(
      `model ${model}, property ${name}: its type is Object, what TypeScript records for ` +
        'a property declared as a union such as `number | undefined`, as `any` or as an ' +
        'interface: the connector makes its column as for an object (TEXT), stock too, ' +
        'not as for a key. Declare it with one type, that of the key it holds ' +
        `(\`${name}?: number;\` for a numeric id, \`string\` for a string one; a ` +
        '@belongsTo() takes the TypeScript type over a type in its third argument, a ' +
        '@property() takes its own `type`)',
    );
  }
  return warnings;
}

/**
 * Whether a property was declared with the type `Object` itself (see
 * {@link inferredObjectKeyWarnings}), not with a type written `'object'`.
 */
export function declaredAsObject(
  definition: AttachedModel | undefined,
  property: string,
): boolean {
  return declaredProperties(definition)[property]?.type === Object;
}

/** The properties as declared (juggler's `rawProperties`); none when unknown. */
function declaredProperties(definition: AttachedModel | undefined) {
  return (
    (definition?.model as DeclaredModel | undefined)?.definition
      ?.rawProperties ?? {}
  );
}
