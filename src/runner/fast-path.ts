/**
 * The fingerprint fast path: a start-up on a schema nothing changed since
 * the last successful run costs one query per datasource.
 *
 * After every successful run of a datasource a row of the state table
 * records the fingerprint of what the plan depends on: the SHA-256 of the
 * models as the connector sees them, the datasource's settings and the
 * package and connector versions (`fingerprintInput`, `modelFingerprint`),
 * and the server's digest of the catalog of the models' schemas, once a
 * full plan verified it up to date (a run that changed the schema records
 * a digest no catalog has: the next run plans in full once). The next run reads the server's digest now and the row
 * in one query (sent before the models are even known:
 * `fast-path-prefetch.ts`); when both halves match it reports the datasource
 * `up-to-date` without taking the lock or planning. Reading needs no lock:
 * when both match there is nothing to do, and a change by another process
 * changes the digest (PostgreSQL commits it with the plan's transaction).
 */
import path from 'node:path';
import {errorMessage} from '../database-error';
import {debugLogger} from '../debug';
import type {Dialect} from '../dialects/contract';
import {
  loadedBaseConnectorVersion,
  packageVersion,
} from '../discovery/connector-version';
import type {JugglerConnector, JugglerDataSource} from '../juggler';
import type {ResolvedMigrationOptions} from '../options';
import {
  modelFingerprint,
  sha256Of,
  sourcesFingerprint,
  type FingerprintVersions,
} from '../planner/fingerprint';
import type {TableRef} from '../dialects/dialect';
import {
  SCHEMA_STATE_TABLE,
  UNVERIFIED_DIGEST,
  type SchemaStateDriver,
  type SchemaStateRead,
  type SchemaStateScope,
} from './schema-state-driver';
import {orderByForeignKeys} from '../planner/model-order';
import {unchangedRecord} from './unchanged-record';
import {writeRow} from './write-row';

const debug = debugLogger('fingerprint');

/** This package's version, part of every fingerprint. */
const PACKAGE_VERSION = packageVersion(__filename, 'loopback-schema-migration');

/**
 * The versions of `@loopback/repository` (its juggler bridge turns the
 * app's LoopBack models into juggler models) and of the
 * loopback-datasource-juggler its repositories use (it turns those into
 * definitions), part of a sources fingerprint; looked up once.
 */
function bridgeVersions(): Pick<FingerprintVersions, 'juggler' | 'repository'> {
  if (!bridgeVersionsFound) {
    const repository = require.resolve('@loopback/repository');
    bridgeVersionsFound = {
      repository: packageVersion(repository, '@loopback/repository'),
      juggler: packageVersion(
        require.resolve('loopback-datasource-juggler', {
          paths: [path.dirname(repository)],
        }),
        'loopback-datasource-juggler',
      ),
    };
  }
  return bridgeVersionsFound;
}

let bridgeVersionsFound:
  Pick<FingerprintVersions, 'juggler' | 'repository'> | undefined;

/** The versions a fingerprint of a datasource's models depends on. */
function versionsOf(
  dialect: Dialect,
  connector: JugglerConnector,
  connectorVersion: string | undefined,
): FingerprintVersions {
  return {
    package: PACKAGE_VERSION,
    connector: {name: dialect.tested.packageName, version: connectorVersion},
    loopbackConnector: loadedBaseConnectorVersion(connector),
  };
}

/**
 * The fingerprint of a datasource's sources (`sourcesFingerprint()`), with
 * the versions of this package, the connector, `@loopback/repository` and
 * juggler.
 */
export function datasourceSourcesFingerprint(
  sources: string,
  dataSource: JugglerDataSource,
  connector: JugglerConnector,
  dialect: Dialect,
  connectorVersion: string | undefined,
): string {
  return sourcesFingerprint(sources, {
    dialect,
    dataSourceSettings: dataSource.settings,
    versions: {
      ...versionsOf(dialect, connector, connectorVersion),
      ...bridgeVersions(),
    },
  });
}

/** One datasource's fingerprint, computed before its plan. */
export interface Fingerprint {
  /** `true` when the recorded fingerprint matches: nothing to plan. */
  readonly upToDate: boolean;
  /** The warnings recorded with the matching fingerprint. */
  readonly warnings: readonly string[];
  /**
   * Start computing the models' half of the fingerprint, when it is not
   * yet (it was not needed to compare: nothing was recorded, or nothing
   * read), so that it is computed beside what runs next: the plan's
   * statements. {@link record} waits for it.
   */
  precompute(): void;
  /**
   * Record the fingerprint after a successful run. `verified`: a full plan
   * found nothing to do; the server's digest is then recorded only if it is
   * still the one read before the plan (else the plan may not have seen the
   * catalog as it is, and the next run plans in full). Otherwise the run
   * changed the schema: {@link UNVERIFIED_DIGEST} is recorded, and the next
   * run plans in full once, verifying what this one left. Resolves to a
   * warning when the row could not be written (the run itself succeeded;
   * the next one plans in full).
   */
  record(
    warnings: readonly string[],
    verified: boolean,
  ): Promise<string | undefined>;
}

