import {
  databaseErrorFields,
  describeDatabaseFields,
  type DatabaseErrorFields,
} from './database-error';
import type {LockHolder} from './dialects/lock-impact';
import type {PlannedStatement, SchemaMigrationReport} from './types';

/** The base class of every error this package throws; `code` is stable. */
export class SchemaMigrationError extends Error {
  constructor(
    message: string,
    readonly code: string,
    options?: {cause?: unknown},
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * An `alter` run would destroy stored data and `acceptDataLoss` is not set.
 * Nothing was changed, but for the migration scripts with
 * `runs = 'before-schema'` that ran first (they stay applied; the message
 * names them).
 */
export class DataLossError extends SchemaMigrationError {
  constructor(
    message: string,
    /** The destructive statements, in plan order. */
    readonly statements: PlannedStatement[],
    /**
     * The plan of every datasource (status `planned`): no statement was
     * applied; its `scripts` lists the before-schema scripts that ran. For a
     * revert refused part-way, the revert's: its `scripts` lists those
     * reverted before the refused one (they stay reverted), then that one.
     */
    readonly report?: SchemaMigrationReport,
  ) {
    super(message, 'MIGRATION_DATA_LOSS');
  }
}

/**
 * A planned statement would be refused by the database with the data it
 * holds now (NOT NULL over NULLs, a unique index over duplicates, a foreign
 * key over orphan rows, ...). Nothing was changed, with or without
 * `acceptDataLoss`, but for the migration scripts with
 * `runs = 'before-schema'` that ran first (they stay applied; the message
 * names them).
 */
export class MigrationWillFailError extends SchemaMigrationError {
  constructor(
    message: string,
    /** The statements the database would refuse (with `willFail`), in plan order. */
    readonly statements: PlannedStatement[],
    /**
     * The plan of every datasource (status `planned`): no statement was
     * applied; its `scripts` lists the before-schema scripts that ran.
     */
    readonly report: SchemaMigrationReport,
  ) {
    super(message, 'MIGRATION_WILL_FAIL');
  }
}

/** `models` names a model that no (selected) datasource has. */
export class UnknownModelError extends SchemaMigrationError {
  constructor(
    message: string,
    readonly models: string[],
  ) {
    super(message, 'MIGRATION_UNKNOWN_MODEL');
  }
}

/** `dataSources` names a datasource that is not bound. */
export class UnknownDataSourceError extends SchemaMigrationError {
  constructor(
    message: string,
    readonly dataSources: string[],
  ) {
    super(message, 'MIGRATION_UNKNOWN_DATASOURCE');
  }
}

/**
 * A model the database cannot take as declared (a name longer than the
 * database allows, a foreign key naming no property...); found before any
 * change. The message says which model, what, and how to fix it.
 */
export class InvalidModelError extends SchemaMigrationError {
  constructor(
    message: string,
    readonly model: string,
  ) {
    super(message, 'MIGRATION_INVALID_MODEL');
  }
}

/** Options that contradict each other or have the wrong type. */
export class InvalidMigrationOptionsError extends SchemaMigrationError {
  constructor(message: string) {
    super(message, 'MIGRATION_INVALID_OPTIONS');
  }
}

/**
 * `SchemaMigrationMixin` is wrapped by `RepositoryMixin`
 * (`RepositoryMixin(SchemaMigrationMixin(...))`): LoopBack's own
 * `migrateSchema()` would run instead of this package's, unguarded. Thrown
 * when the app is constructed, before anything can migrate; and by
 * `runMigrationCli` when the app's class is not wrapped in
 * `SchemaMigrationMixin` at all. The message says both ways to apply it.
 */
export class MixinOrderError extends SchemaMigrationError {
  constructor(message: string) {
    super(message, 'MIGRATION_MIXIN_ORDER');
  }
}

/** Another process held the migration lock past the timeout. */
export class MigrationLockTimeoutError extends SchemaMigrationError {
  constructor(message: string) {
    super(message, 'MIGRATION_LOCK_TIMEOUT');
  }
}

/**
 * A failure that may come from the database: its own fields (see
 * {@link DatabaseErrorFields}) are in the message and in `database`, and the
 * ones that do not clash with `code` are properties too.
 */
export abstract class DatabaseFailureError extends SchemaMigrationError {
  /** The database's own fields of the cause, when it came from a database. */
  readonly database?: DatabaseErrorFields;
  /** PostgreSQL's `detail` (e.g. `Key (status)=(new) is duplicated.`). */
  readonly detail?: string;
  /** PostgreSQL's `hint`. */
  readonly hint?: string;
  /** The constraint the database named. */
  readonly constraint?: string;
  /** MySQL's error number (e.g. 1062). */
  readonly errno?: number;
  /** MySQL's own message. */
  readonly sqlMessage?: string;

  constructor(message: string, code: string, cause: unknown) {
    const database = databaseErrorFields(cause);
    super(message + describeDatabaseFields(database), code, {cause});
    if (!database) return;
    this.database = database;
    this.detail = database.detail;
    this.hint = database.hint;
    this.constraint = database.constraint;
    this.errno = database.errno;
    this.sqlMessage = database.sqlMessage;
  }
}

/**
 * A table stayed locked by other sessions past every retry: each attempt
 * waited at most `statementLockTimeoutMs` for its lock, then backed off,
 * until the run's `lockTimeoutMs` was spent. The message names the table
 * and the sessions holding it (id, application, how long, their query) and
 * what was applied before (nothing, on PostgreSQL), and the database's own
 * fields of the last lock wait's error (PostgreSQL `55P03`, MySQL 1205).
 */
export class MigrationTableBusyError extends DatabaseFailureError {
  constructor(
    message: string,
    /** The tables waited for, as `"schema"."table"` or `"table"`. */
    readonly tables: string[],
    /** The sessions found holding a lock on them when the run gave up. */
    readonly holders: LockHolder[],
    /** How many times the statement (transaction) was tried. */
    readonly attempts: number,
    options: {
      cause?: unknown;
      dataSource?: string;
      report?: SchemaMigrationReport;
      applied?: PlannedStatement[];
    } = {},
  ) {
    super(message, 'MIGRATION_TABLE_BUSY', options.cause);
    this.dataSource = options.dataSource;
    this.report = options.report;
    this.applied = options.applied ?? [];
  }
  /** The datasource (as bound) whose table stayed busy, once the run knows it. */
  readonly dataSource?: string;
  /** What the run did up to then (the statements of `applied` stay applied). */
  readonly report?: SchemaMigrationReport;
  /**
   * The statements of the datasource that were applied before it gave up
   * and stay applied (MySQL/MariaDB commit each DDL statement, an online
   * phase commits on its own; a PostgreSQL transaction rolls back whole).
   */
  readonly applied: PlannedStatement[];
}

/**
 * The migration scripts' ledger table of a datasource could not be found,
 * created or read (no right to create it, a table of that name that is not
 * a ledger, a lost connection): nothing of the scripts ran.
 */
export class MigrationLedgerError extends DatabaseFailureError {
  constructor(
    message: string,
    readonly dataSource: string,
    cause: unknown,
  ) {
    super(message, 'MIGRATION_LEDGER_FAILED', cause);
  }
}

/**
 * The database rejected a statement (or a connector failed) while migrating
 * a datasource. The message names the datasource, the model, the
 * database's own message and fields; `report` holds what was done up to then.
 */
export class MigrationFailedError extends DatabaseFailureError {
  constructor(
    message: string,
    readonly dataSource: string,
    readonly report: SchemaMigrationReport,
    options: {
      cause?: unknown;
      model?: string;
      sql?: string;
      applied?: PlannedStatement[];
    } = {},
  ) {
    super(message, 'MIGRATION_FAILED', options.cause);
    this.model = options.model;
    this.sql = options.sql;
    this.applied = options.applied ?? [];
  }
  /** The model whose statement failed, when known. */
  readonly model?: string;
  /** The failing SQL statement, when the failure was a statement. */
  readonly sql?: string;
  /** Statements that were applied and stayed applied (not rolled back). */
  readonly applied: PlannedStatement[];
}

/**
 * The migration lock's database session ended during the run (an operator
 * ended it, an idle timeout, a proxy): another process may be migrating the
 * database now. The run stopped before its next change; the message names
 * the datasource and the database, says what was applied before the loss
 * (it stays applied) and that re-running is safe. `cause` is why the lock
 * is known lost (the lock connection's error, when there was one).
 */
export class MigrationLockLostError extends DatabaseFailureError {
  constructor(
    message: string,
    /** The datasource (as bound) whose lock was lost. */
    readonly dataSource: string,
    /** What the run did up to the loss. */
    readonly report: SchemaMigrationReport,
    options: {cause?: unknown} = {},
  ) {
    super(message, 'MIGRATION_LOCK_LOST', options.cause);
  }
}

/**
 * A migration script is unusable: no `up()`, no version, a version another
 * script has, or a datasource that is not bound (or cannot keep a ledger).
 * Raised when the script is registered, or when a run loads the scripts,
 * before anything changes.
 */
export class InvalidMigrationScriptError extends SchemaMigrationError {
  constructor(message: string, options?: {cause?: unknown}) {
    super(message, 'MIGRATION_INVALID_SCRIPT', options);
  }
}

/**
 * A migration script's `up()` or `down()` failed (or its ledger row could not
 * be written). The run stopped there; the message names the script, the
 * datasource and the cause, and says what was kept.
 */
export class MigrationScriptError extends DatabaseFailureError {
  /** The failing script's version. */
  readonly version: string;
  /** The datasource name as bound. */
  readonly dataSource: string;
  /** `'up'` or `'down'`. */
  readonly direction: 'up' | 'down';
  /** `true` when the script's transaction was rolled back (PostgreSQL). */
  readonly rolledBack: boolean;
  /** What was done up to then, the failed script included. */
  readonly report: SchemaMigrationReport;

  constructor(message: string, details: MigrationScriptFailure) {
    super(message, 'MIGRATION_SCRIPT_FAILED', details.cause);
    this.version = details.version;
    this.dataSource = details.dataSource;
    this.direction = details.direction;
    this.rolledBack = details.rolledBack;
    this.report = details.report;
  }
}

/** What a {@link MigrationScriptError} says of the failure. */
export interface MigrationScriptFailure {
  readonly version: string;
  readonly dataSource: string;
  readonly direction: 'up' | 'down';
  readonly rolledBack: boolean;
  readonly report: SchemaMigrationReport;
  /** The error of the script or of the database. */
  readonly cause?: unknown;
}

/** An applied script whose code is no longer the code that was applied. */
export interface ChangedMigrationScript {
  readonly version: string;
  readonly dataSource: string;
  readonly name: string;
  /** The checksum recorded in the ledger when it was applied. */
  readonly appliedChecksum: string;
  /** The checksum of the code now. */
  readonly checksum: string;
}

/**
 * The code of an applied script changed and `acceptChecksumChanges` is not
 * set. No script was run.
 */
export class MigrationChecksumError extends SchemaMigrationError {
  constructor(
    message: string,
    readonly changed: ChangedMigrationScript[],
    /** What was done before the check (the schema sync of `migrateSchema()`). */
    readonly report?: SchemaMigrationReport,
  ) {
    super(message, 'MIGRATION_CHECKSUM_MISMATCH');
  }
}

/**
 * A revert would need a script that has no `down()` (or is no longer in the
 * code). Nothing was reverted.
 */
export class IrreversibleMigrationError extends SchemaMigrationError {
  constructor(
    message: string,
    /** The versions that cannot be reverted. */
    readonly versions: string[],
  ) {
    super(message, 'MIGRATION_IRREVERSIBLE');
  }
}

/**
 * `schemaSource: 'scripts'`: after the migration scripts, the database still
 * differs from the models — a model change no script covers, or a change
 * made to the database by hand. `statements` lists every difference, as the
 * statement that would remove it. The scripts that ran stay applied.
 */
export class SchemaDriftError extends SchemaMigrationError {
  constructor(
    message: string,
    /** Every difference, as the planned statement that would remove it. */
    readonly statements: PlannedStatement[],
    /** The run's report: scripts applied, and the plan of every datasource. */
    readonly report: SchemaMigrationReport,
  ) {
    super(message, 'MIGRATION_SCHEMA_DRIFT');
  }
}

/**
 * `migrate --generate` could not create (or drop) its temporary shadow
 * database on the server, e.g. for lack of the CREATE DATABASE privilege;
 * or a planned statement (`plan`) or a migration script (`cause`, a
 * `MigrationScriptError`) failed on it. No database of the app was changed.
 * The database's own fields of the cause are in the message and properties.
 */
export class ShadowDatabaseError extends DatabaseFailureError {
  constructor(
    message: string,
    cause: unknown,
    /**
     * When a planned statement (or its inverse) failed on the shadow
     * database: the plan of the models against what the scripts made there,
     * whose statements the models need beyond the scripts.
     */
    readonly plan?: SchemaMigrationReport,
  ) {
    super(message, 'MIGRATION_SHADOW_DATABASE', cause);
  }
}
