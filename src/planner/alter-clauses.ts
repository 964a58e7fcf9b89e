import {splitClauses} from './statement-clauses';
import {unquote} from './statement-clauses';

/** A column-level change that one clause of an ALTER TABLE statement makes. */
export interface ColumnChange {
  readonly kind: 'drop-column' | 'change-type' | 'set-not-null' | 'add-column';
  /** The column name, unquoted. */
  readonly column: string;
  /** The new type, for `change-type` and `add-column`. */
  readonly type?: string;
  /**
   * For a MySQL `change-type`: the new type with the character set and
   * collation the definition names (`VARCHAR(512) CHARACTER SET latin1
   * COLLATE latin1_bin`), the conversion the change makes; absent when it
   * names neither. See {@link convertedType}.
   */
  readonly converted?: string;
  /**
   * For `add-column`: the definition has a constant default (not NULL), so
   * every existing row gets that same value.
   */
  readonly sameValue?: boolean;
  /**
   * For `add-column`: NOT NULL with no default and no generated value, so
   * a table holding rows has no value to give them.
   */
  readonly required?: boolean;
}

const NAME = '("(?:[^"]|"")*"|`(?:[^`]|``)*`|[\\w$]+)';
const ALTER =
  /^ALTER\s+TABLE\s+(?:"(?:[^"]|"")*"|`(?:[^`]|``)*`|[\w$]+)(?:\s*\.\s*(?:"(?:[^"]|"")*"|`(?:[^`]|``)*`|[\w$]+))?\s+([\s\S]*)$/i;
const DROP_COLUMN = new RegExp(`^DROP\\s+COLUMN\\s+${NAME}`, 'i');
const ADD_COLUMN = new RegExp(`^ADD\\s+COLUMN\\s+${NAME}\\s+([\\s\\S]+)$`, 'i');
const ALTER_COLUMN_TYPE = new RegExp(
  `^ALTER\\s+COLUMN\\s+${NAME}\\s+TYPE\\s+([\\s\\S]+?)(?:\\s+USING\\b[\\s\\S]*)?$`,
  'i',
);
const SET_NOT_NULL = new RegExp(
  `^ALTER\\s+COLUMN\\s+${NAME}\\s+SET\\s+NOT\\s+NULL\\b`,
  'i',
);
/** `CHANGE [COLUMN] old new definition`: the column is named twice. */
const CHANGE_COLUMN = new RegExp(
  `^CHANGE\\s+(?:COLUMN\\s+)?${NAME}\\s+${NAME}\\s+([\\s\\S]+)$`,
  'i',
);
/** `MODIFY [COLUMN] name definition`: the column is named once (the empty group keeps the definition third, as in CHANGE_COLUMN). */
const MODIFY_COLUMN = new RegExp(
  `^MODIFY\\s+(?:COLUMN\\s+)?${NAME}\\s+()([\\s\\S]+)$`,
  'i',
);
/**
 * A default that gives every row the same value: a literal, not NULL (MySQL
 * writes strings in double quotes), or the time of the statement (`now()`,
 * `CURRENT_TIMESTAMP`: one value for the rows it fills).
 */
const CONSTANT_DEFAULT =
  /\bDEFAULT\s+(?:'(?:[^']|'')*'|"(?:[^"]|"")*"|[-+]?\d+(?:\.\d+)?|TRUE|FALSE|now\(\)|CURRENT_TIMESTAMP(?:\(\d*\))?)(?:::[\w ]+?)?(?:\s|$)/i;
/** A column definition that gives existing rows a value of its own. */
const FILLED =
  /\bDEFAULT\b|\bAUTO_INCREMENT\b|\bGENERATED\b|^\s*(?:SMALL|BIG)?SERIAL\b/i;
/** Where a column type ends in a column definition. */
const TYPE_END =
  /\s+(?:NOT\s+NULL|NULL|DEFAULT|AUTO_INCREMENT|COMMENT|PRIMARY|UNIQUE|REFERENCES|CHECK|COLLATE|CHARACTER\s+SET|GENERATED)\b/i;

/** The character set and collation clauses of a MySQL column definition. */
const CHARSET_CLAUSES =
  /\b(?:CHARACTER\s+SET|CHARSET|COLLATE)\s+(?:'[^']*'|"[^"]*"|`[^`]*`|\w+)/gi;