/** What computing a datasource's fingerprint needs. */
export interface FingerprintSubject {
  readonly name: string;
  readonly dataSource: JugglerDataSource;
  readonly connector: JugglerConnector;
  readonly dialect: Dialect;
  readonly models: readonly string[];
  readonly connectorVersion: string | undefined;
  /** What the app's table ownership is read from (`AppTables.ownership`). */
  readonly ownership: readonly string[];
  /** The app's sources (`DataSourceTarget.sources`), when they account for the models. */
  readonly sources?: string;
}

/** The scripts' ledger table (`[name]` or `[schema, name]`). */
type LedgerTable = readonly [string] | readonly [string, string];

/** A scope with the models' tables. */
type ModelsScope = SchemaStateScope & {readonly tables: readonly TableRef[]};

/**
 * Compare a datasource's fingerprint with the recorded one, unless
 * `fullCheck` is set or the run rebuilds, in one query: `prefetched` when
 * it was sent before the models were known, else sent now (and answered
 * while the fingerprint is computed). The models' half is computed only
 * when there is a recorded one to compare it with, else beside the plan's
 * reads (nothing read) or its statements (nothing recorded: `precompute()`).
 *
 * A full check compares nothing, but one that may record (not a dry run)
 * reads the same way before it plans (`prefetched` mostly answers it): a
 * plan that finds nothing to do records the digest read then, only if the
 * catalog still has it, never one a change made meanwhile left; and when
 * the row read already holds what it would write, it is left as it is
 * (see `unchangedRecord`).
 */
