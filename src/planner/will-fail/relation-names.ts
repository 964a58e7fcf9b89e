import {tableKey, type TableRef} from '../../dialects/dialect';
import type {Dialect} from '../../dialects/contract';
import type {JugglerConnector} from '../../juggler';
import type {PlannedStatement} from '../../types';
import {statementTarget, type NamedTable} from '../statement-target';
import type {NamedRelation} from './checks';

/** A relation holding a name: found in the catalog, or made by the plan. */
interface Holder extends NamedRelation {
  readonly name: TableRef;
  /** Made by a statement before the current one. */
  readonly planned: boolean;
}

/** The name a statement gives a new table or index. */
interface GivenName {
  readonly kind: 'table' | 'index';
  readonly name: TableRef;
  readonly indexOf?: string;
  /** The name as the statement writes it, where the database cuts it short. */
  readonly written?: string;
}

/**
 * The names of a plan's tables and indexes where they share one namespace
 * per schema (PostgreSQL), as the statements before the current one leave
 * them: two models declaring an index `by_name`, or an index named like a
 * table, fail at the second `CREATE` (`relation "by_name" already exists`).
 */
export class RelationNames {
  private readonly taken = new Map<string, Holder>();

  private constructor(
    private readonly dialect: Dialect,
    private readonly connector: JugglerConnector,
  ) {}

  /**
   * Read, in one query, which of the names the plan gives are held now;
   * `undefined` where the database names indexes per table (its dialect
   * has no `relationsNamed`).
   */
  static async read(
    dialect: Dialect,
    connector: JugglerConnector,
    statements: readonly PlannedStatement[],
  ): Promise<RelationNames | undefined> {
    const lookUp = dialect.failures.relationsNamed;
    if (!lookUp) return undefined;
    const names = new RelationNames(dialect, connector);
    const wanted = statements.flatMap(s => names.given(s)?.name ?? []);
    if (wanted.length === 0) return names;
    const held = await lookUp(connector, wanted);
    for (const name of wanted) {
      const holder = held.get(tableKey(name));
      if (holder)
        names.taken.set(tableKey(name), {...holder, name, planned: false});
    }
    return names;
  }

  /**
   * Take the name the statement gives (or free those it drops); what the
   * database would refuse when another relation of the schema holds it.
   */
  claim(statement: PlannedStatement): string | undefined {
    const target = this.target(statement);
    if (target.kind === 'drop-table') {
      this.dropTable(this.inSchema(statement, target.table));
    }
    if (target.kind === 'drop-index') {
      this.taken.delete(
        tableKey(this.stored(this.inSchema(statement, target.index))),
      );
    }
    const given = this.given(statement);
    if (!given) return undefined;
    const key = tableKey(given.name);
    const holder = this.taken.get(key);
    this.taken.set(key, {...given, planned: true});
    if (given.kind === 'table') this.takeImplied(statement.sql, given.name);
    // A table found in the catalog is one the plan does not create: the
    // plan read the tables before it chose to create this one.
    if (
      !holder ||
      (given.kind === 'table' && holder.kind === 'table') ||
      (given.kind === 'index' && holder.typeOnly)
    ) {
      return undefined;
    }
    if (given.written !== undefined) {
      return cutIndexName(given, given.written, holder);
    }
    if (holder.typeOnly) {
      return (
        `table "${given.name.name}" cannot be created: PostgreSQL gives each table a row type ` +
        `of its name, and schema "${given.name.schema}" ${describeHolder(holder)}. ` +
        'Drop or rename that type, or give the model another table name ' +
        '(settings.postgresql.table)'
      );
    }
    return (
      `${given.kind} "${given.name.name}" cannot be created: PostgreSQL names tables and ` +
      `indexes in one namespace per schema, and schema "${given.name.schema}" ` +
      `${describeHolder(holder)}. ` +
      (given.kind === 'index'
        ? 'Give the index a name that no other table or index of the schema ' +
          "has (its key in the model's settings.indexes)"
        : 'Drop or rename that relation, or give the model another table ' +
          'name (settings.postgresql.table)')
    );
  }

  private given(statement: PlannedStatement): GivenName | undefined {
    if (!statement.model) return undefined;
    const target = this.target(statement);
    if (target.kind === 'create-table') {
      return {
        kind: 'table',
        name: this.stored(this.inSchema(statement, target.table)),
      };
    }
    if (
      target.kind !== 'create-index' ||
      /\bIF\s+NOT\s+EXISTS\b/i.test(statement.sql)
    ) {
      return undefined;
    }
    const table = this.stored(this.inSchema(statement, target.table));
    const name = this.stored({schema: table.schema, name: target.index});
    return {
      kind: 'index',
      name,
      indexOf: table.name,
      ...(name.name !== target.index && {written: target.index}),
    };
  }

  private target(statement: PlannedStatement) {
    return statementTarget(statement.sql, name => this.dialect.fold(name));
  }

  /** A name as the statement writes it, in its model's schema when bare. */
  private inSchema(statement: PlannedStatement, named: NamedTable): TableRef {
    if (named.schema !== '') return named;
    const table = this.dialect.tableOf(this.connector, statement.model ?? '');
    return {schema: table.schema, name: named.name};
  }

  /**
   * Take the names the server gives what a new table implies (its primary
   * key's index, its serial columns' sequences), unless held: the server
   * then picks others.
   */
  private takeImplied(sql: string, table: TableRef): void {
    const implied = this.dialect.failures.impliedRelations?.(sql, table.name);
    for (const {kind, name} of implied ?? []) {
      const ref = {schema: table.schema, name};
      if (this.taken.has(tableKey(ref))) continue;
      this.taken.set(tableKey(ref), {
        kind,
        name: ref,
        indexOf: table.name,
        planned: true,
      });
    }
  }

  /** A name as the database stores it (PostgreSQL cuts long ones). */
  private stored(named: TableRef): TableRef {
    const storedName = this.dialect.failures.storedName;
    return storedName ? {...named, name: storedName(named.name)} : named;
  }

  /** A dropped table frees its name and those of its indexes. */
  private dropTable(table: TableRef): void {
    this.taken.delete(tableKey(table));
    for (const [key, holder] of this.taken) {
      if (
        holder.indexOf === table.name &&
        holder.name.schema === table.schema
      ) {
        this.taken.delete(key);
      }
    }
  }
}

/**
 * An index whose name the database cuts to one another relation of the
 * schema holds: only the connector's own names are that long (longer
 * declared ones are refused before planning).
 */
function cutIndexName(
  given: GivenName,
  written: string,
  holder: Holder,
): string {
  return (
    `index "${written}" cannot be created: PostgreSQL cuts a name to its first 63 bytes, ` +
    `"${given.name.name}", and names tables and indexes in one namespace per schema, where ` +
    `schema "${given.name.schema}" ${describeHolder(holder)}. The connector names a ` +
    "property's index <table>_<column>_idx: give the column (its postgresql.columnName) " +
    "or the table a shorter name, or declare the index in the model's settings.indexes, " +
    "under a name of its own, instead of the property's `index`"
  );
}

function describeHolder(holder: Holder): string {
  const verb = holder.planned ? 'gets' : 'holds';
  const what =
    holder.indexOf !== undefined
      ? `${article(holder.kind)} ${holder.kind} "${holder.name.name}" of table "${holder.indexOf}"`
      : `${article(holder.kind)} ${holder.kind} "${holder.name.name}"`;
  return `${verb} ${what}${holder.planned ? ' from an earlier statement of this plan' : ''}`;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}
