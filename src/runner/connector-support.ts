import {dialectFor} from '../dialects';
import type {Dialect} from '../dialects/contract';
import {
  loadedConnectorVersion,
  untestedConnectorReason,
} from '../discovery/connector-version';

/** What a run can do with a datasource's connector. */
export interface ConnectorSupport {
  /** The connector's dialect; absent where its statements cannot be planned. */
  readonly dialect?: Dialect;
  /** The loaded version of the dialect's connector package, when it is one. */
  readonly connectorVersion?: string;
  /**
   * Why that version is not one this package is tested with: the run then
   * migrates the datasource as LoopBack does.
   */
  readonly untested?: string;
}

/** The dialect of a datasource's connector and whether its version is tested. */
export function connectorSupport(
  connectorName: string,
  dataSource: object,
): ConnectorSupport {
  const dialect = dialectFor(connectorName);
  if (!dialect) return {};
  const connectorVersion = loadedConnectorVersion(
    dataSource,
    dialect.tested.packageName,
  );
  return {
    dialect,
    connectorVersion,
    untested: untestedConnectorReason(dialect.tested, connectorVersion),
  };
}
