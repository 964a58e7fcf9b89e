import type {JugglerConnector} from '../../juggler';
import type {FailureChecks} from './checks';
import {plannedColumns, type RiskyClause} from './clauses';
import {DataReader} from './data';
import {TableKeys} from './referenced-keys';
import {KeyIndexes} from './key-indexes';
import type {Dialect} from '../../dialects/contract';
import {tableKey, type TableRef} from '../../dialects/dialect';

/** A table of the plan: which columns the plan adds, which types it sets. */
export interface TableState {
  readonly table: TableRef;
  /** The plan creates the table: it is empty, and `types` has every column. */
  readonly created: boolean;
  readonly added: Set<string>;
  /** Columns the plan drops (and adds no more after). */
  readonly dropped: Set<string>;
  /**
   * Added columns that every existing row gets the same value in: a
   * constant default, or MySQL's zero value of a NOT NULL column without one.
   */
  readonly sameValue: Set<string>;
  readonly types: Map<string, string>;
  /** Columns whose conversion the database would refuse (some values do not convert). */
  readonly unconvertible: Set<string>;
}

/**
 * The tables of a plan as the statements before the current one leave
 * them: which exist, which columns the plan added, which types it set.
 */
export class PlanState {
  private readonly existing = new Map<string, Promise<boolean>>();
  private readonly states = new Map<string, TableState>();
  private readonly matches = new Map<string, Promise<boolean>>();
  readonly reader: DataReader;
  /** The keys the tables have as the plan so far leaves them. */
  readonly keys: TableKeys;
  /** The foreign keys' indexes the plan's index drops would take. */
  readonly keyIndexes: KeyIndexes;
  private nullsRefused?: Promise<boolean>;

  constructor(
    readonly connector: JugglerConnector,
    readonly dialect: Dialect,
    readonly checks: FailureChecks,
  ) {
    this.reader = new DataReader(connector, checks);
    this.keys = new TableKeys(connector, dialect);
    this.keyIndexes = new KeyIndexes(connector, dialect, this.keys);
  }

  /**
   * Whether a foreign key column of type `fk` can reference one of type
   * `pk` (`FailureChecks.typesMatch`), asked once per pair of types: a
   * fresh create of N chained models asked the same question N times.
   */
  typesMatch(fk: string, pk: string): Promise<boolean> {
    const key = JSON.stringify([fk, pk]);
    let match = this.matches.get(key);
    if (!match) {
      match = this.checks.typesMatch(this.connector, fk, pk);
      this.matches.set(key, match);
    }
    return match;
  }

  /**
   * Learn which of these tables exist now from `present`, the tables of
   * their schemas the plan already read: no catalog read of its own.
   */
  knowExisting(
    tables: readonly TableRef[],
    present: readonly TableRef[],
  ): void {
    const found = new Set(present.map(tableKey));
    for (const table of tables) {
      const key = tableKey(table);
      this.existing.set(key, Promise.resolve(found.has(key)));
    }
  }

  /** Whether the table exists in the database now (before the plan). */
  exists(table: TableRef): Promise<boolean> {
    const key = tableKey(table);
    let found = this.existing.get(key);
    if (!found) {
      found = this.dialect
        .existingTables(this.connector, [table])
        .then(tables => tables.length > 0);
      this.existing.set(key, found);
    }
    return found;
  }

  /** A table the plan drops (to create it again, empty). */
  drop(table: TableRef): void {
    this.existing.set(tableKey(table), Promise.resolve(false));
    this.keys.drop(table);
  }

  /**
   * Record a table the plan creates, with the columns of its `CREATE TABLE`
   * (nothing when `columns` is empty: the statement creates no table).
   */
  create(table: TableRef, columns: ReadonlyMap<string, string>): void {
    if (columns.size === 0) return;
    const types = new Map(
      [...columns].map(([column, type]) => [
        column,
        this.checks.storedType(type),
      ]),
    );
    this.states.set(tableKey(table), {
      table,
      created: true,
      added: new Set(),
      dropped: new Set(),
      sameValue: new Set(),
      types,
      unconvertible: new Set(),
    });
  }

  /** Whether the plan creates the table (before the current statement). */
  creates(table: TableRef): boolean {
    return this.states.get(tableKey(table))?.created === true;
  }

  /** The table as the plan's statements so far leave it. */
  of(table: TableRef): TableState {
    const key = tableKey(table);
    let state = this.states.get(key);
    if (!state) {
      state = {
        table,
        created: false,
        added: new Set(),
        dropped: new Set(),
        sameValue: new Set(),
        types: new Map(),
        unconvertible: new Set(),
      };
      this.states.set(key, state);
    }
    return state;
  }

  /**
   * A column of `state`'s table (aliased `t`) as the plan leaves its values:
   * converted to the type the plan gives it (as a key compares it once the
   * conversion ran), else as stored.
   */
  asPlanned({types}: TableState, column: string): string {
    const type = types.get(column);
    const stored = this.reader.column(column);
    return type === undefined ? stored : this.checks.asConverted(stored, type);
  }

  /**
   * A key part over `column` as a unique index compares it: as planned
   * ({@link asPlanned}), cut to the prefix the key part indexes, if any.
   */
  asKeyPart(state: TableState, column: string, prefix?: number): string {
    const value = this.asPlanned(state, column);
    if (prefix === undefined) return value;
    return this.checks.keyPrefix?.(value, prefix) ?? value;
  }

  /**
   * Whether the database refuses NULLs in a NOT NULL column (MySQL: in
   * strict mode), asked once, when a change first needs it: a plan that
   * makes no column NOT NULL on an existing table never asks.
   */
  refusesNulls(): Promise<boolean> {
    this.nullsRefused ??= this.checks.refusesNulls(this.connector);
    return this.nullsRefused;
  }

  /**
   * Record what a statement of the plan does to its table, before its
   * clauses are judged (a clause may use a column the statement adds).
   * `refusedType`: the statement's type change is refused already (values
   * that do not convert), so its columns' values cannot be compared as
   * their new type. `clauses`: the statement's `riskyClauses()`.
   */
  plan(
    state: TableState,
    sql: string,
    refusedType: boolean,
    clauses: readonly RiskyClause[],
  ): void {
    this.keys.record(state.table, sql, clauses, name =>
      this.dialect.fold(name),
    );
    const {added, dropped, sameValue, types} = plannedColumns(sql);
    for (const column of dropped) {
      state.dropped.add(column);
      state.added.delete(column);
    }
    for (const column of added) {
      state.added.add(column);
      state.dropped.delete(column);
    }
    for (const column of sameValue) state.sameValue.add(column);
    // A NOT NULL column added without a default, which MySQL fills with
    // the type's zero value: the same in every row.
    if (this.checks.fillsNewNotNullColumns) {
      for (const clause of clauses) {
        if (clause.kind === 'add-not-null') state.sameValue.add(clause.column);
      }
    }
    for (const [column, type] of types) {
      state.types.set(column, type);
      if (refusedType) state.unconvertible.add(column);
    }
  }
}
