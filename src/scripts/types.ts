import type {Context, ValueOrPromise} from '@loopback/core';
import type {juggler, Transaction} from '@loopback/repository';

/**
 * What a migration script's `up()` and `down()` receive.
 *
 * On PostgreSQL, `transaction` is the juggler transaction the script and its
 * ledger row commit in; pass it to repositories
 * (`repo.create(data, {transaction: ctx.transaction})`) to take part in it.
 * `execute()` always uses it. On MySQL / MariaDB there is none (`undefined`).
 */
export interface MigrationContext {
  /**
   * The application (a LoopBack context): resolve repositories or services
   * from it, e.g. `await ctx.app.get('repositories.TodoRepository')`.
   */
  readonly app: Context;
  /** The datasource the script migrates (its `dataSource`, as bound). */
  readonly dataSource: juggler.DataSource;
  /** The datasource's name as bound: `db` for `datasources.db`. */
  readonly dataSourceName: string;
  /**
   * The transaction of this script and its ledger row (PostgreSQL only, and
   * not for a script with `transaction = false`).
   */
  readonly transaction?: Transaction;
  /** `'up'` while applying, `'down'` while reverting. */
  readonly direction: 'up' | 'down';
  /**
   * Run SQL on the datasource, in `transaction` when there is one. Parameters
   * use the database's placeholders: `$1` on PostgreSQL, `?` on MySQL.
   * Resolves to what the connector returns (the rows, for a query).
   */
  execute<T = unknown>(sql: string, params?: readonly unknown[]): Promise<T>;
}

/** When a migration script runs, relative to the schema sync. */
export type MigrationScriptPhase = 'before-schema' | 'after-schema';

/**
 * A versioned migration script: moves data (or anything the schema sync
 * cannot do) once per database. Register it with `app.migrationScript()` or
 * put it in `migrations/*.migration.js` (found by the booter).
 *
 * @example
 * ```ts
 * @migrationScript()
 * export class SeedDefaultLists implements MigrationScript {
 *   version = '1.1.0';
 *   description = 'Create the Inbox list';
 *   async up(ctx: MigrationContext) {
 *     await ctx.execute("INSERT INTO todolist (title) VALUES ('Inbox')");
 *   }
 *   async down(ctx: MigrationContext) {
 *     await ctx.execute("DELETE FROM todolist WHERE title = 'Inbox'");
 *   }
 * }
 * ```
 */
export interface MigrationScript {
  /**
   * Unique among the app's scripts. Semver versions (`1.10.0`) are ordered as
   * semver, any other strings lexicographically; semver versions come first.
   */
  readonly version: string;
  /** What the script does, in words (shown in the status and the ledger). */
  readonly description?: string;
  /**
   * The datasource name as bound. Optional when the app has exactly one
   * PostgreSQL or MySQL datasource.
   */
  readonly dataSource?: string;
  /**
   * When `migrateSchema()` runs it: `'after-schema'` (after the schema sync)
   * or `'before-schema'` (before it; the sync is then planned against the
   * database as the script left it — for a back-fill that makes a schema
   * change possible, shipped in the same release). Typed as any string too,
   * so that a class field `runs = 'before-schema'` (which TypeScript widens
   * to `string`) compiles without `as const`; any other value makes the
   * script an `InvalidMigrationScriptError`.
   * @default 'after-schema'
   */
  readonly runs?: MigrationScriptPhase | (string & NonNullable<unknown>);
  /**
   * The longest this script's `up()` or `down()` may run, in ms, before it
   * is stopped (rolled back on PostgreSQL); overrides the run's
   * `scriptTimeoutMs`.
   * @default the run's scriptTimeoutMs (10 minutes)
   */
  readonly timeoutMs?: number;
  /**
   * An initial script (`migrate --generate NAME --initial`): the whole
   * schema of the models. On a database that already has a table of its
   * datasource's models (made by an earlier schema sync), `migrateSchema()`
   * records it as applied without running it (`baselined`); on a database
   * without any, it runs.
   * @default false
   */
  readonly initial?: boolean;
  /**
   * The initial script of its datasource makes what this script changes (a
   * `before-schema` rename written before generated migrations were
   * adopted, for the tables the schema sync had made then): where that
   * initial script runs first (a new database, the shadow database of
   * `--generate`), this script is recorded as applied without running
   * (`baselined`); elsewhere it runs as any script. Covers only a script of
   * a lower version than the initial script's. Not part of the checksum:
   * adding it changes nothing where the script is applied.
   * @default false
   */
  readonly coveredByInitial?: boolean;
  /**
   * `false` runs `up()` and `down()` outside a transaction on PostgreSQL
   * (`ctx.transaction` is `undefined`, each statement commits on its own,
   * the ledger row is written after the script succeeded, and a failure or
   * time-out keeps what already ran), for statements PostgreSQL refuses
   * inside one (`CREATE INDEX CONCURRENTLY`). MySQL / MariaDB never run
   * scripts in a transaction.
   * @default true
   */
  readonly transaction?: boolean;
  /**
   * Why the script cannot be reverted, when it cannot (`migrate --generate`
   * writes it for a change with no exact inverse, a dropped column): like a
   * script without `down()`, a revert that would need it stops before it
   * reverts anything, and its message says this reason.
   */
  readonly irreversible?: string;
  /** Apply the script. */
  up(ctx: MigrationContext): ValueOrPromise<unknown>;
  /** Undo `up()`; without it the script cannot be reverted. */
  down?(ctx: MigrationContext): ValueOrPromise<unknown>;
}

