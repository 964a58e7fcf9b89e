import type {MigrationScriptResult} from './scripts/types';

/**
 * What `migrateSchema()` does with tables that already exist.
 *
 * - `'alter'`: autoupdate — change existing tables to match the models.
 * - `'drop'`: automigrate — drop the models' tables and create them again
 *   (stored data is lost).
 */
export type ExistingSchema = 'drop' | 'alter';

/** What changes the schema: the models (the schema sync) or migration scripts only. */
export type SchemaSource = 'models' | 'scripts';

/** What a drift found under `schemaSource: 'scripts'` is: an error or a warning. */
export type SchemaDriftHandling = 'error' | 'warn';

/** The juggler operation a migration runs. */
export type MigrationOperation = 'autoupdate' | 'automigrate';

/**
 * Options of {@link SchemaMigrationMixin | migrateSchema()}: a superset of the
 * `SchemaMigrationOptions` of `@loopback/repository`.
 *
 * @example
 * ```ts
 * await app.migrateSchema({existingSchema: 'drop', models: ['Todo']});
 * ```
 */
export interface SchemaMigrationOptions {
  /**
   * `'alter'` runs autoupdate, `'drop'` runs automigrate (data is lost).
   * @default 'alter'
   */
  readonly existingSchema?: ExistingSchema;
  /**
   * The spelling of LoopBack's migration guide: `true` means
   * `existingSchema: 'drop'`. Contradicting `existingSchema: 'alter'` is an
   * {@link InvalidMigrationOptionsError}.
   * @default false
   */
  readonly rebuild?: boolean;
  /**
   * Model names. Each datasource migrates only the listed models attached to
   * it. A name attached to no datasource is an error raised before anything
   * changes. An empty list migrates nothing.
   * @default all models of every datasource
   */
  readonly models?: string[];
  /**
   * Datasource names as bound (`db` for `datasources.db`). An unknown name is
   * an error raised before anything changes.
   * @default every datasource
   */
  readonly dataSources?: string[];
  /**
   * Plan only: compute every statement, change nothing.
   * @default false
   */
  readonly dryRun?: boolean;
  /**
   * Allow statements that destroy stored data.
   * @default false
   */
  readonly acceptDataLoss?: boolean;
  /**
   * How long a run waits for another process's migration lock on a
   * database before it fails with a `MigrationLockTimeoutError`, in ms.
   * @default 60000 (`DEFAULT_LOCK_TIMEOUT_MS`)
   */
  readonly lockTimeoutMs?: number;
  /**
   * The longest one migration script may run before it is stopped, in ms:
   * its running statement is cancelled and its transaction rolled back on
   * PostgreSQL; on MySQL/MariaDB what it already ran stays. The run then
   * fails with a `MigrationScriptError` and releases the lock. A script's
   * own `timeoutMs` property wins.
   * @default 600000 (`DEFAULT_SCRIPT_TIMEOUT_MS`, 10 minutes)
   */
  readonly scriptTimeoutMs?: number;
  /**
   * When an earlier migration's transaction (MySQL: statement) is still
   * running on the server for a process that died (kill -9 while it was on
   * the server), end it (PostgreSQL `pg_terminate_backend`: its changes roll
   * back; MySQL `KILL`) instead of waiting for it to end, within
   * `lockTimeoutMs`, before planning.
   * @default false
   */
  readonly terminateOrphanedMigrations?: boolean;
  /**
   * Run the pending migration scripts after the schema sync (under the same
   * lock). `false` syncs the schema only. A dry run lists the pending
   * scripts without running them.
   * @default true
   */
  readonly scripts?: boolean;
  /**
   * Accept applied migration scripts whose code changed: record their new
   * checksum instead of failing with `MigrationChecksumError`. The changed
   * scripts do not run again.
   * @default false
   */
  readonly acceptChecksumChanges?: boolean;
  /**
   * Change tables that already exist with online forms, so that the app
   * keeps reading and writing them during the migration (PostgreSQL:
   * `CREATE INDEX CONCURRENTLY` outside the transaction, foreign keys and
   * NOT NULL added `NOT VALID` then validated in transactions of their own;
   * MySQL/MariaDB: `ALGORITHM=INSTANT` or `ALGORITHM=INPLACE, LOCK=NONE`, and
   * a change that has no online form is refused with a
   * `MigrationWillFailError`). New tables are always created in the plain
   * form, in the transaction. The trade-off: a failure in a later online
   * phase leaves the earlier phases applied; the next run completes them
   * (README, "Zero-downtime"). `false` runs every statement in its plain
   * form, in one transaction where the database has transactional DDL.
   * @default true
   */
  readonly online?: boolean;
  /**
   * Called about once a second with what long online work has done so far
   * (PostgreSQL: an index build's phase and share of blocks, from
   * `pg_stat_progress_create_index`), and, while the run waits for an
   * earlier migration's work the database still runs (a run killed
   * mid-apply), when the wait starts and every 10 s. The command line
   * prints it on a terminal. Never called in a dry run.
   */
  readonly onProgress?: (message: string) => void;
  /**
   * Skip the fingerprint fast path and plan every model. Without it, a
   * datasource whose models, settings, package and connector versions and
   * catalog (digested by the server) are those its last successful run
   * recorded is reported `up-to-date` after one query, without planning.
   * @default false
   */
  readonly fullCheck?: boolean;
  /**
   * The longest one DDL statement may wait for a table lock, in ms, before
   * it backs off and retries (within `lockTimeoutMs`, then a
   * `MigrationTableBusyError`): the app's queries never queue behind a
   * waiting migration for longer. MySQL/MariaDB count whole seconds: it is
   * rounded up.
   * @default 500 (`DEFAULT_STATEMENT_LOCK_TIMEOUT_MS`)
   */
  readonly statementLockTimeoutMs?: number;
  /**
   * What changes the schema. `'models'`: the schema sync plans the models
   * against the database and applies the plan. `'scripts'`: only the
   * migration scripts change it (reviewed, committed files, e.g. written by
   * `migrate --generate`); after them the models are planned against the
   * database, and any difference is a `SchemaDriftError` listing every one
   * (or a warning, see `schemaDrift`). A rebuild cannot be combined with it.
   * @default 'models'
   */
  readonly schemaSource?: SchemaSource;
  /**
   * Under `schemaSource: 'scripts'`: `'error'` makes a difference between
   * the models and the database after the scripts a `SchemaDriftError`;
   * `'warn'` lists it in the report's `warnings` (and the datasource's
   * `statements`) and the run succeeds.
   * @default 'error'
   */
  readonly schemaDrift?: SchemaDriftHandling;
  /**
   * Any other key, as LoopBack's options type (`AnyObject`) allows: an
   * overriding `migrateSchema()` may read it. It is passed through and named
   * in the report's `warnings`; a key within two edits of an option above
   * (`dryrun`, `acceptDataloss`) is an `InvalidMigrationOptionsError`.
   */
  readonly [key: string]: unknown;
}