/**
 * The type a `change-type` converts the column's values to: with the
 * character set and collation its definition names (a conversion from
 * utf8mb4 to latin1 cannot keep an emoji, whatever the type), else the type.
 */
export function convertedType(change: ColumnChange): string {
  return change.converted ?? change.type!;
}

/**
 * The column changes of a connector-generated `ALTER TABLE` statement, in
 * clause order. Statements of other kinds have none.
 */
export function columnChanges(sql: string): ColumnChange[] {
  const match = ALTER.exec(sql.trim());
  if (!match) return [];
  return splitClauses(match[1]).flatMap(clauseChanges);
}

function clauseChanges(clause: string): ColumnChange[] {
  let m = DROP_COLUMN.exec(clause);
  if (m) return [{kind: 'drop-column', column: unquote(m[1])}];
  m = ADD_COLUMN.exec(clause);
  if (m)
    return [
      {
        kind: 'add-column',
        column: unquote(m[1]),
        type: typeOf(m[2]),
        sameValue: CONSTANT_DEFAULT.test(m[2]),
        required: statesNotNull(m[2]) && !FILLED.test(withoutQuotedText(m[2])),
      },
    ];
  m = SET_NOT_NULL.exec(clause);
  if (m) return [{kind: 'set-not-null', column: unquote(m[1])}];
  m = ALTER_COLUMN_TYPE.exec(clause);
  if (m)
    return [{kind: 'change-type', column: unquote(m[1]), type: m[2].trim()}];
  m = CHANGE_COLUMN.exec(clause) ?? MODIFY_COLUMN.exec(clause);
  if (m) {
    const column = unquote(m[1]);
    const definition = m[3];
    const type = typeOf(definition);
    const charset = definition.match(CHARSET_CLAUSES);
    const changes: ColumnChange[] = [
      {
        kind: 'change-type',
        column,
        type,
        ...(charset && {converted: [type, ...charset].join(' ')}),
      },
    ];
    if (statesNotNull(definition)) changes.push({kind: 'set-not-null', column});
    return changes;
  }
  return [];
}

