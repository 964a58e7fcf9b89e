import type {Context} from '@loopback/core';
import {dialectFor} from '../dialects';
import type {Dialect} from '../dialects/contract';
import {
  attachedModelsOf,
  countsModels,
  type BeforeRepositories,
  type BoundDataSource,
  type SourcesAnswer,
} from '../discovery/data-sources';
import {
  ensureConnected,
  type JugglerConnector,
  type JugglerDataSource,
} from '../juggler';
import type {ResolvedMigrationOptions} from '../options';
import {ledgerTableParts} from '../scripts/ledger';
import {ledgerTableOf} from '../scripts/ledger-table';
import {connectorSupport} from './connector-support';
import {poolReadyWithin, poolWait} from './pool-wait';
import {sourcesWithModelless} from '../discovery/app-sources';
import {debugLogger} from '../debug';
import {MIGRATION_SCRIPT_TAG} from '../scripts/keys';
import {datasourceSourcesFingerprint, stateTableBeside} from './fast-path';
import type {SchemaStateRead} from './schema-state-driver';

const debug = debugLogger('fingerprint');

/** A datasource the run would plan, whose read was sent. */
interface Planned {
  readonly target: BoundDataSource;
  readonly dataSource: JugglerDataSource;
  readonly connector: JugglerConnector;
  readonly dialect: Dialect;
  /** When its read was sent (`performance.now()`). */
  readonly sentAt: number;
}

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
      | 'operation'
      | 'models'
      | 'dataSources'
      | 'scripts'
      | 'fullCheck'
      | 'lockTimeoutMs'
      | 'dryRun'
    >,
    /** The build files left of deleted sources (`staleBuildFiles()`). */
    private readonly staleFiles: Promise<readonly unknown[]>,
  ) {}

  /**
   * Send the reads (the hook `findDataSources()` calls before resolving the
   * repositories); resolves once they are on their way to the servers, or,
   * when the app's `sources` may answer every datasource, once they are
   * answered: to the answers, when every one is up to date from them.
   */
  readonly start: BeforeRepositories = async (targets, sources) => {
    const {operation, models, dataSources} = this.options;
    if (operation !== 'autoupdate' || models) return undefined;
    // An unusable ledger name fails the run later, where it always did.
    const ledgerTable = await ledgerTableOf(this.app).then(
      ledgerTableParts,
      () => undefined,
    );
    if (!ledgerTable) return undefined;
    const ready: Promise<void>[] = [];
    const planned: Planned[] = [];
    for (const target of targets) {
      const {dataSource} = target;
      if (dataSources && !dataSources.includes(target.name)) continue;
      if (!dataSource || !this.plannable(target, dataSource)) continue;
      const connector = dataSource.connector!;
      const dialect = dialectFor(target.connectorName)!;
      const store = dialect.schemaState;
      planned.push({
        target,
        dataSource,
        connector,
        dialect,
        sentAt: performance.now(),
      });
      const wait = poolWait(target.name, this.options.lockTimeoutMs);
      const connected = ensureConnected(dataSource).then(() =>
        poolReadyWithin(dialect, connector, wait, 'read its schema'),
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
    if (ready.length === 0) return undefined;
    await Promise.allSettled(ready);
    // Let the queries reach the servers before the CPU-bound work that
    // follows (digesting the sources, or resolving the repositories).
    await new Promise(resolve => setImmediate(resolve));
    if (!this.answerable(targets)) return undefined;
    // A stale repository file (its source deleted) is bound, and may fail
    // to resolve (its model gone): the run resolves the repositories, as
    // stock does, rather than answer from sources that include it.
    const stale = await this.staleFiles.catch(() => undefined);
    if (stale === undefined || stale.length > 0) {
      debug('build files of deleted sources: the repositories are resolved');
      return undefined;
    }
    const digest = sources();
    if (digest === undefined) return undefined;
    return this.answers(targets, planned, digest);
  };

  /**
   * Whether the recorded fingerprints may answer the run without the
   * repositories: not a full check, no migration script is to run (one may
   * change the catalog read), and no model is attached to a datasource yet
   * (one attached otherwise than by a repository is not in the sources).
   */
  private answerable(targets: readonly BoundDataSource[]): boolean {
    const scripts =
      this.options.scripts &&
      this.app.findByTag(MIGRATION_SCRIPT_TAG).length > 0;
    if (this.options.fullCheck || scripts) return false;
    return targets.every(
      ({dataSource}) => attachedModelsOf(dataSource).length === 0,
    );
  }

  /**
   * The answers of the reads, when every recorded row was made from these
   * sources (`digest`, with the juggler datasources that have no row and
   * are not skipped, `countsModels()`, as those that got no models: part
   * of each row's fingerprint, so a datasource that had models when it was
   * recorded cannot pass for one without) and every catalog is as
   * recorded; at least one row must say so.
   */
  private async answers(
    targets: readonly BoundDataSource[],
    planned: readonly Planned[],
    digest: string,
  ): Promise<Map<JugglerDataSource, SourcesAnswer> | undefined> {
    const recorded: (Planned & {read: SchemaStateRead})[] = [];
    for (const item of planned) {
      const read = await this.reads
        .get(item.dataSource)
        ?.catch(() => undefined);
      if (read?.stored?.models) recorded.push({...item, read});
    }
    if (recorded.length === 0) return undefined;
    const modelless = targets
      .filter(t => countsModels(t) && !recorded.some(r => r.target === t))
      .map(t => t.name);
    const sources = sourcesWithModelless(digest, modelless);
    const answers = new Map<JugglerDataSource, SourcesAnswer>();
    for (const {
      target,
      dataSource,
      connector,
      dialect,
      sentAt,
      read,
    } of recorded) {
      const {stored, catalogDigest} = read;
      const fingerprint = datasourceSourcesFingerprint(
        sources,
        dataSource,
        connector,
        dialect,
        connectorSupport(target.connectorName, dataSource).connectorVersion,
      );
      if (
        stored?.sourcesFingerprint !== fingerprint ||
        stored.catalogDigest !== catalogDigest
      ) {
        debug(
          '%s: recorded from other sources, or the catalog changed',
          target.name,
        );
        return undefined;
      }
      // The row is to learn the tables' times: `checkFingerprint()` writes
      // it (a dry run writes nothing: the sources answer it as before).
      if (read.unrecordedTableTimes && !this.options.dryRun) {
        debug('%s: the row lacks the tables’ times', target.name);
        return undefined;
      }
      answers.set(dataSource, {
        models: stored.models ?? [],
        warnings: stored.warnings,
        // Whole milliseconds, as every duration of the report.
        durationMs: Math.round(performance.now() - sentAt),
      });
    }
    debug("answered from the app's sources: the repositories are not resolved");
    return answers;
  }

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
