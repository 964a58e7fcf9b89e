import {tableKey, type TableRef} from '../../dialects/dialect';
import type {Dialect} from '../../dialects/contract';
import type {JugglerConnector} from '../../juggler';
import type {PlannedStatement} from '../../types';
import {createdTableElements} from '../alter-clauses';
import {droppedConstraint, statedForeignKey} from '../foreign-key-pairs';
import {alterClauses} from './clauses';

/** A foreign key name taken: by which table, found or made by the plan. */
interface Holder {
  readonly table: TableRef;
  readonly planned: boolean;
}

/** What one clause of a statement does to a foreign key name. */
type NameChange =
  | {readonly adds: string}
  | {readonly drops: string}
  | {readonly dropsTable: true};

/**
 * The foreign key names of a plan where they are one namespace per
 * database (MySQL, MariaDB: InnoDB), as the statements before the current
 * one leave them: two models declaring a foreign key `fk_owner` fail at the
 * second (`errno: 121 "Duplicate key on write or update"`), after the
 * statements before it were committed.
 */
export class ForeignKeyNames {
  private readonly taken = new Map<string, Holder>();
  /** Each statement's name changes, parsed once (`read` and `claim`). */
  private readonly parsed = new WeakMap<PlannedStatement, NameChange[]>();

  private constructor(
    private readonly dialect: Dialect,
    private readonly connector: JugglerConnector,
  ) {}

  /**
   * Read, in one query, which of the foreign key names the plan adds are
   * held now; `undefined` where the database names them per table (its
   * dialect has no `foreignKeysNamed`).
   */
  static async read(
    dialect: Dialect,
    connector: JugglerConnector,
    statements: readonly PlannedStatement[],
  ): Promise<ForeignKeyNames | undefined> {
    const lookUp = dialect.failures.foreignKeysNamed;
    if (!lookUp) return undefined;
    const names = new ForeignKeyNames(dialect, connector);
    const added = statements.flatMap(s =>
      names.changes(s).flatMap(c => ('adds' in c ? [c.adds] : [])),
    );
    if (added.length === 0) return names;
    for (const [name, table] of await lookUp(connector, [...new Set(added)])) {
      names.taken.set(name, {table, planned: false});
    }
    return names;
  }

  /**
   * Take the names the statement's foreign keys get (after freeing those it
   * drops, clause by clause); what the database would refuse, for each
   * name another foreign key of the database holds.
   */
  claim(statement: PlannedStatement): string[] {
    if (!statement.model) return [];
    const table = this.dialect.tableOf(this.connector, statement.model);
    const refused: string[] = [];
    for (const change of this.changes(statement)) {
      if ('dropsTable' in change) {
        for (const [name, holder] of this.taken) {
          if (tableKey(holder.table) === tableKey(table))
            this.taken.delete(name);
        }
      } else if ('drops' in change) {
        this.taken.delete(change.drops);
      } else {
        const holder = this.taken.get(change.adds);
        if (holder) refused.push(clash(change.adds, holder));
        this.taken.set(change.adds, {table, planned: true});
      }
    }
    return refused;
  }

  /** The statement's foreign key name changes, in the order of its clauses. */
  private changes(statement: PlannedStatement): NameChange[] {
    let changes = this.parsed.get(statement);
    if (!changes) {
      changes = this.parse(statement);
      this.parsed.set(statement, changes);
    }
    return changes;
  }

  private parse(statement: PlannedStatement): NameChange[] {
    const fold = (name: string) => this.dialect.fold(name);
    if (/^\s*DROP\s+TABLE\b/i.test(statement.sql)) return [{dropsTable: true}];
    const created = createdTableElements(statement.sql).map(e => `ADD ${e}`);
    return [...created, ...alterClauses(statement.sql)].flatMap(
      (clause): NameChange[] => {
        const dropped = droppedConstraint(clause, fold);
        if (dropped !== undefined) return [{drops: dropped}];
        const added = statedForeignKey(clause, fold)?.name;
        return added ? [{adds: added}] : [];
      },
    );
  }
}

function clash(name: string, holder: Holder): string {
  return (
    `foreign key "${name}" cannot be added: MySQL and MariaDB name foreign keys in one ` +
    'namespace per database, and table ' +
    `"${holder.table.name}" ${holder.planned ? 'gets a foreign key of that name from an earlier statement of this plan' : 'has one of that name'}` +
    " (the server's error: errno 121, Duplicate key on write or update). Give the foreign key " +
    "a name no other foreign key of the database has (its name in the model's settings.foreignKeys)"
  );
}
