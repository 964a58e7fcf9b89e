/**
 * A datasource's connector as a short name for reports and dialect lookup:
 * `postgresql`, `mysql`, `memory`, `rest`... Never the connector module's
 * source text (`connector: require('loopback-connector-rest')` passes a
 * function whose text `String()` would give).
 */
export function connectorNameOf(value: unknown): string {
  if (typeof value !== 'object' || value === null) return 'unknown';
  const {connector, settings} = value as {
    connector?: {name?: unknown; constructor?: {name?: unknown}};
    settings?: {connector?: unknown};
  };
  if (typeof connector?.name === 'string' && connector.name !== '') {
    return shorten(connector.name);
  }
  if (typeof settings?.connector === 'string' && settings.connector !== '') {
    return shorten(settings.connector);
  }
  const className = connector?.constructor?.name;
  if (typeof className === 'string' && !GENERIC.has(className)) {
    return shorten(className.replace(/Connector$/, '')).toLowerCase();
  }
  return connector ? 'custom' : 'unknown';
}

const GENERIC: ReadonlySet<string> = new Set(['', 'Object', 'Function']);

/** `loopback-connector-rest` -> `rest`; other names as they are. */
function shorten(name: string): string {
  return name.replace(/^loopback-connector-/, '');
}
