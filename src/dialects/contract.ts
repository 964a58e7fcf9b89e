import type {Transaction} from '@loopback/repository';
import type {DialectCore} from './dialect-core';
import type {AttachedModel, JugglerConnector} from '../juggler';
import type {LossChecks} from '../planner/loss/checks';
import type {CatalogSnapshot} from '../planner/snapshot';
import type {FailureChecks} from '../planner/will-fail/checks';
import type {GuardDriver} from '../runner/guard-driver';
import type {OpenLockSession} from '../runner/lock-session';
import type {
  OnlineForms,
  OnlineInput,
  OnlineSession,
} from '../runner/online-forms';
import type {InverseStatement, ShadowDatabases} from './shadow';
import type {InverseContext} from './previous-definitions';
import type {
  ColumnType,
  DbSession,
  ForeignKeyColumn,
  ForeignKeyRef,
  IndexRef,
  ListedTable,
  PlanCache,
  TableRef,
} from './dialect';
import type {JudgeLockImpact, StatementLockWait} from './lock-impact';
import type {LockTable} from './lock-table';

/** The model a connector's SQL was captured for (see `Dialect.normalize`). */
export interface CapturedFor {
  readonly connector: JugglerConnector;
  readonly model: string;
}

/**
 * What planning and applying a change needs of a dialect: how to read its
 * catalog, how to tidy the statements the connector emits, and how to run
 * them on one connection. Loaded on the first run that plans (see
 * `lazy-dialect.ts`): an up-to-date start never loads it.
 */
