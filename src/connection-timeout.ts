/**
 * How long juggler waits for a datasource to connect before a call fails
 * ("Timeout in connecting after N ms"): its `connectionTimeout` setting,
 * else 5000 ms.
 */
export function connectionTimeoutMs(
  settings: Readonly<Record<string, unknown>>,
): number {
  const setting = settings.connectionTimeout;
  return typeof setting === 'number' && setting > 0 ? setting : 5000;
}

/** Why a datasource that did not connect in time cannot be migrated. */
export function notConnectedMessage(
  name: string | undefined,
  timeoutMs: number,
): string {
  return (
    `Datasource "${name ?? '(unnamed)'}" did not connect within ${timeoutMs} ms ` +
    '(its connectionTimeout setting; 5000 by default). A datasource ' +
    'disconnected after it connected (ds.disconnect(), or app.stop() on one ' +
    "that observes the app's life cycle) is not connected again by " +
    'juggler: migrate with a new app instance or datasource. A server slow ' +
    'to accept connections needs a longer connectionTimeout.'
  );
}