/** What happened to one datasource in a migration run. */
export type DataSourceMigrationStatus =
  'migrated' | 'up-to-date' | 'planned' | 'skipped' | 'failed';

/** One SQL statement of a plan, in execution order. */
export interface PlannedStatement {
  /** The exact SQL text that is (or would be) executed. */
  readonly sql: string;
  /** The model whose table the statement changes, when there is one. */
  readonly model?: string;
  /** `true` when the statement can destroy stored data. */
  readonly destructive: boolean;
  /** Why the statement is there, in words. */
  readonly reason?: string;
  /**
   * The database will refuse it with the current data: what fails, on which
   * rows (a count and a few keys), and how to fix it. A run refuses the
   * whole plan with a `MigrationWillFailError` before anything changes.
   */
  readonly willFail?: string;
  /**
   * How an online plan runs the statement (absent when the plan has no
   * online phase: everything runs as one step, as with `online: false`):
   * `'transaction'`, in the plan's one transaction, which runs first;
   * `'own-transaction'`, after it, in a short transaction of its own
   * (`VALIDATE CONSTRAINT`); `'no-transaction'`, after it, outside any
   * transaction (`CREATE INDEX CONCURRENTLY`).
   */
  readonly phase?: ApplyPhase;
  /**
   * Set when the plan's transaction needs more of the server's lock table
   * than it has (PostgreSQL, thousands of tables at once): the plan then runs
   * in several transactions, one after the other, and this is the 1-based
   * number of the statement's. A failure rolls back its own transaction
   * only; the earlier ones stay committed. Absent when the plan is one
   * transaction (or runs none).
   */
  readonly transaction?: number;
  /**
   * How long the statement ran, in ms: set on the statements of online
   * phases (`own-transaction`, `no-transaction`) once they ran.
   */
  readonly durationMs?: number;
  /**
   * What the statement does to the other sessions using its table: `none`
   * (they go on), `brief` (a short exclusive lock, no table-sized work),
   * `blocks-writes` or `blocks-reads-and-writes` for as long as its
   * table-sized work (a rewrite, a scan, an index build) lasts.
   */
  readonly lock?: LockImpact;
  /** `true` when the database rewrites (copies) every row of the table. */
  readonly rewritesTable?: boolean;
  /** `true` when the database reads every row of the table (a check, an index build). */
  readonly scansTable?: boolean;
  /** The table's rows, from the catalog statistics (an estimate). */
  readonly estimatedRows?: number;
  /** The table's size on disk in bytes, from the catalog statistics (an estimate). */
  readonly estimatedBytes?: number;
}

