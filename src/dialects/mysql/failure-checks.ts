import {unknownColumnTypes} from './unknown-types';
import {refusedAutoColumns} from './auto-columns';
import {mysqlReferences, mysqlTableKeys} from './referenced-keys';
import {queryConnector} from '../../juggler';
import type {FailureChecks} from '../../planner/will-fail/checks';
import {mysqlAsConverted} from './converted-values';
import {foreignKeysNamed} from './foreign-key-names';
import {changedGeneratedColumn} from './generated-columns';
import {oversizedKey} from './key-length';
import {PRIMARY_KEY_COLUMNS, type PrimaryKeyColumn} from './primary-key';
import {unlimitedSelect} from './statement-limit';
import {oversizedRow} from './row-size';
import {oversizedInnodbRow} from './innodb-row-size';
import {droppedUniqueKeyColumn, mysqlUniqueKeys} from './unique-key-columns';
import {zeroedAutoIncrement} from './zero-ids';

/** The types a key part may take a prefix of: strings, binary strings. */
const PREFIXABLE =
  /^\s*(var)?(char|binary)\b|^\s*(tiny|medium|long)?(text|blob)\b/i;
const INTEGER = /^(tinyint|smallint|mediumint|int|integer|bigint)\b/;

/** MySQL and MariaDB (InnoDB): refuses NULLs in strict mode only. */
export const mysqlFailureChecks: FailureChecks = {
  fillsNewNotNullColumns: true,
  database: 'MySQL',
  storedType: written => written,
  asConverted: mysqlAsConverted,
  distinctCount: keys => `COUNT(DISTINCT ${keys.join(', ')})`,
  uniqueKeys: mysqlUniqueKeys,
  // A prefix key part (`title(20)`) of a column changed to a number or a
  // time indexes its whole value from then on (MariaDB drops the prefix).
  keepsPrefix: type => PREFIXABLE.test(type),
  // A prefix counts characters of a nonbinary string (CHAR, VARCHAR, TEXT)
  // and bytes of a binary one (BINARY, VARBINARY, BLOB), as LEFT() does in
  // the string's own character set.
  keyPrefix: (expression, length) => `LEFT(${expression}, ${length})`,
  oversizedRow: async (connector, table, sql) =>
    (await oversizedRow(connector, table, sql)) ??
    oversizedInnodbRow(connector, table, sql),
  oversizedKey,
  refusedDrop: droppedUniqueKeyColumn,
  refusedColumnChange: async (connector, table, sql) =>
    (await changedGeneratedColumn(connector, table, sql)) ??
    (await zeroedAutoIncrement(connector, table, sql)) ??
    (await refusedAutoColumns(connector, table, sql)) ??
    unknownColumnTypes(connector, table, sql),
  foreignKeysNamed,
  async refusesNulls(connector) {
    const rows = await queryConnector<{mode: string}>(
      connector,
      'SELECT @@SESSION.sql_mode AS mode',
    );
    return /\bSTRICT_(TRANS|ALL)_TABLES\b/.test(rows[0]?.mode ?? '');
  },
  async primaryKey(connector, table) {
    const rows = await queryConnector<PrimaryKeyColumn>(
      connector,
      PRIMARY_KEY_COLUMNS,
      [table.name, table.name],
    );
    return rows.map(r => r.name);
  },
  scan: (connector, sql) => queryConnector(connector, unlimitedSelect(sql)),
  async columnType(connector, table, column) {
    const rows = await queryConnector<{type: string}>(
      connector,
      `SELECT COLUMN_TYPE AS type FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?`,
      [table.name, column],
    );
    return rows[0]?.type;
  },
  typesMatch(_connector, fk, pk) {
    return Promise.resolve(mysqlTypesMatch(fk, pk));
  },
  references: mysqlReferences,
  keysNeedIndexes: true,
  referencedKey:
    'an index that starts with the columns a foreign key references',
  tableKeys: mysqlTableKeys,
};

/**
 * InnoDB's rule, for the types LoopBack models use: integers of the same
 * size and sign, character strings of any length, other types alike.
 */
export function mysqlTypesMatch(fk: string, pk: string): boolean {
  const norm = (type: string) =>
    type
      .toLowerCase()
      .replace(/^integer\b/, 'int')
      .replace(/^(tinyint|smallint|mediumint|int|bigint)\(\d+\)/, '$1')
      .replace(/\s+zerofill\b/, '')
      .replace(/\s+/g, ' ')
      .trim();
  const [f, p] = [norm(fk), norm(pk)];
  if (INTEGER.test(f) || INTEGER.test(p)) return f === p;
  const text = /^(var)?char\b/;
  if (text.test(f) && text.test(p)) return true;
  return f === p;
}