const CREATE_TABLE =
  /^CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:"(?:[^"]|"")*"|`(?:[^`]|``)*`|[\w$]+)(?:\s*\.\s*(?:"(?:[^"]|"")*"|`(?:[^`]|``)*`|[\w$]+))?\s*\(([\s\S]*)\)[^)]*$/i;
const COLUMN_DEFINITION = new RegExp(`^${NAME}\\s+([\\s\\S]+)$`);
/** Table elements of a CREATE TABLE that are not columns. */
const TABLE_CONSTRAINT =
  /^(?:PRIMARY|UNIQUE|KEY|INDEX|FULLTEXT|SPATIAL|CONSTRAINT|FOREIGN|CHECK|EXCLUDE|PERIOD)\b/i;

/**
 * The columns a connector-generated `CREATE TABLE` statement defines, with
 * their types; empty for statements of other kinds.
 */
export function createdColumns(sql: string): Map<string, string> {
  return new Map(
    createdColumnDefinitions(sql).map(([column, definition]) => [
      column,
      typeOf(definition),
    ]),
  );
}

/** A column a statement defines, with its definition after the name. */
export interface DefinedColumn {
  /** The column name, unquoted. */
  readonly column: string;
  /** The column it replaces (MySQL's `CHANGE old new ...`), else the column. */
  readonly replaces: string;
  readonly definition: string;
}

/**
 * The columns a `CREATE TABLE` defines, or an `ALTER TABLE` adds or
 * restates (`ADD COLUMN`, MySQL's `CHANGE` and `MODIFY`), in order.
 */
export function definedColumns(sql: string): DefinedColumn[] {
  const created = createdColumnDefinitions(sql).map(([column, definition]) => ({
    column,
    replaces: column,
    definition,
  }));
  const match = ALTER.exec(sql.trim());
  if (!match) return created;
  return splitClauses(match[1]).flatMap(clause => {
    const added = ADD_COLUMN.exec(clause);
    if (added) {
      const column = unquote(added[1]);
      return [{column, replaces: column, definition: added[2]}];
    }
    const restated = CHANGE_COLUMN.exec(clause) ?? MODIFY_COLUMN.exec(clause);
    if (!restated) return [];
    const replaces = unquote(restated[1]);
    const column = restated[2] ? unquote(restated[2]) : replaces;
    return [{column, replaces, definition: restated[3]}];
  });
}

/**
 * The columns a `CREATE TABLE` statement defines, unquoted, each with its
 * definition after the name; none for statements of other kinds.
 */
export function createdColumnDefinitions(sql: string): [string, string][] {
  return createdTableElements(sql).flatMap(element => {
    if (TABLE_CONSTRAINT.test(element)) return [];
    const m = COLUMN_DEFINITION.exec(element);
    return m ? [[unquote(m[1]), m[2]] as [string, string]] : [];
  });
}

const PRIMARY_KEY = /^(?:CONSTRAINT\s+\S+\s+)?PRIMARY\s+KEY\s*\(([^)]*)\)/i;

/**
 * The primary key columns a `CREATE TABLE` defines, in key order (a
 * `PRIMARY KEY (...)` element, or a column defined `PRIMARY KEY`); none
 * for statements of other kinds. `fold` folds bare names as the database
 * does.
 */
export function createdPrimaryKey(
  sql: string,
  fold: (name: string) => string,
): string[] {
  for (const element of createdTableElements(sql)) {
    const primary = PRIMARY_KEY.exec(element);
    if (primary) {
      return primary[1].split(',').map(c => unquote(c.trim(), fold));
    }
    const column = COLUMN_DEFINITION.exec(element);
    if (
      column &&
      !TABLE_CONSTRAINT.test(element) &&
      /\bPRIMARY\s+KEY\b/i.test(withoutQuotedText(element))
    ) {
      return [unquote(column[1], fold)];
    }
  }
  return [];
}

/**
 * The column types a statement sets, by column: those its `CREATE TABLE`
 * defines, its added columns and its type changes.
 */
export function statementColumnTypes(sql: string): Map<string, string> {
  const types = createdColumns(sql);
  for (const change of columnChanges(sql)) {
    if (change.kind === 'add-column' || change.kind === 'change-type') {
      types.set(change.column, change.type!);
    }
  }
  return types;
}

/**
 * The elements (columns and table constraints) of a `CREATE TABLE`
 * statement, as written; empty for statements of other kinds. Remembered:
 * the checks of a plan ask for those of each statement it creates.
 */
export function createdTableElements(sql: string): readonly string[] {
  let elements = tableElements.get(sql);
  if (elements === undefined) {
    const body = CREATE_TABLE.exec(sql.trim());
    elements = body ? splitClauses(body[1]) : [];
    if (tableElements.size >= TABLE_ELEMENTS_KEPT) tableElements.clear();
    tableElements.set(sql, elements);
  }
  return elements;
}

/** How many statements' elements are remembered (the last ones read). */
const TABLE_ELEMENTS_KEPT = 1000;
const tableElements = new Map<string, readonly string[]>();

/**
 * A column definition with its quoted text (a default, a comment, ENUM
 * members) blanked out, for finding its keywords.
 */
export function withoutQuotedText(definition: string): string {
  return definition.replace(/'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*"/g, "''");
}

/** Whether a column definition makes its column NOT NULL (not a comment that says so). */
export function statesNotNull(definition: string): boolean {
  return /\bNOT\s+NULL\b/i.test(withoutQuotedText(definition));
}

/** The type at the start of a column definition. */
export function typeOf(definition: string): string {
  const trimmed = definition.trim();
  const end = TYPE_END.exec(trimmed);
  return (end ? trimmed.slice(0, end.index) : trimmed).trim();
}
