import {dialectFor} from '../dialects';
import type {JugglerDataSource} from '../juggler';
import {connectorNameOf} from './connector-name';

/** The function that stops hearing each datasource's lent connections. */
const hearing = new WeakMap<JugglerDataSource, () => void>();

/**
 * Hear the connections the datasource's pool lends out (see
 * `Dialect.hearLentConnections`) from the moment the run finds it, before
 * its first query (the fast path's read is sent before the repositories
 * are resolved), until {@link stopHearingLentConnections} at the run's end.
 */
export function hearLentConnectionsOf(dataSource: JugglerDataSource): void {
  const {connector} = dataSource;
  if (hearing.has(dataSource) || !connector) return;
  const hear = dialectFor(connectorNameOf(dataSource))?.hearLentConnections;
  if (hear) hearing.set(dataSource, hear(connector));
}

/** Stop hearing the datasource's lent connections (the run ended). */
export function stopHearingLentConnections(
  dataSource: JugglerDataSource,
): void {
  hearing.get(dataSource)?.();
  hearing.delete(dataSource);
}
