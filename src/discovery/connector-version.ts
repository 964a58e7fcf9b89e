import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {compareVersions} from '../scripts/version-order';

/** The versions of a connector package this package is tested with. */
export interface TestedConnector {
  /** The npm package: `loopback-connector-postgresql`. */
  readonly packageName: string;
  /** The lowest version CI tests. */
  readonly lowest: string;
  /** The first major version not tested (`10.0.0`: up to 9.x). */
  readonly below: string;
  /**
   * The classes of the package's connector and its ancestors whose
   * `autoupdate()` / `automigrate()` this package plans in their place: a
   * connector whose method another class (or the instance) defines is
   * migrated by calling that method, as LoopBack does.
   */
  readonly connectorClasses: readonly string[];
}

/** The part of a juggler DataSource this reads. */
interface JugglerSource {
  readonly settings?: {readonly connector?: unknown};
  readonly constructor: {
    _resolveConnector?(name: string): {connector?: unknown};
  };
}

/**
 * The version of the connector package a datasource runs on: the
 * `package.json` over the module juggler loads for its `connector` setting
 * (the module itself when the setting is one), through juggler's own
 * resolver; `undefined` when it is not a loaded module of `packageName`.
 */
export function loadedConnectorVersion(
  dataSource: object,
  packageName: string,
): string | undefined {
  const {settings, constructor} = dataSource as JugglerSource;
  const setting = settings?.connector;
  const loaded =
    typeof setting === 'string'
      ? constructor._resolveConnector?.(setting).connector
      : setting;
  if (!loaded || typeof loaded !== 'object') return undefined;
  const module = Object.values(require.cache).find(m => m?.exports === loaded);
  return module ? packageVersion(module.filename, packageName) : undefined;
}

/** The package of the SQL connector classes the SQL connectors extend. */
const BASE_CONNECTOR_PACKAGE = 'loopback-connector';

/**
 * The version of loopback-connector a connector runs on: the `package.json`
 * over the module that defines the first class of its prototype chain that
 * loopback-connector holds (`SQLConnector`, whose `autoupdate` the
 * PostgreSQL connector runs and whose `isNullable` both connectors ask), as
 * loaded (npm updates it apart from the connector); `undefined` when none
 * is.
 */
export function loadedBaseConnectorVersion(
  connector: object,
): string | undefined {
  const modules = Object.values(require.cache);
  for (
    let prototype: unknown = Object.getPrototypeOf(connector);
    prototype;
    prototype = Object.getPrototypeOf(prototype)
  ) {
    const {constructor} = prototype as {constructor?: unknown};
    const defining = modules.find(m => m?.exports === constructor);
    const version =
      defining && packageVersion(defining.filename, BASE_CONNECTOR_PACKAGE);
    if (version) return version;
  }
  return undefined;
}

/** The version of `packageName` whose folder holds `file`, if it does. */
export function packageVersion(
  file: string,
  packageName: string,
): string | undefined {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const {name, version} = JSON.parse(readFileSync(manifest, 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (name === packageName && typeof version === 'string') return version;
      if (typeof name === 'string') return undefined;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Why a connector version cannot be trusted to be understood (the SQL it
 * emits and the catalog reads it sends are recognised by their text), or
 * `undefined` when it is within the tested range or unknown.
 */
export function untestedConnectorReason(
  tested: TestedConnector,
  version: string | undefined,
): string | undefined {
  if (!version) return undefined;
  const inRange =
    compareVersions(version, tested.lowest) >= 0 &&
    compareVersions(version, tested.below) < 0;
  if (inRange) return undefined;
  return (
    `${tested.packageName} ${version} is outside the versions this package is ` +
    `tested with (>=${tested.lowest} <${tested.below}), so its statements are ` +
    'not planned: the datasource is migrated the way LoopBack does it (no plan, ' +
    'no data-loss guard). Use a connector version within that range, or a ' +
    'version of loopback-schema-migration that supports it'
  );
}
