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
 * Nothing was changed.
 */
export class DataLossError extends SchemaMigrationError {
  constructor(
    message: string,
    /** The destructive statements, in plan order. */
    readonly statements: PlannedStatement[],
    /** The plan of every datasource (status `planned`): nothing was applied. */
    readonly report?: SchemaMigrationReport,
  ) {
    super(message, 'MIGRATION_DATA_LOSS');
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

/** Options that contradict each other or have the wrong type. */
export class InvalidMigrationOptionsError extends SchemaMigrationError {
  constructor(message: string) {
    super(message, 'MIGRATION_INVALID_OPTIONS');
  }
}

/** Another process held the migration lock past the timeout. */
export class MigrationLockTimeoutError extends SchemaMigrationError {
  constructor(message: string) {
    super(message, 'MIGRATION_LOCK_TIMEOUT');
  }
}

/**
 * The database rejected a statement (or a connector failed) while migrating
 * a datasource. The message names the datasource, the model and the
 * database's own message; `report` holds what was done up to then.
 */
export class MigrationFailedError extends SchemaMigrationError {
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
    super(message, 'MIGRATION_FAILED', {cause: options.cause});
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
