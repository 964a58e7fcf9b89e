import {splitClauses, unquote} from '../../planner/statement-clauses';
import {statesNotNull, typeOf as columnType} from '../../planner/alter-clauses';
import {
  NO_IMPACT,
  alterTableBody,
  type JudgeLockImpact,
  type LockImpactQuery,
  type LockImpactVerdict,
} from '../lock-impact';
import {
  addColumnRule,
  changeColumnRule,
  columnDefaultRule,
  dropColumnRule,
  keyClauseRule,
  longUniqueKeyRule,
  worstRule,
  type KeyPart,
  type MysqlColumnNow,
  type MysqlServer,
  type OnlineRule,
} from './online-ddl';
import {inPlaceForeignKeys, isCheckedForeignKey} from './checked-foreign-key';
import {alterOfMarked} from './marked-alter';
import {forgetsMarks} from './state-marks';
import {describeServer, readServer} from './server';
import {fulltextTableRule, readFulltextTables} from './fulltext-tables';
import {compressedTableRule, readTableForms} from './table-engines';
import {
  columnKey as key,
  readChangedColumns,
  type NamedColumn,
} from './lock-impact-columns';

const NAME = '(`(?:[^`]|``)*`|[\\w$]+)';
const ADD_COLUMN = new RegExp(
  `^ADD\\s+(?:COLUMN\\s+)?${NAME}\\s+([\\s\\S]+)$`,
  'i',
);
const DROP_COLUMN = new RegExp(`^DROP\\s+(?:COLUMN\\s+)?${NAME}\\s*$`, 'i');
const CHANGE_COLUMN = new RegExp(
  `^CHANGE\\s+(?:COLUMN\\s+)?${NAME}\\s+${NAME}\\s+([\\s\\S]+)$`,
  'i',
);
const MODIFY_COLUMN = new RegExp(
  `^MODIFY\\s+(?:COLUMN\\s+)?${NAME}\\s+([\\s\\S]+)$`,
  'i',
);
/** `ADD UNIQUE [INDEX|KEY] [name] (keys)`: the key list. */
const ADD_UNIQUE = new RegExp(
  `^ADD\\s+(?:CONSTRAINT\\s+${NAME}\\s+)?UNIQUE\\s+(?:INDEX\\s+|KEY\\s+)?(?:${NAME}\\s*)?\\(([\\s\\S]*)\\)\\s*$`,
  'i',
);
/** A key part: its column and prefix length (`` `a`(10) DESC ``). */
const KEY_PART = new RegExp(`^${NAME}\\s*(?:\\(\\s*(\\d+)\\s*\\))?`);
const COLUMN_DEFAULT = new RegExp(
  `^ALTER\\s+(?:COLUMN\\s+)?${NAME}\\s+(?:SET\\s+DEFAULT\\b|DROP\\s+DEFAULT\\s*$)`,
  'i',
);
/** A clause that adds, drops or changes a column. */
const COLUMN_CLAUSE =
  /^(?:(?:ADD|DROP)(?!\s+(?:UNIQUE|INDEX|KEY|FULLTEXT|SPATIAL|FOREIGN|CONSTRAINT|PRIMARY|CHECK)\b)|CHANGE|MODIFY)\b/i;
const KEYWORD_CLAUSE =
  /^(?:ADD|DROP)\s+(?:UNIQUE|INDEX|KEY|FULLTEXT|SPATIAL|FOREIGN|CONSTRAINT|PRIMARY|CHECK)\b/i;

/**
 * The lock impact of MySQL/MariaDB statements on tables other sessions use,
 * and their online forms: InnoDB makes each change INSTANT (catalog only),
 * INPLACE (reads and writes go on; some rebuild the table) or COPY (writes
 * wait until every row is copied), by the rules of the server's version
 * (`online-ddl.ts`). The online form names the algorithm (`ALGORITHM=
 * INSTANT`, `ALGORITHM=INPLACE, LOCK=NONE`), so the server refuses instead
 * of falling back to a copy; a change that can only COPY has none.
 * Reads the server's version, the changed columns and the tables' storage
 * engines and long UNIQUE keys (three queries at once, only when the plan
 * changes existing tables): a table of another engine than InnoDB, or with
 * a UNIQUE key kept as a hash (MariaDB), has no online form.
 */
