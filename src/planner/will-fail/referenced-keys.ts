import type {JugglerConnector} from '../../juggler';
import type {Dialect} from '../../dialects/contract';
import {
  describeTable,
  tableKey,
  type PlanCache,
  type TableRef,
} from '../../dialects/dialect';
import {createdPrimaryKey} from '../alter-clauses';
import {droppedIndex} from '../statement-clauses';
import {alterClauses, type RiskyClause} from './clauses';
import type {TableKey} from './checks';

/**
 * The keys the plan gives each table, statement by statement (its primary
 * key and indexes, as the `CREATE TABLE`, `CREATE INDEX` and `ADD` clauses
 * write them), and those the catalog holds of a table the plan keeps, read
 * when a foreign key references one of its tables by columns that are not
 * its model's id: what tells whether the database can make the key
 * (`FailureChecks.references`).
 */
export class TableKeys {
  private readonly planned = new Map<string, TableKey[]>();
  private readonly recreated = new Set<string>();
  private readonly droppedIndexes = new Map<string, Set<string>>();
  private readonly cache: PlanCache = new Map();
  /** The datasource's models by their tables' keys, once asked. */
  private models?: Map<string, string>;

  constructor(
    private readonly connector: JugglerConnector,
    private readonly dialect: Dialect,
  ) {}

  /** Record the keys a statement of the plan makes on its table. */
  record(
    table: TableRef,
    sql: string,
    clauses: readonly RiskyClause[],
    fold: (name: string) => string,
  ): void {
    const made: TableKey[] = clauses.flatMap(clause =>
      clause.kind === 'unique' || clause.kind === 'index'
        ? [
            {
              name: clause.index,
              unique: clause.kind === 'unique',
              columns: clause.columns,
            },
          ]
        : [],
    );
    const primary = createdPrimaryKey(sql, fold);
    if (primary.length > 0) {
      made.push({name: 'PRIMARY', unique: true, columns: primary});
    }
    const key = tableKey(table);
    // The statement's index drops come before its adds (an index made
    // again under its name).
    const dropped = alterClauses(sql).flatMap(c => droppedIndex(c) ?? []);
    if (dropped.length > 0) {
      const gone = this.droppedIndexes.get(key) ?? new Set<string>();
      for (const name of dropped) gone.add(this.dialect.indexKey(name));
      this.droppedIndexes.set(key, gone);
      this.planned.set(
        key,
        (this.planned.get(key) ?? []).filter(
          k => k.name === undefined || !gone.has(this.dialect.indexKey(k.name)),
        ),
      );
    }
    if (made.length === 0) return;
    this.planned.set(key, [...(this.planned.get(key) ?? []), ...made]);
  }

  /** A table the plan drops: the catalog's keys of it are gone. */
  drop(table: TableRef): void {
    const key = tableKey(table);
    this.recreated.add(key);
    this.planned.delete(key);
  }

  /**
   * The keys of a table as the plan so far leaves it: those the catalog
   * holds (unless the plan dropped the table or the index) and those the
   * plan made.
   */
  async keysOf(table: TableRef): Promise<TableKey[]> {
    const key = tableKey(table);
    const held =
      this.recreated.has(key) || !this.dialect.failures.tableKeys
        ? []
        : await this.dialect.failures.tableKeys(
            this.connector,
            table,
            this.cache,
          );
    const dropped = this.droppedIndexes.get(key);
    return [
      ...held.filter(
        k =>
          k.name === undefined || !dropped?.has(this.dialect.indexKey(k.name)),
      ),
      ...(this.planned.get(key) ?? []),
    ];
  }

  /**
   * Why the database refuses a foreign key that references `columns` of
   * `target`, if it does: no key of the target, as the plan leaves it so
   * far, lets it (PostgreSQL: a primary key or unique index of exactly
   * those columns; MySQL: an index that starts with them). A target's
   * model id is its primary key and asks nothing more.
   */
  async refusal(
    constraint: string,
    target: TableRef,
    columns: readonly string[],
    exists: boolean,
  ): Promise<string | undefined> {
    const checks = this.dialect.failures;
    if (!checks.references) return undefined;
    const references = (k: TableKey) => checks.references!(k, columns);
    if ((this.planned.get(tableKey(target)) ?? []).some(references)) {
      return undefined;
    }
    const model = this.modelOf(target);
    if (model && this.idColumnsCovered(model, columns)) return undefined;
    if (exists && !this.recreated.has(tableKey(target))) {
      const held = await checks.tableKeys?.(this.connector, target, this.cache);
      if (!held || held.some(references)) return undefined;
    }
    const listed = columns.map(c => `"${c}"`).join(', ');
    const fix = model
      ? `make ${columns.length > 1 ? 'them' : 'it'} the id of model ${model}, or give model ` +
        `${model} a unique index of ${columns.length > 1 ? 'those columns' : 'that column'} ` +
        `(index: {unique: true} on its property, or settings.indexes with options: {unique: true})`
      : `give ${describeTable(target)} a unique index of ${columns.length > 1 ? 'those columns' : 'that column'}`;
    return (
      `foreign key "${constraint}" cannot be added: it references ${listed} of ` +
      `${describeTable(target)}, and ${checks.database} requires ${checks.referencedKey}, ` +
      `which that table does not have. To fix it, ${fix}; or reference the id instead`
    );
  }

  /** The model of the datasource whose table is `table`. */
  private modelOf(table: TableRef): string | undefined {
    this.models ??= new Map(
      Object.keys(this.connector._models ?? {}).map(model => [
        tableKey(this.dialect.tableOf(this.connector, model)),
        model,
      ]),
    );
    return this.models.get(tableKey(table));
  }

  /** Whether the columns are exactly the model's id columns. */
  private idColumnsCovered(model: string, columns: readonly string[]): boolean {
    const properties = this.connector._models?.[model]?.properties ?? {};
    const ids = Object.entries(properties)
      .filter(([, p]) => Boolean((p as {id?: unknown} | undefined)?.id))
      .map(([name]) => this.connector.column?.(model, name) ?? name);
    const key = (c: string) => this.dialect.columnKey(c);
    const wanted = new Set(columns.map(key));
    return ids.length === wanted.size && ids.every(c => wanted.has(key(c)));
  }
}
