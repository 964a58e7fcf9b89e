import {queryConnector, type JugglerConnector} from '../../juggler';

type Row = Record<string, unknown>;

/** A foreign key's name and rules in `SHOW CREATE TABLE`'s text. */
const CONSTRAINT =
  /CONSTRAINT `((?:[^`]|``)+)` FOREIGN KEY \((?:`(?:[^`]|``)+`(?:, ?)?)+\) REFERENCES (?:`(?:[^`]|``)+`\.)?`(?:[^`]|``)+` \((?:`(?:[^`]|``)+`(?:, ?)?)+\)((?: ON (?:DELETE|UPDATE) (?:RESTRICT|CASCADE|SET NULL|NO ACTION|SET DEFAULT))*)/g;

const RULE =
  / ON (DELETE|UPDATE) (RESTRICT|CASCADE|SET NULL|NO ACTION|SET DEFAULT)/g;

/**
 * The rules rows (as `REFERENTIAL_CONSTRAINTS` has them: `tableName`,
 * `name`, `target`, `onDelete`, `onUpdate`) of the foreign keys that
 * `KEY_COLUMN_USAGE` lists (`columns`, one row per column) and
 * `REFERENTIAL_CONSTRAINTS` does not (`shown`: its rows): MariaDB lists
 * a foreign key there (and in TABLE_CONSTRAINTS) only to a user with a
 * privilege other than SELECT on the whole database, so a user with
 * table-level grants or SELECT alone sees none. Read from their tables'
 * `SHOW CREATE TABLE`, where the connector reads them too; a rule it
 * does not spell is RESTRICT, as REFERENTIAL_CONSTRAINTS says.
 */
export async function hiddenForeignKeyRules(
  connector: JugglerConnector,
  columns: readonly Row[],
  shown: readonly Row[],
): Promise<Row[]> {
  const key = (row: Row) => JSON.stringify([row.tableName, row.name]);
  const listed = new Set(shown.map(key));
  const hidden = new Map<string, Row>();
  for (const column of columns) {
    if (!listed.has(key(column))) hidden.set(key(column), column);
  }
  const tables = [...new Set([...hidden.values()].map(c => c.tableName))];
  const rules: Row[] = [];
  for (const table of tables) {
    const [created] = await queryConnector<Row>(
      connector,
      `SHOW CREATE TABLE \`${String(table).replace(/`/g, '``')}\``,
    );
    const text = String(created?.['Create Table'] ?? '');
    for (const match of text.matchAll(CONSTRAINT)) {
      const name = match[1].replace(/``/g, '`');
      const column = hidden.get(key({tableName: table, name}));
      if (!column) continue;
      const spelt = new Map(
        [...match[2].matchAll(RULE)].map(r => [r[1], r[2]] as const),
      );
      rules.push({
        tableName: table,
        name,
        target: column.pkTableName,
        onDelete: spelt.get('DELETE') ?? 'RESTRICT',
        onUpdate: spelt.get('UPDATE') ?? 'RESTRICT',
      });
    }
  }
  return rules;
}