export const mysqlLockImpact: JudgeLockImpact = async (
  connector,
  statements,
) => {
  const existing = statements.filter(s => s.existing && s.table);
  if (existing.length === 0) return statements.map(() => NO_IMPACT);
  const named = existing.flatMap(columnsNamed);
  const tables = existing.map(s => s.table!.name);
  const [server, columns, {copyOnly, compressed}, fulltext] = await Promise.all(
    [
      readServer(connector),
      named.length > 0
        ? readChangedColumns(connector, named)
        : new Map<string, MysqlColumnNow>(),
      readTableForms(connector, tables),
      readFulltextTables(connector, tables),
    ],
  );
  // The columns the plan adds, and the tables it gives a long UNIQUE key,
  // as of each statement: a later change of such a table copies it too.
  const known = new Map(columns);
  const hashed = new Map<string, string>();
  return statements.map(s => {
    if (!s.existing) return NO_IMPACT;
    const table = s.table!.name;
    for (const [column, now] of addedColumns(s.sql)) {
      known.set(key(table, column), now);
    }
    const copies =
      copyOnly.get(table.toLowerCase()) ?? hashed.get(table.toLowerCase());
    const verdict =
      copies !== undefined && !/^(?:CREATE|DROP)\s+TABLE\b/i.test(s.sql)
        ? ruleVerdict(s.sql, {algorithm: 'COPY', why: copies}, server)
        : statementVerdict(s, server, known, {fulltext, compressed});
    const long = addedLongUniqueKey(s.sql, table, server, known);
    if (long !== undefined) {
      hashed.set(
        table.toLowerCase(),
        `the UNIQUE key \`${long}\` this run adds is longer than an index key ` +
          '(a hash of the values in a hidden column), so the server changes the table only by copying it',
      );
    }
    return verdict;
  });
};

/** The columns an `ALTER TABLE` adds, as the catalog will have them. */
function addedColumns(sql: string): [string, MysqlColumnNow][] {
  return clausesOf(sql).flatMap(clause => {
    const m = ADD_COLUMN.exec(clause);
    if (!m || KEYWORD_CLAUSE.test(clause)) return [];
    const type = columnType(m[2]);
    return [
      [unquote(m[1]), {type, nullable: !statesNotNull(m[2]), indexed: false}],
    ];
  });
}

/** The name of a long UNIQUE key (MariaDB's hash) the statement adds, if it adds one. */
function addedLongUniqueKey(
  sql: string,
  table: string,
  server: MysqlServer,
  columns: ReadonlyMap<string, MysqlColumnNow>,
): string | undefined {
  for (const clause of clausesOf(sql)) {
    if (longUniqueRule(clause, table, server, columns)) {
      const m = ADD_UNIQUE.exec(clause);
      return unquote(m?.[2] ?? m?.[1] ?? '?');
    }
  }
  return undefined;
}

/** The clauses of an `ALTER TABLE`, or of the one a marked statement runs. */
function clausesOf(sql: string): string[] {
  const marked = alterOfMarked(sql.trim());
  const body = alterTableBody(
    marked === undefined ? sql : marked.replace(ALGORITHM_CLAUSES, ''),
  );
  return body === undefined ? [] : splitClauses(body);
}

/** The key parts of an `ADD UNIQUE` clause; none for another clause. */
function uniqueKeyParts(clause: string): {column: string; prefix?: number}[] {
  const list = ADD_UNIQUE.exec(clause)?.[3];
  if (list === undefined) return [];
  return splitClauses(list).flatMap(part => {
    const m = KEY_PART.exec(part.trim());
    if (!m) return [];
    return [{column: unquote(m[1]), ...(m[2] && {prefix: Number(m[2])})}];
  });
}

function columnsNamed(query: LockImpactQuery): NamedColumn[] {
  const table = query.table!.name;
  return clausesOf(query.sql).flatMap(clause => {
    const keyed = uniqueKeyParts(clause);
    if (keyed.length > 0) return keyed.map(k => ({table, column: k.column}));
    if (KEYWORD_CLAUSE.test(clause)) return [];
    const m =
      CHANGE_COLUMN.exec(clause) ??
      MODIFY_COLUMN.exec(clause) ??
      DROP_COLUMN.exec(clause);
    return m ? [{table, column: unquote(m[1])}] : [];
  });
}

/** The online form's algorithm clauses at the end of an `ALTER TABLE`. */
const ALGORITHM_CLAUSES = /(?:,\s*(?:ALGORITHM|LOCK)\s*=\s*\w+)+\s*$/i;