export async function checkFingerprint(
  subject: FingerprintSubject,
  ledgerTable: LedgerTable,
  options: Pick<
    ResolvedMigrationOptions,
    'operation' | 'models' | 'fullCheck' | 'dryRun'
  >,
  prefetched?: Promise<SchemaStateRead | undefined>,
): Promise<Fingerprint> {
  const {connector, dialect, models, ownership} = subject;
  const tables = new Map(models.map(m => [m, dialect.tableOf(connector, m)]));
  const scope = schemaStateScope(
    subject,
    [...tables.values()],
    ledgerTable,
    options.models !== undefined,
  );
  const store = dialect.schemaState;
  const autoupdate = options.operation === 'autoupdate';
  // A state table the user may not read (another user made it) makes the
  // run plan in full, as without one, and say what to grant.
  let denied: string | undefined;
  // A full check that may record reads too: the digest its plan starts
  // from is the one it may record as verified (see `record()`).
  const reading =
    autoupdate && !(options.fullCheck && options.dryRun)
      ? readState(store, subject, scope, prefetched, !options.dryRun).catch(
          err => {
            if (!store.accessDenied(err)) throw err;
            denied = errorMessage(err);
            return undefined;
          },
        )
      : undefined;
  let computing: Promise<string> | undefined;
  const fingerprint = (): Promise<string> => {
    computing ??= modelFingerprint({
      connector,
      dialect,
      dataSourceSettings: subject.dataSource.settings,
      models,
      ownership,
      versions: versionsOf(dialect, connector, subject.connectorVersion),
      tables,
    });
    // Awaited where it is needed (by the comparison or by record()).
    computing.catch(() => undefined);
    return computing;
  };
  // A read sent now is answered while the fingerprint is computed; a
  // prefetched one mostly has been, and may find nothing to compare with.
  // Without one, the plan's reads are answered while it is computed.
  if (!reading || !prefetched || options.fullCheck) void fingerprint();
  const read = await reading;
  // A full check compares nothing: it plans in full.
  const stored = options.fullCheck ? undefined : read?.stored;
  const computed = stored ? await fingerprint() : undefined;
  const upToDate =
    stored !== undefined &&
    stored.modelFingerprint === computed &&
    stored.catalogDigest === read?.catalogDigest;
  const sources = subject.sources && {
    sourcesFingerprint: datasourceSourcesFingerprint(
      subject.sources,
      subject.dataSource,
      connector,
      dialect,
      subject.connectorVersion,
    ),
    models: orderByForeignKeys(models, connector._models ?? {}),
  };
  debug(
    '%s: %s',
    subject.name,
    upToDate
      ? 'fingerprint matches: up to date without planning'
      : options.fullCheck
        ? 'a full check: planned in full'
        : !read
          ? 'no fingerprint read'
          : !stored
            ? 'no fingerprint recorded'
            : stored.modelFingerprint !== computed
              ? 'the models, settings or versions changed since the last run'
              : 'the catalog changed since the last run',
  );
  // Up to date, but recorded from other sources (a repository's code
  // changed, or an earlier version recorded it), or without the cheaper
  // digest the server has now (`unrecordedTableTimes`): the row learns
  // them, so that the next run answers without the repositories or without
  // reading the whole catalog. A dry run writes nothing.
  const relearn =
    upToDate &&
    !options.dryRun &&
    ((sources && stored.sourcesFingerprint !== sources.sourcesFingerprint) ||
      read?.unrecordedTableTimes === true);
  const unrecorded = relearn
    ? await writeRow(
        store,
        connector,
        scope,
        {...stored, ...sources, catalogDigest: read?.catalogDigest},
        undefined,
        'the next start checks the schema as this one did',
      )
    : undefined;
  return {
    upToDate,
    warnings: [
      ...((upToDate && stored?.warnings) || []),
      ...(unrecorded ? [unrecorded] : []),
    ],
    precompute: () => void fingerprint(),
    async record(warnings, verified) {
      // A failure to compute it is the run's, as when it was compared.
      const recorded = {
        modelFingerprint: await fingerprint(),
        warnings,
        ...sources,
      };
      if (verified && unchangedRecord(store, scope, recorded, read)) {
        return undefined;
      }
      if (denied !== undefined) {
        return (
          `the schema fingerprint could not be read from ${scope.stateTable.join('.')} ` +
          `(${denied}): every run checks the schema in full; grant the ` +
          "datasource's user SELECT, INSERT and UPDATE on that table"
        );
      }
      // A read that found the table spares creating it; one that found
      // none, or none usable, asks for an upgrade too.
      const create =
        read && !read.tableMissing
          ? undefined
          : {upgrade: reading !== undefined};
      return writeRow(
        store,
        connector,
        scope,
        {
          ...recorded,
          // Verified: the digest read before the plan (alone where there
          // was no state table yet), recorded only if the catalog still
          // has it. Without one (a rebuild), no digest is known to be the
          // one the plan saw: the next run plans in full once.
          catalogDigest:
            verified && read ? read.catalogDigest : UNVERIFIED_DIGEST,
        },
        create,
      );
    },
  };
}

/**
 * The fast path's read: `prefetched`, unless its digest does not cover the
 * models' tables (it covers those of the recorded row: another row's, or
 * none), else one sent now. Where there is no usable state table, a run
 * that may record (`recording`) reads the digest alone: the one its plan
 * starts from, which its record verifies, so that the next run can answer
 * from it (else the first run on a database could record no verified
 * digest, and the second would plan in full again).
 */
async function readState(
  store: SchemaStateDriver,
  {connector}: FingerprintSubject,
  scope: ModelsScope,
  prefetched: Promise<SchemaStateRead | undefined> | undefined,
  recording: boolean,
): Promise<SchemaStateRead | undefined> {
  const read = await (prefetched ?? store.read(connector, scope));
  if (read) {
    return read.coverage !== store.coverageOf(scope.tables)
      ? store.read(connector, scope)
      : read;
  }
  if (!recording) return undefined;
  return {
    catalogDigest: await store.digest(connector, scope),
    coverage: store.coverageOf(scope.tables),
    tableMissing: true,
  };
}

/** The state table beside the scripts' ledger, in its schema if it has one. */
export function stateTableBeside(
  ledgerTable: LedgerTable,
): SchemaStateScope['stateTable'] {
  return ledgerTable.length === 2
    ? [ledgerTable[0], SCHEMA_STATE_TABLE]
    : [SCHEMA_STATE_TABLE];
}

/**
 * The state table beside the ledger, and the row: the datasource's name,
 * with a digest of the selected models when a run selects some (each
 * selection keeps a row of its own; a run over all models keeps one row
 * per datasource).
 */
function schemaStateScope(
  subject: FingerprintSubject,
  tables: readonly TableRef[],
  ledgerTable: LedgerTable,
  selected: boolean,
): ModelsScope {
  return {
    tables,
    stateTable: stateTableBeside(ledgerTable),
    key: selected
      ? `${subject.name}:${sha256Of([...subject.models].sort()).slice(0, 16)}`
      : subject.name,
  };
}