/** How a statement of an online plan runs: see {@link PlannedStatement.phase}. */
export type ApplyPhase = 'transaction' | 'own-transaction' | 'no-transaction';

/** What a statement's locks do to the other sessions using its table. */
export type LockImpact =
  'none' | 'brief' | 'blocks-writes' | 'blocks-reads-and-writes';

/** The outcome for one datasource. */
export interface DataSourceMigrationResult {
  /** The datasource name as bound, e.g. `db`. */
  readonly name: string;
  /** The connector name, e.g. `postgresql`, `mysql`, `memory`. */
  readonly connector: string;
  readonly status: DataSourceMigrationStatus;
  /** Why the datasource was skipped or failed, in words. */
  readonly reason?: string;
  /** The models migrated (or planned), in execution order. */
  readonly models: string[];
  /** The statements in execution order; empty when up-to-date. */
  readonly statements: PlannedStatement[];
  /** Things the user should know that did not stop the run. */
  readonly warnings: string[];
  /**
   * A dry run only, when migration scripts of this datasource with
   * `runs = 'before-schema'` are pending: how many. Its statements were
   * planned against the database as it is, before them; a real run runs
   * them first and plans after them, so a `willFail` or `destructive`
   * statement here is not a final refusal (a back-fill may resolve it):
   * `--check` exits 3, not 4, for it.
   */
  readonly beforeSchemaScripts?: number;
  readonly durationMs: number;
}

/**
 * What `migrateSchema()`, `planSchemaMigration()` and `revertMigrations()`
 * resolve to. A revert leaves `dataSources` empty (the schema is not synced)
 * and lists the reverted scripts in `scripts`.
 */
export interface SchemaMigrationReport {
  readonly operation: MigrationOperation;
  readonly dryRun: boolean;
  readonly dataSources: DataSourceMigrationResult[];
  /**
   * The migration scripts of the run, in the order they ran (or, in a dry
   * run, would run); empty when none was pending.
   */
  readonly scripts: MigrationScriptResult[];
  /** Things about the whole run the user should know (unread option keys). */
  readonly warnings: string[];
}
