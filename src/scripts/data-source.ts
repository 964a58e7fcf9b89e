import type {Transaction} from '@loopback/repository';
import type {DataSourceTarget} from '../discovery/data-sources';
import type {JugglerDataSource} from '../juggler';

/** The connectors migration scripts run on: they keep a ledger and a lock. */
export const SCRIPT_CONNECTORS: readonly string[] = ['postgresql', 'mysql'];

/** Options of juggler's `execute()`: the transaction to run in. */
export interface ExecuteOptions {
  readonly transaction?: Transaction;
}

/** A juggler DataSource, with what scripts need of it. */
export interface ScriptDataSource extends JugglerDataSource {
  execute(
    sql: string,
    params?: readonly unknown[],
    options?: ExecuteOptions,
  ): Promise<unknown>;
  beginTransaction(options?: {isolationLevel?: string}): Promise<Transaction>;
}

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

function isScriptDataSource(ds: JugglerDataSource): ds is ScriptDataSource {
  const candidate = ds as Partial<ScriptDataSource>;
  return (
    typeof candidate.execute === 'function' &&
    typeof candidate.beginTransaction === 'function'
  );
}
