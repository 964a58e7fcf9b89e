import {statesNotNull} from '../../planner/alter-clauses';
import {queryConnector} from '../../juggler';
import {splitClauses, unquote} from '../../planner/statement-clauses';
import {statementTarget} from '../../planner/statement-target';
import {NAME} from '../inverse';
import type {
  DefinitionsReader,
  PreviousColumn,
  PreviousDefinitions,
} from '../previous-definitions';
import {quote} from './quote';
import {MYSQL_RESTORED_CLAUSES} from './restoring-inverses';

const ALTER =
  /^ALTER\s+TABLE\s+(?:`(?:[^`]|``)*`|[\w$]+)(?:\s*\.\s*(?:`(?:[^`]|``)*`|[\w$]+))?\s+([\s\S]+)$/i;
const KEY_LINE = new RegExp(
  `^(?:(?:UNIQUE|FULLTEXT|SPATIAL)\\s+)?KEY\\s+${NAME}`,
  'i',
);
const CONSTRAINT_LINE = new RegExp(`^CONSTRAINT\\s+${NAME}`, 'i');
const COLUMN_LINE = new RegExp(`^(${'`(?:[^`]|``)*`'})\\s+([\\s\\S]+)$`);
const ADD_INDEX = /^ADD\s+(?:(?:UNIQUE|FULLTEXT|SPATIAL)\s+)?(?:INDEX|KEY)\b/i;
/** ER_NO_SUCH_TABLE: a table the plan creates later, read before the plan runs. */
const NO_SUCH_TABLE = 1146;

/**
 * The columns, keys and constraints of the table an `ALTER TABLE` changes
 * with a clause whose inverse restores one of them or that adds an index,
 * or of the table a
 * `DROP INDEX ... ON` names, as `SHOW CREATE TABLE` writes them (the
 * server's own, exact definitions): one query. A table that is not there
 * has none.
 */
export const mysqlPreviousDefinitions: DefinitionsReader = async (
  connector,
  sql,
) => {
  const table = restoredTable(sql.trim());
  if (!table) return undefined;
  const name = table.schema
    ? `${quote(table.schema)}.${quote(table.name)}`
    : quote(table.name);
  let rows: Record<string, string>[];
  try {
    rows = await queryConnector(connector, `SHOW CREATE TABLE ${name}`);
  } catch (err) {
    if ((err as {errno?: unknown})?.errno !== NO_SUCH_TABLE) throw err;
    return {columns: new Map(), indexes: new Map(), constraints: new Map()};
  }
  return parseCreateTable(rows[0]?.['Create Table'] ?? '');
};

/** The definitions of a `SHOW CREATE TABLE` text, line by line. */
export function parseCreateTable(text: string): PreviousDefinitions {
  const columns = new Map<string, PreviousColumn>();
  const indexes = new Map<string, string>();
  const constraints = new Map<string, string>();
  // One definition a line, between `CREATE TABLE ... (` and `) ENGINE=...`.
  for (const raw of text.split('\n').slice(1, -1)) {
    const line = raw.trim().replace(/,$/, '');
    let m = COLUMN_LINE.exec(line);
    if (m) {
      columns.set(unquote(m[1]), {
        definition: m[2],
        notNull: statesNotNull(m[2]),
      });
    } else if (/^PRIMARY\s+KEY\b/i.test(line)) {
      indexes.set('PRIMARY', line);
    } else if ((m = KEY_LINE.exec(line))) {
      indexes.set(unquote(m[1]), line);
    } else if ((m = CONSTRAINT_LINE.exec(line))) {
      constraints.set(unquote(m[1]), line);
    }
  }
  return {columns, indexes, constraints};
}

/** The table whose definitions the inverse of `sql` needs, if any. */
function restoredTable(
  sql: string,
): {schema: string; name: string} | undefined {
  const target = statementTarget(sql, name => name);
  if (target.kind === 'drop-index') return target.table;
  const alter = ALTER.exec(sql);
  if (target.kind !== 'alter-table' || !alter) return undefined;
  // An added index may take the place of the one the server made for a
  // foreign key, which it then drops (see vanished-indexes.ts).
  const restores = splitClauses(alter[1]).some(clause =>
    [...MYSQL_RESTORED_CLAUSES, ADD_INDEX].some(pattern =>
      pattern.test(clause.trim()),
    ),
  );
  return restores ? target.table : undefined;
}
