/** The URL schemes of each connector's database, the first one named in advice. */
const SCHEMES: Readonly<Record<string, readonly string[]>> = {
  postgresql: ['postgres:', 'postgresql:'],
  mysql: ['mysql:', 'mariadb:'],
};

/**
 * Why a shadow database URL cannot serve datasource `dataSourceName` of
 * `connectorName`:
 * its scheme is that of the other database (a `postgres://` URL for a MySQL
 * datasource), whose server the driver would talk to in the wrong protocol,
 * failing only at its connect timeout with an error that does not say why;
 * `undefined` for any other URL.
 */
export function shadowUrlMismatch(
  url: string,
  connectorName: string,
  dataSourceName: string,
): string | undefined {
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url.trim())?.[0].toLowerCase();
  const own = SCHEMES[connectorName];
  if (scheme === undefined || own === undefined || own.includes(scheme)) {
    return undefined;
  }
  const ofAnother = Object.values(SCHEMES).some(s => s.includes(scheme));
  if (!ofAnother) return undefined;
  return (
    `its URL is a ${scheme} one, and datasource "${dataSourceName}" is a ${connectorName} ` +
    `datasource: give a ${own.map(s => `${s}//`).join(' or ')} URL.`
  );
}
