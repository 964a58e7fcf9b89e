/** The port a connector's driver connects to when the settings name none. */
const DEFAULT_PORTS: Readonly<Record<string, string>> = {
  postgresql: '5432',
  mysql: '3306',
};

/** Names of this machine's own server, written as one. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * Where a datasource's settings say its database is: the connector, host,
 * port, socket and database, each written one way, so that settings which
 * name one database differently (a `url` or its parts, `localhost` or
 * `127.0.0.1`, the default port written or left out) give the same
 * address. `undefined` when the settings name none of them (a datasource
 * that is not on a server, such as the memory connector's).
 */
export function databaseAddress(
  connector: string,
  settings: Readonly<Record<string, unknown>>,
): string | undefined {
  const url = typeof settings.url === 'string' ? settings.url : undefined;
  const parts = url
    ? urlParts(url)
    : {
        host: settings.host ?? settings.hostname,
        port: settings.port,
        socket: settings.socketPath,
        database: settings.database ?? settings.db,
      };
  if (Object.values(parts).every(part => part === undefined)) {
    return undefined;
  }
  const host = String(parts.host ?? 'localhost').toLowerCase();
  return JSON.stringify([
    connector,
    LOOPBACK_HOSTS.has(host) ? 'localhost' : host,
    String(parts.port ?? DEFAULT_PORTS[connector] ?? ''),
    String(parts.socket ?? ''),
    String(parts.database ?? ''),
  ]);
}

/** The address parts of a connection URL; the URL itself when it does not parse. */
function urlParts(url: string): Record<string, unknown> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return {host: url};
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  return {
    host: parsed.hostname || undefined,
    port: parsed.port || undefined,
    socket: parsed.searchParams.get('host') ?? undefined,
    database: database || undefined,
  };
}
