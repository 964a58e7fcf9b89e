/**
 * A property's LoopBack type as a lower-case name (`'string'`, `'number'`,
 * ...), whether the definition holds it as a name or as the constructor
 * (`String`, `Number`); `'undefined'` when it has none.
 */
export function propertyTypeName(
  prop: Readonly<Record<string, unknown>>,
): string {
  const type = prop.type as {name?: unknown} | string | undefined;
  return String(typeof type === 'string' ? type : type?.name).toLowerCase();
}
