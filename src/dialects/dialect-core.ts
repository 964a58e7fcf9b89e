import type {TestedConnector} from '../discovery/connector-version';
import type {JugglerConnector} from '../juggler';
import type {SchemaStateDriver} from '../runner/schema-state-driver';
import type {Ledger, ScriptDataSource} from '../scripts/ledger-types';
import type {PoolState, TableRef} from './dialect';

/**
 * What every run needs of a dialect, the up-to-date one answered from its
 * fingerprint included: the connector it serves, its tables' names, its
 * pool, its fingerprints' table and its scripts' ledger. Loaded with the
 * package.
 */
export interface DialectCore {
  /** The juggler connector name this dialect serves. */
  readonly connector: string;
  /**
   * The connector package versions this dialect is tested with: its SQL and
   * catalog reads are recognised by their text, so another version is
   * migrated the way LoopBack does it.
   */
  readonly tested: TestedConnector;
  /** `true` when DDL can run inside a transaction and be rolled back. */
  readonly transactionalDdl: boolean;
  /**
   * Hear, until the returned function is called (the run's end), the
   * `'error'` event of every connection the connector's pool lends out,
   * which the pool does not hear (pg's `Pool`): a connection broken under
   * one of the run's queries then fails that query instead of crashing the
   * process. `undefined` where the pool hears it itself (mysql2's): written
   * so in the core, not left out, for `lazyDialect()` (a member the core
   * lacks is looked up in the planning half, which loads it).
   */
  readonly hearLentConnections:
    ((connector: JugglerConnector) => () => void) | undefined;
  /** The catalog digest and the fingerprints' table (see `runner/fast-path.ts`). */
  readonly schemaState: SchemaStateDriver;
  /** The ledger of migration scripts in `table` (`[name]` or `[schema, name]`). */
  ledger(
    dataSource: ScriptDataSource,
    table: [string] | [string, string],
  ): Ledger;
  /** Folds a bare (unquoted) identifier as the database does. */
  fold(name: string): string;
  /**
   * The key under which the database tells a table's columns apart (MySQL
   * compares column names without case, quoted or not).
   */
  columnKey(column: string): string;
  /**
   * The key under which the database tells a table's indexes apart (MySQL
   * compares index names without case: dropping `Title` frees `title`).
   */
  indexKey(index: string): string;
  /**
   * The table the connector names for a model that has no settings of its
   * own (it need not be attached), on a datasource with these settings.
   */
  defaultModelTable(settings: object, model: string): TableRef;
  /** The table a model maps to. */
  tableOf(connector: JugglerConnector, model: string): TableRef;
  /** The connector's pool size and whether it is full; `undefined` when unreadable. */
  poolState(connector: JugglerConnector): PoolState | undefined;
}
