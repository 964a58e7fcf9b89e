import {
  NAME,
  UNKNOWN_COLUMN,
  UNKNOWN_DROPPED,
  type ClauseInverse,
  type InverseRule,
} from '../inverse';
import type {PreviousDefinitions} from '../previous-definitions';
import {unquote} from '../../planner/statement-clauses';

const MODIFY = new RegExp(`^MODIFY\\s+(?:COLUMN\\s+)?${NAME}\\s`, 'i');
const CHANGE = new RegExp(
  `^CHANGE\\s+(?:COLUMN\\s+)?${NAME}\\s+${NAME}\\s`,
  'i',
);
const DROP_INDEX = new RegExp(
  `^DROP\\s+(?:INDEX|KEY)\\s+(IF\\s+EXISTS\\s+)?${NAME}$`,
  'i',
);
const DROP_PRIMARY_KEY = /^DROP\s+PRIMARY\s+KEY$/i;
const DROP_CONSTRAINT = new RegExp(
  `^DROP\\s+(?:FOREIGN\\s+KEY|CONSTRAINT)\\s+(IF\\s+EXISTS\\s+)?${NAME}$`,
  'i',
);

/** The `ALTER TABLE` clauses whose inverse restores a definition the catalog had. */
export const MYSQL_RESTORED_CLAUSES: readonly RegExp[] = [
  MODIFY,
  CHANGE,
  DROP_INDEX,
  DROP_PRIMARY_KEY,
  DROP_CONSTRAINT,
];

/**
 * The inverses of the clauses that replace or drop a definition, from
 * `SHOW CREATE TABLE` as it was before the statement ran (`previous`): a
 * column's whole definition (type, NULL, default, character set, ...), a
 * key or constraint added again as the server wrote it.
 */
export function mysqlRestoringClauses(
  previous: PreviousDefinitions | undefined,
): InverseRule<ClauseInverse>[] {
  const column = (name: string) => previous?.columns.get(unquote(name));
  const added = (
    line: string | undefined,
    ifExists: string | undefined,
  ): ClauseInverse => {
    if (line !== undefined) return {clause: `ADD ${line}`};
    return ifExists && previous
      ? {kept: 'it was not there: the statement dropped nothing'}
      : {none: UNKNOWN_DROPPED};
  };
  return [
    {
      pattern: MODIFY,
      inverse: m => {
        const was = column(m[1]);
        return was
          ? {clause: `MODIFY COLUMN ${m[1]} ${was.definition}`}
          : {none: UNKNOWN_COLUMN};
      },
    },
    {
      pattern: CHANGE,
      inverse: m => {
        const was = column(m[1]);
        return was
          ? {clause: `CHANGE COLUMN ${m[2]} ${m[1]} ${was.definition}`}
          : {none: UNKNOWN_COLUMN};
      },
    },
    {
      pattern: DROP_INDEX,
      inverse: m => added(previous?.indexes.get(unquote(m[2])), m[1]),
    },
    {
      pattern: DROP_PRIMARY_KEY,
      inverse: () => added(previous?.indexes.get('PRIMARY'), undefined),
    },
    {
      pattern: DROP_CONSTRAINT,
      inverse: m => {
        // MariaDB drops a UNIQUE key by DROP CONSTRAINT too.
        const name = unquote(m[2]);
        return added(
          previous?.constraints.get(name) ?? previous?.indexes.get(name),
          m[1],
        );
      },
    },
  ];
}