export interface DialectPlanning {
  /**
   * How much of the server's lock table a transaction's statements take,
   * and how much there is; absent where each statement commits on its own.
   */
  readonly lockTable?: LockTable;
  /**
   * How an apply marks itself so that a run after a kill -9 finds it still
   * running on the server (see `runner/orphans.ts`): a statement run first
   * in its transaction (transactional DDL), or a prefix of each statement.
   */
  readonly applyTag:
    {readonly firstInTransaction: string} | {readonly statementPrefix: string};
  /** How the data-loss guard reads stored data. */
  readonly loss: LossChecks;
  /** How predicted failures read stored data and the catalog. */
  readonly failures: FailureChecks;
  /** Open the migration lock's dedicated session (see `runner/lock.ts`). */
  readonly openLockSession: OpenLockSession;
  /** How writes are kept from a change judged to lose nothing (see `PlanGuard`). */
  readonly guards: GuardDriver;
  /**
   * The columns named `names` of every table of `schemas`, with their types
   * (from `cache` where a plan's catalog snapshot already holds them).
   */
  columnTypes(
    connector: JugglerConnector,
    schemas: readonly string[],
    names: readonly string[],
    cache?: PlanCache,
  ): Promise<ColumnType[]>;
  /** Every foreign key of the database, one row per column pair, with both types. */
  foreignKeyColumns(connector: JugglerConnector): Promise<ForeignKeyColumn[]>;
  /**
   * Why the server refuses to change the type of a column a foreign key
   * ties from `from` to `to`, beyond a key between types that do not
   * compare (which every database refuses); `undefined` when it allows it.
   * Absent: it allows any change that keeps the types comparable.
   */
  keyColumnRetype?(
    connector: JugglerConnector,
    from: string,
    to: string,
  ): Promise<string | undefined>;
  /** The statement that changes a column's type to `type` (NOT NULL, as an id). */
  alterColumnTypeSql(
    connector: JugglerConnector,
    table: TableRef,
    column: string,
    type: string,
  ): string;
  /**
   * What gives an existing id column the default the connector makes for a
   * generated id (`generated: true`) of type `declared` only when it
   * creates the table (`definition`: the property's, for a default of its
   * own); absent, or `undefined`, where the plan itself adds it or the type
   * cannot be generated.
   */
  generatedIdDefault?(
    connector: JugglerConnector,
    table: TableRef,
    column: string,
    declared: string,
    definition?: unknown,
  ): string | undefined;
  /**
   * Split one captured SQL string into clean, runnable statements. With the
   * model it was captured for, the names the connector writes bare are
   * quoted first, so that a `;` in one does not end the statement.
   */
  normalize(captured: string, of?: CapturedFor): string[];
  /**
   * Check a model's declarations before its statements are planned; throws
   * an error that says what to fix where the connector would crash or fail.
   */
  checkModel(connector: JugglerConnector, model: string): void;
  /**
   * Check a model whose table the plan creates (every model of a rebuild),
   * before its statements are planned: declarations the connector can only
   * fail to write in a CREATE TABLE. Throws an error that says what to fix.
   */
  checkNewTable?(connector: JugglerConnector, model: string): void;
  /**
   * Warnings for a model whose table the plan creates: declarations the
   * new table cannot serve, where a table that exists may (a default of
   * its own).
   */
  newTableWarnings?(connector: JugglerConnector, model: string): string[];
  /**
   * The warning for a `generated: true` id `property` of a model whose
   * table exists, where `column` has no way to get a value (no default, no
   * identity or AUTO_INCREMENT) and is of a type the connector cannot
   * generate (the string id `lb4 model` writes): every create without an
   * id is refused. `undefined` for an id juggler fills (`defaultFn`) or a
   * type the connector generates (see `generatedIdDefault`).
   */
  existingIdWarning?(
    connector: JugglerConnector,
    model: string,
    property: string,
    table: TableRef,
    column: ColumnType,
  ): string | undefined;
  /**
   * The columns of an existing table's primary key, in key order (none
   * when it has none), from the plan's catalog snapshot when `cache` holds
   * it.
   */
  primaryKeyColumns?(
    connector: JugglerConnector,
    table: TableRef,
    cache: PlanCache,
  ): Promise<string[]>;
  /**
   * Warnings for a model's declarations this connector never reads (the
   * table silently differs from them), beyond those of every SQL connector
   * (see `planner/unread-settings.ts`).
   */
  unreadSettings?(
    model: string,
    definition: AttachedModel | undefined,
  ): string[];
  /** Mend one normalised statement of a model where the connector gets it wrong. */
  rewrite(sql: string, connector: JugglerConnector, model: string): string;
  /**
   * Why a statement the dialect writes itself (not the connector) runs,
   * where its phase says too little; `undefined` for the others. `plan`:
   * every statement of the datasource's plan, to tell the dialect's own
   * from a connector's statement of the same form.
   */
  reasonOf?(sql: string, plan: readonly string[]): string | undefined;
  /**
   * Mend catalog rows the connector, migrating `model`, misreads (see
   * `ReadAdjuster`).
   */
  adjustRead?(
    sql: string,
    rows: unknown,
    connector: JugglerConnector,
    model: string,
  ): void;
  /**
   * Rewrite a catalog read of the connector, migrating `model`, before it
   * is sent, so that it reports what the connector compares the model with
   * (see `ReadRewriter`).
   */
  rewriteRead?(sql: string, connector: JugglerConnector, model: string): string;
  /**
   * Take out of a model's statements (split, not yet rewritten) those, and
   * those clauses, that would leave the schema as it is: where the
   * connector's diff misjudges the catalog, it emits them on every run;
   * and add those it misses where it misjudges the other way (PostgreSQL:
   * a single-column index whose column changed). Reads the catalog;
   * changes nothing.
   */
  withoutNoOps(
    connector: JugglerConnector,
    model: string,
    statements: readonly string[],
    cache?: PlanCache,
  ): Promise<string[]>;
  /**
   * Read the catalog of the given tables in a few bulk queries, to answer
   * the connector's per-table reads during planning.
   */
  loadSnapshot(
    connector: JugglerConnector,
    tables: readonly TableRef[],
  ): Promise<CatalogSnapshot>;
  /**
   * `create`, a `CREATE TABLE` of the plan, with the foreign keys that the
   * connector's `ADD CONSTRAINT ... FOREIGN KEY` clauses `adds` (of its
   * `ALTER TABLE` statements) add to that table written inline, when that builds the same
   * catalog (constraint and index names, columns, actions) at less cost;
   * `undefined` when it does not (see `planner/inline-foreign-keys.ts`).
   */
  inlineForeignKeys(
    create: string,
    adds: readonly string[],
  ): string | undefined;
  /**
   * The model as the connector's autoupdate is given it, where the
   * connector fails on a declaration it should read (`undefined`: as
   * declared): the plan's capture of that model's autoupdate sees this one.
   */
  connectorModel?(definition: AttachedModel): AttachedModel | undefined;
  /** Connector calls (run under capture) that create a model's table from scratch, foreign keys included. */
  createTable(connector: JugglerConnector, model: string): Promise<unknown>;
  /**
   * Every table (base or partitioned) of the given schemas ('' = the current
   * database), with its estimated rows and size from the same catalog read.
   */
  listTables(
    connector: JugglerConnector,
    schemas: readonly string[],
  ): Promise<ListedTable[]>;
  /**
   * The tables outside `schemas` named one of `names`: where a model that
   * moved to another schema (`postgresql.schema`) left its old table.
   * Absent where a datasource has one schema.
   */
  tablesNamedElsewhere?(
    connector: JugglerConnector,
    names: readonly string[],
    schemas: readonly string[],
  ): Promise<TableRef[]>;
  /**
   * What each statement's locks do to the sessions using its table, whether
   * it rewrites or scans the table, and its online form where it has one
   * (see `planner/lock-impact.ts`).
   */
  readonly lockImpact: JudgeLockImpact;
  /** How each DDL statement is kept from waiting long for a table lock. */
  readonly lockWait: StatementLockWait;
  /**
   * Whether a database error says that an object its statement names (a
   * schema or database, a table, a column, a key, a type) does not exist.
   */
  isMissingObject(err: unknown): boolean;
  /** The tables that exist among the given ones. */
  existingTables(
    connector: JugglerConnector,
    tables: readonly TableRef[],
  ): Promise<TableRef[]>;
  /**
   * The indexes (unique ones and those of unique constraints included) that
   * exist among the given ones, read in one query: on their table where the
   * database names indexes per table (MySQL, without case), on any table of
   * their schema where it names them per schema (PostgreSQL).
   */
  existingIndexes(
    connector: JugglerConnector,
    indexes: readonly IndexRef[],
  ): Promise<IndexRef[]>;
  /** Every foreign key constraint of the database. */
  foreignKeys(connector: JugglerConnector): Promise<ForeignKeyRef[]>;
  dropTableSql(connector: JugglerConnector, table: TableRef): string;
  dropForeignKeySql(connector: JugglerConnector, fk: ForeignKeyRef): string;
  /** A dedicated connection from the connector's own pool. */
  openSession(connector: JugglerConnector): Promise<DbSession>;
  /**
   * The connector reading in an open `transaction` (a script's): every read
   * of the data-loss checks, including those that take a client of the
   * driver's pool themselves, runs on the transaction's connection, sees
   * what its earlier statements did and never waits for a lock it holds.
   */
  readingIn(
    connector: JugglerConnector,
    transaction: Transaction,
  ): JugglerConnector;
  /**
   * Rewrite a plan (an autoupdate, `online: true`) into the forms that keep
   * the app reading and writing the changed tables (see
   * `runner/online-plan.ts`): one form per statement, plus the work an
   * earlier online run left unfinished. With `online: false`
   * (`OnlineInput.offline`), every form is plain, and only unfinished work
   * that needs no online phase is listed. Reads the catalog; changes
   * nothing.
   */
  onlineForms(
    connector: JugglerConnector,
    plan: OnlineInput,
  ): Promise<OnlineForms>;
  /**
   * A statement in the online form its lock impact gave it (`onlineSql`) as
   * it runs on its own, where that form needs a rewrite of `onlineForms`
   * that touches this statement alone (MariaDB: a foreign key added in
   * place, which runs only in its checked block); any other statement as it
   * is. For a refused plan, which is shown whole, never split into online
   * phases. Absent: every online form runs as it is. `stateTable`: as in
   * {@link OnlineInput}.
   */
  runnableForm?(sql: string, stateTable: OnlineInput['stateTable']): string;
  /**
   * The statement a compound form of the dialect's runs (MariaDB: the
   * `ALTER TABLE` of a marked or checked `BEGIN NOT ATOMIC ... END`), for
   * one-line summaries; `undefined` for any other statement. Absent: every
   * statement is summarised as it is.
   */
  statementShown?(sql: string): string | undefined;
  /**
   * How a compound form of the dialect's runs the statement
   * {@link statementShown} gives, in words, for a human plan that shows
   * that statement in its place; `undefined` for any other statement.
   */
  compoundNote?(sql: string): string | undefined;
  /** Session statements around online work; absent where none are needed. */
  readonly onlineSession?: OnlineSession;
  /**
   * What the migration's online work running now has done, one line per
   * piece of work (an index build); absent where the database cannot say.
   */
  onlineProgress?(connector: JugglerConnector): Promise<string[]>;
  /** Temporary databases on the server, for `migrate --generate`. */
  readonly shadow: ShadowDatabases;
  /**
   * The exact inverse of a planned statement, for a generated `down()`:
   * by rules from its text, and from what the shadow database knew
   * (`context`): the indexes the server made by itself, and the
   * definitions the statement replaces (see
   * {@link ShadowDatabases.definitions}), which the inverse restores.
   */
  inverseOf(sql: string, context?: InverseContext): InverseStatement;
  /**
   * The statement a generated migration script runs for a planned one,
   * where a database that differs from the shadow one needs another form
   * (PostgreSQL: `CREATE SCHEMA IF NOT EXISTS` only where the schema is
   * missing); absent where every statement is its own form.
   */
  scriptForm?(sql: string): string;
}

/**
 * What this package knows about one SQL connector: its core and its
 * planning.
 */
export interface Dialect extends DialectCore, DialectPlanning {}
