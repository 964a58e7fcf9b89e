import {
  NAME,
  TABLE,
  UNKNOWN_COLUMN,
  UNKNOWN_DROPPED,
  type ClauseInverse,
  type InverseRule,
} from '../inverse';
import type {
  PreviousColumn,
  PreviousDefinitions,
} from '../previous-definitions';
import type {InverseStatement} from '../shadow';
import {unquote} from '../../planner/statement-clauses';
import {foldPg} from './fold';

const COLUMN_TYPE = new RegExp(
  `^ALTER\\s+COLUMN\\s+${NAME}\\s+(?:SET\\s+DATA\\s+)?TYPE\\b`,
  'i',
);
const DROP_NOT_NULL = new RegExp(
  `^ALTER\\s+COLUMN\\s+${NAME}\\s+DROP\\s+NOT\\s+NULL$`,
  'i',
);
const COLUMN_DEFAULT = new RegExp(
  `^ALTER\\s+COLUMN\\s+${NAME}\\s+(?:SET|DROP)\\s+DEFAULT\\b`,
  'i',
);
const DROP_CONSTRAINT = new RegExp(
  `^DROP\\s+CONSTRAINT\\s+(IF\\s+EXISTS\\s+)?${NAME}$`,
  'i',
);
/** `DROP INDEX [CONCURRENTLY] [IF EXISTS] name`. */
export const PG_DROP_INDEX = new RegExp(
  `^DROP\\s+INDEX\\s+(CONCURRENTLY\\s+)?(IF\\s+EXISTS\\s+)?${TABLE}$`,
  'i',
);

const NEW_COLUMN =
  'the column is added by the same statement: the inverse of its ADD COLUMN drops it with its default';

/** The `ALTER TABLE` clauses whose inverse restores a definition the catalog had. */
export const PG_RESTORED_CLAUSES: readonly RegExp[] = [
  COLUMN_TYPE,
  DROP_NOT_NULL,
  COLUMN_DEFAULT,
  DROP_CONSTRAINT,
];

/**
 * The inverses of the clauses that replace or drop a definition, from the
 * catalog as it was before the statement ran (`previous`): a column's type
 * with its default and NOT NULL as they were, a constraint added again.
 */
export function pgRestoringClauses(
  previous: PreviousDefinitions | undefined,
): InverseRule<ClauseInverse>[] {
  const column = (name: string) => previous?.columns.get(unquote(name, foldPg));
  return [
    {
      pattern: COLUMN_TYPE,
      inverse: m => {
        const was = column(m[1]);
        return was
          ? {clause: restoredColumn(m[1], was)}
          : {none: UNKNOWN_COLUMN};
      },
    },
    {
      pattern: DROP_NOT_NULL,
      inverse: m => {
        const was = column(m[1]);
        if (!was) return {none: UNKNOWN_COLUMN};
        return was.notNull
          ? {clause: `ALTER COLUMN ${m[1]} SET NOT NULL`}
          : {kept: 'the column allowed NULL already'};
      },
    },
    {
      pattern: COLUMN_DEFAULT,
      inverse: m => {
        const was = column(m[1]);
        // A column the table did not have is added by this statement: the
        // inverse of its ADD COLUMN drops it with its default.
        if (!was && previous) return {kept: NEW_COLUMN};
        if (!was) return {none: UNKNOWN_COLUMN};
        return {
          clause:
            was.default === undefined
              ? `ALTER COLUMN ${m[1]} DROP DEFAULT`
              : `ALTER COLUMN ${m[1]} SET DEFAULT ${was.default}`,
        };
      },
    },
    {
      pattern: DROP_CONSTRAINT,
      inverse: m => {
        const definition = previous?.constraints.get(unquote(m[2], foldPg));
        if (definition !== undefined) {
          return {clause: `ADD CONSTRAINT ${m[2]} ${definition}`};
        }
        return m[1] && previous
          ? {kept: 'the constraint was not there: it dropped nothing'}
          : {none: UNKNOWN_DROPPED};
      },
    },
  ];
}

/** The inverse of `DROP INDEX`: the index created again as it was. */
export function pgRestoredIndex(
  m: RegExpExecArray,
  previous: PreviousDefinitions | undefined,
): InverseStatement {
  const parts = m[3].match(new RegExp(NAME, 'g')) ?? [];
  const name = unquote(parts[parts.length - 1] ?? '', foldPg);
  const definition = previous?.indexes.get(name);
  if (definition === undefined) {
    return m[2] && previous
      ? {kept: 'the index was not there: it dropped nothing'}
      : {none: UNKNOWN_DROPPED};
  }
  // Dropped without blocking writes, created again so too.
  return {
    sql: m[1]
      ? definition.replace(
          /^CREATE\s+(UNIQUE\s+)?INDEX\s+/i,
          'CREATE $1INDEX CONCURRENTLY ',
        )
      : definition,
  };
}

/**
 * A column's type, default and NOT NULL as they were. The default is
 * dropped first (it is of the current type, which may not cast to the old
 * one) and set again after, as PostgreSQL's manual does it.
 */
function restoredColumn(name: string, was: PreviousColumn): string {
  const alter = `ALTER COLUMN ${name}`;
  return [
    ...(was.default !== undefined ? [`${alter} DROP DEFAULT`] : []),
    `${alter} TYPE ${was.definition} USING ${name}::${was.definition}`,
    ...(was.default !== undefined
      ? [`${alter} SET DEFAULT ${was.default}`]
      : []),
    `${alter} ${was.notNull ? 'SET' : 'DROP'} NOT NULL`,
  ].join(', ');
}