/** Where a script stands on its datasource, as `migrationStatus()` tells. */
export type MigrationScriptState =
  /** In the ledger, with the same code. */
  | 'applied'
  /** Not in the ledger: the next `migrateSchema()` runs it. */
  | 'pending'
  /** In the ledger, but its `up`/`down` code changed since it was applied. */
  | 'changed'
  /** In the ledger, but no registered script has its version any more. */
  | 'missing'
  /**
   * Its datasource cannot run scripts: bound with another connector than
   * PostgreSQL or MySQL, e.g. memory in tests (see `reason`). Never recorded.
   */
  | 'skipped';

/** One script (or ledger row) in the answer of `migrationStatus()`. */
export interface MigrationScriptStatus {
  readonly version: string;
  readonly description?: string;
  /** The datasource name as bound. */
  readonly dataSource: string;
  /** The script's class name (for `missing`: the name recorded in the ledger). */
  readonly name: string;
  readonly status: MigrationScriptState;
  /** Why it is skipped, in words (only when skipped). */
  readonly reason?: string;
  /** When it was applied (absent when pending). */
  readonly appliedAt?: Date;
  /** How long its `up()` took, in ms (absent when pending). */
  readonly durationMs?: number;
  /** The checksum of the code (absent when missing). */
  readonly checksum?: string;
  /** The checksum recorded in the ledger (absent when pending). */
  readonly appliedChecksum?: string;
  /** `true` for a pending script with a lower version than an applied one. */
  readonly outOfOrder: boolean;
  /** Whether it has a `down()` (a missing script cannot be reverted). */
  readonly reversible: boolean;
}

/** What happened to one script in a run. */
export type MigrationScriptRunStatus =
  /** `up()` ran and the script is recorded in the ledger. */
  | 'applied'
  /** `down()` ran and the script's ledger row is gone. */
  | 'reverted'
  /** A dry run: `up()` would run. */
  | 'pending'
  /** `up()` or `down()` failed (see `reason`). */
  | 'failed'
  /** Not run: an earlier script failed (see `reason`). */
  | 'skipped'
  /**
   * Recorded in the ledger as applied without running: by
   * `baselineMigrations()`, or because loopback4-migration applied it (see
   * `reason`). In a dry run: would be recorded.
   */
  | 'baselined';

/** One script of a run, in the report's `scripts`. */
export interface MigrationScriptResult {
  readonly version: string;
  readonly description?: string;
  /** The datasource name as bound. */
  readonly dataSource: string;
  /** The script's class name. */
  readonly name: string;
  readonly status: MigrationScriptRunStatus;
  /** Why it failed or was skipped, in words. */
  readonly reason?: string;
  /** `true` when it runs after a script with a higher version. */
  readonly outOfOrder: boolean;
  /** Things the user should know, e.g. that it ran out of order. */
  readonly warnings: string[];
  readonly durationMs: number;
}

/**
 * Options of `revertMigrations()`. Give at most one of `steps` and `to`;
 * without either, one script is reverted.
 *
 * @example
 * ```ts
 * await app.revertMigrations({to: '1.1.0'}); // 1.1.0 stays applied
 * ```
 */
export interface RevertMigrationsOptions {
  /**
   * How many applied scripts to revert, highest version first.
   * @default 1
   */
  readonly steps?: number;
  /**
   * Revert every applied script with a higher version than this one, which
   * stays applied. It must be an applied version, or the version of a
   * generated file: its later parts (`<to>+02`, `<to>+online`) and its
   * classes for several datasources (`<to>-<datasource>`) stay applied too.
   */
  readonly to?: string;
  /**
   * Revert scripts whose code changed since they were applied (their current
   * `down()` runs) instead of refusing with `MigrationChecksumError`.
   * @default false
   */
  readonly acceptChecksumChanges?: boolean;
  /**
   * Let a `down()` drop a table holding rows or a column holding values
   * (the statements it runs with `ctx.execute()` are judged: all before any
   * runs for a `down()` of fixed statements, as generated; else each before
   * it runs),
   * and revert an initial script (`initial = true`), whose `down()` drops
   * every table of its models with their rows, instead of refusing with
   * `DataLossError`.
   * @default false
   */
  readonly acceptDataLoss?: boolean;
  /**
   * How long to wait for another process's migration lock, in ms.
   * @default 60000 (`DEFAULT_LOCK_TIMEOUT_MS`)
   */
  readonly lockTimeoutMs?: number;
}

/**
 * Options of `baselineMigrations()`: which scripts to record as applied
 * without running them.
 *
 * @example
 * ```ts
 * await app.baselineMigrations({to: '1.4.0'}); // 1.4.0 and every lower version
 * ```
 */
export interface BaselineMigrationsOptions {
  /**
   * The highest version to record; it must be the version of a registered
   * script. Without it, every registered script is recorded.
   */
  readonly to?: string;
  /**
   * Only the scripts of these datasources (names as bound); all by default.
   */
  readonly dataSources?: string[];
  /**
   * How long to wait for another process's migration lock, in ms.
   * @default 60000 (`DEFAULT_LOCK_TIMEOUT_MS`)
   */
  readonly lockTimeoutMs?: number;
}
