import type {Context} from '@loopback/core';
import {dialectFor} from '../dialects';
import type {BoundDataSource} from '../discovery/data-sources';
import {ensureConnected, type JugglerDataSource} from '../juggler';
import type {ResolvedMigrationOptions} from '../options';
import {ledgerTableParts} from '../scripts/ledger';
import {ledgerTableOf} from '../scripts/ledger-table';
import {connectorSupport} from './connector-support';
import {stateTableBeside} from './fast-path';
import type {SchemaStateRead} from './schema-state-driver';

/**
 * The fast path's query of each datasource, sent as soon as the datasource
 * is bound and connected, before LoopBack resolves the repositories (which,
 * at 1000 models, takes longer than the server computing its digest): the
 * server works while the app does.
 *
 * The models are not known yet, so the digest covers the schemas recorded
 * with the row (`SchemaStateScope.tables` absent). When the recorded
 * fingerprint matches the models', those are the models' schemas (the
 * fingerprint covers their tables); otherwise `checkFingerprint()` reads
 * again with the models' own. Sent only for a run that can use it: an
 * autoupdate without `models`, of a datasource it would plan (a full check
 * plans whatever it reads, and leaves a row that already records what it
 * found as it is: `checkFingerprint()`).
 */
export class FingerprintPrefetch {
  private readonly reads = new Map<
    JugglerDataSource,
    Promise<SchemaStateRead | undefined>
  >();

  constructor(
    private readonly app: Context,
    private readonly options: Pick<
      ResolvedMigrationOptions,
      'operation' | 'models' | 'dataSources'
    >,
  ) {}

  /**
   * Send the reads (the hook `findDataSources()` calls before resolving the
   * repositories); resolves once they are on their way to the servers.
   */
  readonly start = async (
    targets: readonly BoundDataSource[],
  ): Promise<void> => {
    const {operation, models, dataSources} = this.options;
    if (operation !== 'autoupdate' || models) return;
    // An unusable ledger name fails the run later, where it always did.
    const ledgerTable = await ledgerTableOf(this.app).then(
      ledgerTableParts,
      () => undefined,
    );
    if (!ledgerTable) return;
    const ready: Promise<void>[] = [];
    for (const target of targets) {
      const {dataSource} = target;
      if (dataSources && !dataSources.includes(target.name)) continue;
      if (!dataSource || !this.plannable(target, dataSource)) continue;
      const connector = dataSource.connector!;
      const store = dialectFor(target.connectorName)!.schemaState;
      const connected = ensureConnected(dataSource).then(() =>
        store.connectionReady(connector),
      );
      const read = connected.then(() =>
        store.read(connector, {
          stateTable: stateTableBeside(ledgerTable),
          key: target.name,
        }),
      );
      // Awaited by checkFingerprint(), which fails with it; unheard when
      // the datasource is not planned after all (no models).
      read.catch(() => undefined);
      this.reads.set(dataSource, read);
      ready.push(connected);
    }
    if (ready.length === 0) return;
    await Promise.allSettled(ready);
    // Let the queries reach the servers before the repositories take the CPU.
    await new Promise(resolve => setImmediate(resolve));
  };

  /** The read sent for a datasource, if one was. */
  readOf(dataSource: JugglerDataSource) {
    return this.reads.get(dataSource);
  }

  /** Wait until every read sent is answered: none outlives its run. */
  async settled(): Promise<void> {
    await Promise.allSettled(this.reads.values());
  }

  /**
   * Whether the run would check the datasource's fingerprint: planned from
   * its models, on a tested connector (a `lazyConnect` one not connected
   * yet is left to connect when it is planned: it may have no models).
   */
  private plannable(
    target: BoundDataSource,
    dataSource: JugglerDataSource,
  ): boolean {
    if (target.skipReason || target.ownMigration) return false;
    const lazy = dataSource.settings.lazyConnect && !dataSource.connected;
    if (!dataSource.connector || lazy) return false;
    const {dialect, untested} = connectorSupport(
      target.connectorName,
      dataSource,
    );
    return dialect !== undefined && !untested;
  }
}
