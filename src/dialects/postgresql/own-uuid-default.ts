/**
 * A uuid property's own default function and the extension it comes from,
 * as loopback-connector-postgresql's README declares them: `postgresql:
 * {dataType: 'uuid', defaultFn: 'gen_random_uuid()', extension:
 * 'pgcrypto'}`. Its CREATE TABLE writes `DEFAULT <defaultFn>` for such a
 * generated id whatever the case of `dataType`, but asks for the extension
 * only when `dataType` is exactly `'UUID'` (else for `uuid-ossp`).
 */
export interface OwnUuidDefault {
  readonly defaultFn: string;
  readonly extension: string;
}

/** The property's own uuid default, when it declares one. */
export function ownUuidDefault(property: unknown): OwnUuidDefault | undefined {
  const settings = (property as {postgresql?: unknown} | null | undefined)
    ?.postgresql as
    | {dataType?: unknown; defaultFn?: unknown; extension?: unknown}
    | null
    | undefined;
  if (!settings || typeof settings.dataType !== 'string') return undefined;
  if (settings.dataType.trim().toUpperCase() !== 'UUID') return undefined;
  const {defaultFn, extension} = settings;
  if (typeof defaultFn !== 'string' || defaultFn.trim() === '')
    return undefined;
  if (typeof extension !== 'string' || extension.trim() === '')
    return undefined;
  return {defaultFn, extension};
}

/** `CREATE EXTENSION IF NOT EXISTS "<name>"`. */
export function createExtensionSql(name: string): string {
  return `CREATE EXTENSION IF NOT EXISTS "${name.replace(/"/g, '""')}"`;
}
