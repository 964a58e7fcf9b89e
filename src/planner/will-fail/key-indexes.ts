import type {JugglerConnector} from '../../juggler';
import type {Dialect} from '../../dialects/contract';
import type {ForeignKeyColumn, TableRef} from '../../dialects/dialect';
import {describeTable} from '../../dialects/dialect';
import {droppedIndex} from '../statement-clauses';
import {droppedConstraint} from '../foreign-key-pairs';
import {alterClauses} from './clauses';
import type {TableKeys} from './referenced-keys';

/** A foreign key of the database, with its columns on both sides. */
interface ForeignKey {
  readonly name: string;
  readonly table: string;
  readonly columns: string[];
  readonly target: string;
  readonly targetColumns: string[];
}

/**
 * The foreign keys an index drop of the plan would leave without an index,
 * where the database needs one (`FailureChecks.keysNeedIndexes`: InnoDB
 * keeps an index that starts with a key's columns, `references`, on both
 * of its tables, and refuses to drop the last one: "Cannot drop index ...:
 * needed in a foreign key constraint", errno 1553). The connector drops every index
 * the model does not declare: a unique index removed from a model that
 * another model's key references failed mid-run. Keys the plan drops
 * before (or in) the statement need nothing.
 */
export class KeyIndexes {
  /**
   * The foreign keys the plan drops in the statements judged so far, their
   * names as `Dialect.indexKey` gives them.
   */
  readonly droppedKeys = new Set<string>();
  private foreignKeys?: Promise<ForeignKey[]>;

  constructor(
    private readonly connector: JugglerConnector,
    private readonly dialect: Dialect,
    private readonly keys: TableKeys,
  ) {}

  /** Why the database refuses the statement's index drops, if it does. */
  async refusal(table: TableRef, sql: string): Promise<string | undefined> {
    const clauses = alterClauses(sql);
    const key = (name: string) => this.dialect.indexKey(name);
    const fold = (bare: string) => this.dialect.fold(bare);
    for (const clause of clauses) {
      const fk = droppedConstraint(clause, fold);
      if (fk !== undefined) this.droppedKeys.add(key(fk));
    }
    const dropped = clauses.flatMap(c => droppedIndex(c) ?? []);
    const {keysNeedIndexes, references} = this.dialect.failures;
    if (dropped.length === 0 || !keysNeedIndexes || !references) {
      return undefined;
    }
    const name = table.name.toLowerCase();
    const left = await this.keys.keysOf(table);
    for (const fk of await this.databaseKeys()) {
      if (this.droppedKeys.has(key(fk.name))) continue;
      const sides = [
        ...(fk.table.toLowerCase() === name ? [fk.columns] : []),
        ...(fk.target.toLowerCase() === name ? [fk.targetColumns] : []),
      ];
      for (const columns of sides) {
        if (left.some(k => references(k, columns))) continue;
        return (
          `${dropped.length > 1 ? 'indexes' : 'index'} ${dropped.map(d => `"${d}"`).join(', ')} of ` +
          `${describeTable(table)}: foreign key "${fk.name}" of "${fk.table}" needs an index that ` +
          `starts with ${columns.map(c => `"${c}"`).join(', ')}, and ${this.dialect.failures.database} ` +
          'refuses to drop the last one (the connector drops every index the model does not declare). ' +
          'To fix it, declare the index in the model to keep it, or remove that foreign key from its ' +
          'model in the same run or before'
        );
      }
    }
    return undefined;
  }

  /** The database's foreign keys, read once. */
  private databaseKeys(): Promise<ForeignKey[]> {
    this.foreignKeys ??= this.dialect
      .foreignKeyColumns(this.connector)
      .then(grouped);
    return this.foreignKeys;
  }
}

/** Column pairs grouped into keys, by table and name. */
function grouped(pairs: readonly ForeignKeyColumn[]): ForeignKey[] {
  const keys = new Map<string, ForeignKey>();
  for (const pair of pairs) {
    const id = `${pair.schema}\u0000${pair.table}\u0000${pair.name}`;
    let fk = keys.get(id);
    if (!fk) {
      fk = {
        name: pair.name,
        table: pair.table,
        columns: [],
        target: pair.targetTable,
        targetColumns: [],
      };
      keys.set(id, fk);
    }
    fk.columns.push(pair.column);
    fk.targetColumns.push(pair.targetColumn);
  }
  return [...keys.values()];
}
