/** A `mysql.dataType` that lists ENUM or SET members inline: `enum('a','b')`. */
const INLINE_MEMBERS = /^\s*(enum|set)\s*\(([\s\S]*)\)\s*$/i;

/**
 * A property whose `mysql.dataType` lists ENUM or SET members in lower
 * case (`"enum('draft','sent')"`): the connector upper-cases the whole
 * dataType, so the column is made `ENUM('DRAFT','SENT')`; MySQL matches
 * members without case, so a stored `'draft'` reads back `'DRAFT'`, and
 * every run finds the column as the model says. An ENUM keeps its
 * members' case when they are given in `jsonSchema.enum`, beside
 * `dataType: 'enum'`; a SET has no such way.
 */
export function upperCasedMembers(
  model: string,
  property: string,
  own: Record<string, unknown> | undefined,
): string[] {
  const dataType = own?.dataType;
  if (typeof dataType !== 'string') return [];
  const inline = INLINE_MEMBERS.exec(dataType);
  if (!inline || inline[2] === inline[2].toUpperCase()) return [];
  const kind = inline[1].toLowerCase();
  const at = `model ${model}, property ${property}`;
  const made = `${kind.toUpperCase()}(${inline[2].toUpperCase()})`;
  const fix =
    kind === 'enum'
      ? "declare mysql.dataType 'enum' and the members in jsonSchema: {enum: [...]}, " +
        'which the connector writes as given'
      : "a SET cannot keep its members' case through the connector: make the column in a " +
        'migration script, or use members in upper case';
  return [
    `${at}: mysql.dataType ${JSON.stringify(dataType)} is upper-cased by the connector: the ` +
      `column is made ${made}, and a stored value reads back in upper case; ${fix}`,
  ];
}
