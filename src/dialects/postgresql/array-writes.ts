/**
 * An array property (`type: ['string']`, `@referencesMany`) on an array
 * column of another `postgresql.dataType` than `'varchar[]'`:
 * loopback-connector-postgresql passes an array value as it is for that
 * exact type only, and writes it as JSON text (`["a","b"]`) for any other,
 * which PostgreSQL refuses for an array column ("malformed array
 * literal"). The migration makes the column as declared, and every create
 * or update that sets the property fails.
 */
export function pgArrayWriteWarnings(
  model: string,
  property: string,
  prop: Readonly<Record<string, unknown>>,
): string[] {
  if (!Array.isArray(prop.type)) return [];
  const dataType = (prop.postgresql as {dataType?: unknown} | undefined)
    ?.dataType;
  if (typeof dataType !== 'string') return [];
  if (!/\[\]\s*$/.test(dataType) || dataType === 'varchar[]') return [];
  return [
    `model ${model}, property ${property}: the connector writes an array to a column of ` +
      `postgresql.dataType '${dataType}' as JSON text, which PostgreSQL refuses ("malformed ` +
      'array literal"): every create or update that sets the property fails. It writes ' +
      "arrays as arrays only for dataType 'varchar[]' (in lower case): declare that " +
      '(numbers are read back as numbers)',
  ];
}
