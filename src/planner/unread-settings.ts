import type {AttachedModel, JugglerConnector} from '../juggler';

/**
 * Warnings for declarations the connector never reads, so that the table
 * silently differs from what the model says (stock LoopBack is as silent):
 * a connector-specific `nullable` ("N", "NO") on a property the connector
 * makes nullable: the SQL connectors read NOT NULL from `required`, `id`
 * or the property's own `nullable`/`null`/`allowNull` (their
 * `isNullable()`, asked here), never from the `mysql`/`postgresql` object,
 * where `lb4 discover` writes it; a property's `unique: true`, which
 * neither SQL connector reads (a unique index is `index: {unique: true}`);
 * a property index's `name`, which neither reads either.
 * (A dialect adds its own: see `Dialect.unreadSettings`.)
 */
export function unreadSettingsWarnings(
  connector: JugglerConnector,
  connectorName: string,
  model: string,
  definition: AttachedModel | undefined,
): string[] {
  if (!connector.isNullable) return [];
  const nullable = (prop: object) => connector.isNullable!(prop);
  const warnings: string[] = [];
  for (const [property, value] of Object.entries(
    definition?.properties ?? {},
  )) {
    const prop = (value ?? {}) as Record<string, unknown>;
    const unique = uniqueNotRead(prop);
    if (unique) {
      warnings.push(
        `model ${model}, property ${property}: unique: true is not read by the connector, ` +
          `which makes no unique index ${unique} for it; declare index: {unique: true} to make one`,
      );
    }
    const index = prop.index as {name?: unknown} | undefined;
    if (typeof index === 'object' && index !== null && index.name) {
      warnings.push(
        `model ${model}, property ${property}: index.name ${JSON.stringify(index.name)} ` +
          'is not read by the connector, which names the index itself (postgresql: ' +
          '<table>_<column>_idx, mysql: the property); to name it, declare it in ' +
          `settings.indexes: {${String(index.name)}: {keys: {${property}: 1}}} instead`,
      );
    }
    const own = prop[connectorName];
    if (typeof own !== 'object' || own === null) continue;
    const settings = own as Record<string, unknown>;
    if (!nullable({nullable: settings.nullable}) && nullable(prop)) {
      warnings.push(
        `model ${model}, property ${property}: ${connectorName}.nullable ` +
          `${JSON.stringify(settings.nullable)} is not read by the connector, which makes the ` +
          'column NULL; to make it NOT NULL, declare the property required: true (or ' +
          `nullable: false beside ${connectorName})`,
      );
    }
  }
  return warnings;
}

/**
 * What a property's `unique: true` leaves the column with, where no unique
 * index of its own is declared beside it (`(nor any index)`, `(its index is
 * plain)`); `undefined` when it declares none or one is.
 */
function uniqueNotRead(prop: Record<string, unknown>): string | undefined {
  if (prop.unique !== true) return undefined;
  const index = prop.index as {unique?: unknown; kind?: unknown} | undefined;
  if (!index) return '(nor any index)';
  const declared =
    typeof index === 'object' &&
    (index.unique === true || /^unique$/i.test(String(index.kind ?? '')));
  return declared ? undefined : '(its index is plain)';
}
