import {DIALECT_CONNECTORS} from '../dialects';
import type {DataSourceTarget} from '../discovery/data-sources';
import type {JugglerConnector, JugglerDataSource} from '../juggler';
import type {ScriptDataSource} from './ledger-types';

/** The connectors migration scripts run on: those of a dialect (a ledger and a lock). */
export const SCRIPT_CONNECTORS = DIALECT_CONNECTORS;

/** A datasource scripts can run on: juggler, with a ledger-capable connector. */
export interface ScriptTarget {
  /** The name as bound. */
  readonly name: string;
  readonly connectorName: string;
  readonly dataSource: ScriptDataSource;
  /** Set when the datasource's settings have a truthy `disableMigration`. */
  readonly disabled: boolean;
}

/**
 * The datasources migration scripts can run on, in binding order: juggler
 * datasources whose connector is `postgresql` or `mysql`.
 */
export function scriptTargets(
  targets: readonly DataSourceTarget[],
): ScriptTarget[] {
  return targets.flatMap(target => {
    const {dataSource} = target;
    if (!dataSource || !SCRIPT_CONNECTORS.includes(target.connectorName))
      return [];
    if (!isScriptDataSource(dataSource)) return [];
    return [
      {
        name: target.name,
        connectorName: target.connectorName,
        dataSource,
        disabled: Boolean(dataSource.settings.disableMigration),
      },
    ];
  });
}

/**
 * Why `target`'s scripts are skipped: its `disableMigration`; `undefined`
 * when it has none.
 */
export function disabledReason(target: ScriptTarget): string | undefined {
  return target.disabled
    ? `datasource "${target.name}" has disableMigration: ${JSON.stringify(target.dataSource.settings.disableMigration)}`
    : undefined;
}

function isScriptDataSource(ds: JugglerDataSource): ds is ScriptDataSource {
  const candidate = ds as Partial<ScriptDataSource>;
  return (
    typeof candidate.execute === 'function' &&
    typeof candidate.beginTransaction === 'function'
  );
}

/** A script datasource's connector. */
export function scriptConnector(target: ScriptTarget): JugglerConnector {
  const {connector} = target.dataSource;
  if (!connector) {
    throw new Error(`datasource "${target.name}" has no connector`);
  }
  return connector;
}
