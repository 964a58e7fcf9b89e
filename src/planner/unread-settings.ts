import type {AttachedModel, JugglerConnector} from '../juggler';

/**
 * Warnings for declarations the connector never reads, so that the table
 * silently differs from what the model says (stock LoopBack is as silent):
 * a connector-specific `nullable` ("N", "NO") on a property the connector
 * makes nullable: the SQL connectors read NOT NULL from `required`, `id`
 * or the property's own `nullable`/`null`/`allowNull` (their
 * `isNullable()`, asked here), never from the `mysql`/`postgresql` object,
 * where `lb4 discover` writes it. (A dialect adds its own: see
 * `Dialect.unreadSettings`.)
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
