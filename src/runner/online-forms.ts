import type {TableRef} from '../dialects/dialect';
import type {PlannedStatement} from '../types';
import type {SchemaStateScope} from './schema-state-driver';

/** One statement of a plan, as the dialect's `onlineForms` sees it. */
export interface OnlineCandidate {
  readonly statement: PlannedStatement;
  /**
   * `true` when the statement may take an online form: it changes a table
   * that existed before the run. `false`: keep it as it is, in the
   * transaction.
   */
  readonly online: boolean;
}

/** A table of the plan that existed before the run. */
export interface OnlineTable {
  readonly table: TableRef;
  /** The model whose table it is (statements on it name it, for their lock impact). */
  readonly model: string;
  /** The foreign key names its model declares. */
  readonly foreignKeys: readonly string[];
}

/** What the dialect's `onlineForms` rewrites. */
export interface OnlineInput {
  /** The plan's statements, in plan order. */
  readonly statements: readonly OnlineCandidate[];
  /**
   * The existing tables of the plan's models: where an earlier online run
   * may have left work unfinished (an INVALID index, a foreign key not yet
   * validated).
   */
  readonly tables: readonly OnlineTable[];
  /**
   * The package's state table (beside the scripts' ledger), where an online
   * form may keep what an interrupted run must finish (MariaDB: the marks
   * of foreign keys added unchecked).
   */
  readonly stateTable: SchemaStateScope['stateTable'];
  /**
   * `true` for a run with `online: false`: every statement is a candidate
   * with `online: false`, and the unfinished work listed is only what needs
   * no online phase (MariaDB: the check of a foreign key an interrupted run
   * added unchecked).
   */
  readonly offline: boolean;
  /**
   * Every table the plan read (its `present`): on MySQL/MariaDB every
   * table of the current database, the state table's included.
   */
  readonly present: readonly TableRef[];
}

/** The online form of one planned statement. */
export interface OnlineForm {
  /**
   * What runs in the plan's one transaction; its first statement keeps the
   * original's fields (model, destructive, reason, willFail) and every
   * clause that is not moved to an online phase.
   */
  readonly transaction: readonly PlannedStatement[];
  /**
   * What runs after the transaction, in order, each with its `phase`
   * (`'own-transaction'` or `'no-transaction'`).
   */
  readonly after: readonly PlannedStatement[];
}

/** A plan rewritten into online forms. */
export interface OnlineForms {
  /** One form per input statement, in the same order. */
  readonly forms: readonly OnlineForm[];
  /**
   * Work an earlier online run left unfinished, run first after the
   * transaction, each statement with its `phase`.
   */
  readonly unfinished: readonly PlannedStatement[];
  /**
   * What the run should say about unfinished work it does not finish
   * (MariaDB: a mark on a table the run's models leave out).
   */
  readonly warnings?: readonly string[];
  /**
   * What a run that applies the forms does before their first statement
   * (never a plan or a dry run): MariaDB makes the state table its marks
   * need. It fails, having changed nothing, where it cannot.
   */
  readonly prepare?: () => Promise<void>;
}

/**
 * Session statements around online work that may run long, e.g. to lift
 * the app's statement time limit so that it never stops an index build,
 * and to tag the session as a migration's (see `runner/orphans.ts`).
 */
export interface OnlineSession {
  /** Run first in a transaction of its own (`'own-transaction'`). */
  readonly inTransaction: readonly string[];
  /**
   * Run before a statement outside any transaction (`'no-transaction'`):
   * among them, those that make each of its lock waits last at most
   * `lockWaitMs`.
   */
  before(lockWaitMs: number): readonly string[];
  /** Run after it, success or failure, to restore the session. */
  readonly after: readonly string[];
}

/** A form that keeps the statement as it is, in the transaction. */
export function plainForm(statement: PlannedStatement): OnlineForm {
  return {transaction: [statement], after: []};
}