function statementVerdict(
  query: LockImpactQuery,
  server: MysqlServer,
  columns: ReadonlyMap<string, MysqlColumnNow>,
  tables: TableTraits,
): LockImpactVerdict {
  const sql = query.sql.trim();
  const marked = alterOfMarked(sql);
  if (marked !== undefined) {
    // Its ALTER's, in the form it already has (the mark is a row written).
    const alter = marked.replace(ALGORITHM_CLAUSES, '');
    const {lock, rewritesTable, scansTable} = statementVerdict(
      {...query, sql: alter},
      server,
      columns,
      tables,
    );
    return {lock, rewritesTable, scansTable};
  }
  if (isCheckedForeignKey(sql)) {
    return {lock: 'brief', rewritesTable: false, scansTable: true};
  }
  if (/^CREATE\s+TABLE\b/i.test(sql) || forgetsMarks(sql)) return NO_IMPACT;
  if (/^DROP\s+TABLE\b/i.test(sql)) return {...NO_IMPACT, lock: 'brief'};
  if (/^(?:CREATE\s+(?:UNIQUE\s+)?INDEX|DROP\s+INDEX)\b/i.test(sql)) {
    return {
      lock: 'brief',
      rewritesTable: false,
      scansTable: /^CREATE/i.test(sql),
      onlineSql: `${sql} ALGORITHM=INPLACE LOCK=NONE`,
    };
  }
  if (alterTableBody(sql) === undefined) {
    return {
      lock: 'blocks-reads-and-writes',
      rewritesTable: false,
      scansTable: false,
    };
  }
  const inPlace = `${sql}, ALGORITHM=INPLACE, LOCK=NONE`;
  if (server.mariadb && inPlaceForeignKeys(inPlace) !== undefined) {
    // Added in place with the checks off, then checked (checked-foreign-key.ts);
    // in its plain form, with the checks on, the server copies the table.
    return {
      lock: 'brief',
      rewritesTable: false,
      scansTable: true,
      onlineSql: inPlace,
      plain: {lock: 'blocks-writes', rewritesTable: true, scansTable: true},
    };
  }
  const table = query.table!.name;
  const index = tables.fulltext.get(table.toLowerCase());
  const compressed = tables.compressed.has(table.toLowerCase());
  const rule = worstRule(
    clausesOf(sql).map(clause => {
      const own = clauseRule(clause, table, server, columns);
      if (!COLUMN_CLAUSE.test(clause)) return own;
      // A virtual column is no part of the rows: dropped INSTANT all the same.
      const dropped = DROP_COLUMN.exec(clause);
      if (dropped && columns.get(key(table, unquote(dropped[1])))?.virtual) {
        return own;
      }
      const addsOrDrops = /^(?:ADD|DROP)\b/i.test(clause);
      const kept = compressed && addsOrDrops ? compressedTableRule(own) : own;
      return index === undefined
        ? kept
        : fulltextTableRule(kept, addsOrDrops, index);
    }),
  );
  return ruleVerdict(sql, rule, server);
}

/** What the plan's tables allow: their FULLTEXT indexes, which are compressed. */
interface TableTraits {
  readonly fulltext: ReadonlyMap<string, string>;
  readonly compressed: ReadonlySet<string>;
}

function clauseRule(
  clause: string,
  table: string,
  server: MysqlServer,
  columns: ReadonlyMap<string, MysqlColumnNow>,
): OnlineRule {
  const long = longUniqueRule(clause, table, server, columns);
  if (long) return long;
  const keyed = keyClauseRule(server, clause);
  if (keyed) return keyed;
  if (KEYWORD_CLAUSE.test(clause)) {
    return {algorithm: 'COPY', why: `"${clause}" has no known online form`};
  }
  let m = CHANGE_COLUMN.exec(clause);
  if (m)
    return changeColumnRule(
      server,
      columns.get(key(table, unquote(m[1]))),
      m[3],
    );
  m = MODIFY_COLUMN.exec(clause);
  if (m)
    return changeColumnRule(
      server,
      columns.get(key(table, unquote(m[1]))),
      m[2],
    );
  m = DROP_COLUMN.exec(clause);
  if (m)
    return dropColumnRule(
      server,
      columns.get(key(table, unquote(m[1])))?.indexed ?? true,
    );
  m = ADD_COLUMN.exec(clause);
  if (m) return addColumnRule(server, m[2]);
  if (COLUMN_DEFAULT.test(clause)) return columnDefaultRule(server);
  return {algorithm: 'COPY', why: `"${clause}" has no known online form`};
}

/** An `ADD UNIQUE` of columns the catalog has, judged by its key's length. */
function longUniqueRule(
  clause: string,
  table: string,
  server: MysqlServer,
  columns: ReadonlyMap<string, MysqlColumnNow>,
): OnlineRule | undefined {
  const parts: KeyPart[] = [];
  for (const {column, prefix} of uniqueKeyParts(clause)) {
    const now = columns.get(key(table, column));
    // A column the statement adds is not in the catalog: not judged.
    if (!now) return undefined;
    parts.push({column: now, ...(prefix !== undefined && {prefix})});
  }
  return parts.length > 0 ? longUniqueKeyRule(server, parts) : undefined;
}

function ruleVerdict(
  sql: string,
  rule: OnlineRule,
  server: MysqlServer,
): LockImpactVerdict {
  switch (rule.algorithm) {
    case 'INSTANT':
      return {
        lock: 'brief',
        rewritesTable: false,
        scansTable: false,
        onlineSql: `${sql}, ALGORITHM=INSTANT`,
      };
    case 'INPLACE':
      return {
        lock: 'brief',
        rewritesTable: rule.rebuilds ?? false,
        scansTable: rule.scans ?? false,
        onlineSql: `${sql}, ALGORITHM=INPLACE, LOCK=NONE`,
      };
    case 'COPY':
      return {
        lock: 'blocks-writes',
        rewritesTable: true,
        scansTable: true,
        notOnline:
          `${rule.why ?? 'this change copies the table'} on ${describeServer(server)} ` +
          '(ALGORITHM=COPY: writes to the table wait until every row is copied)',
      };
  }
}
