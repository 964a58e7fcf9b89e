import type {AttachedModel} from '../../juggler';

/** An index declaration, as far as its `kind` and `type` go. */
interface KindedIndex {
  readonly kind?: unknown;
  readonly type?: unknown;
}

/**
 * The model with an empty `kind` on each index that declares an access
 * method (`type`) without one (`index: {type: 'btree'}`, `settings.indexes:
 * {by_code: {keys: {code: 1}, type: 'btree'}}`): the connector's autoupdate
 * reads `kind.toUpperCase()` where it adds such an index to an existing
 * table, which threw (stock: an uncaught TypeError that ended the process;
 * its `CREATE TABLE` makes the index). An empty `kind` is what it reads for
 * none. `undefined` when no index lacks it.
 */
export function withIndexKinds(
  definition: AttachedModel,
): AttachedModel | undefined {
  let changed = false;
  const kinded = (index: unknown): unknown => {
    if (typeof index !== 'object' || index === null) return index;
    const {kind, type} = index as KindedIndex;
    if (!type || kind !== undefined) return index;
    changed = true;
    return {...index, kind: ''};
  };
  const properties = Object.fromEntries(
    Object.entries(definition.properties).map(([name, property]) => {
      const index = (property as {index?: unknown} | undefined)?.index;
      const read = kinded(index);
      return [
        name,
        read === index ? property : {...(property as object), index: read},
      ];
    }),
  );
  const indexes = Object.fromEntries(
    Object.entries(
      (definition.settings.indexes ?? {}) as Record<string, unknown>,
    ).map(([name, index]) => [name, kinded(index)]),
  );
  if (!changed) return undefined;
  return {
    ...definition,
    properties,
    settings: {
      ...definition.settings,
      ...(definition.settings.indexes ? {indexes} : {}),
    },
  };
}

/** `INDEX USING t name (`, as the connector writes a `type` without `kind`. */
const TYPE_BEFORE_NAME =
  /(\bINDEX\s+)USING\s+(\w+)\s+(`(?:[^`]|``)*`|[\w$]+)(\s*\()/gi;

/**
 * Write an index's access method after its name (`INDEX by_code USING
 * btree (code)`): for a `settings.indexes` entry with `type` and no `kind`
 * the connector writes it before (`INDEX USING btree by_code (code)`), a
 * syntax error in `CREATE TABLE` and `ADD INDEX` alike (stock failed).
 */
export function withIndexTypesAfterNames(sql: string): string {
  if (!/^\s*(?:ALTER|CREATE)\s+TABLE\b/i.test(sql)) return sql;
  return sql.replace(TYPE_BEFORE_NAME, '$1$3 USING $2$4');
}
