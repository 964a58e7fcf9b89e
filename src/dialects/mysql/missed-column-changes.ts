import type {JugglerConnector} from '../../juggler';
import {StatementClauses, unquote} from '../../planner/statement-clauses';
import type {PlanCache} from '../dialect';
import {withColumnClauses} from './column-alter';
import {sameDefault, sameType, statedColumn, tableColumns} from './no-ops';
import type {CatalogColumn} from './plan-reads';
import {quote} from './quote';
import {
  canonicalMysqlType,
  integerWidthOnly,
  withoutNumberNotTaken,
} from './types';

/** The connector methods this check calls. */
interface ColumnTypingConnector extends JugglerConnector {
  id?(model: string, property: string): boolean;
  columnDataType?(model: string, property: string): string | null;
  buildColumnDefinition?(model: string, property: string): string;
}

const COLUMN_CLAUSE =
  /^(?:CHANGE|MODIFY|DROP)\s+(?:COLUMN\s+)?(`(?:[^`]|``)*`|[\w$]+)/i;

/**
 * Add the `CHANGE COLUMN` the connector's autoupdate forgets. It compares
 * an existing column with `buildColumnType()`, which ignores the
 * property's `mysql.dataLength`, `dataPrecision` and `dataScale`, while
 * `CREATE TABLE` writes `columnDataType()`, which reads them: a property
 * changed from `{type: 'string'}` to `dataLength: 1000`, or from
 * `DECIMAL(9,2)` to `dataPrecision: 12, dataScale: 4`, was reported up to
 * date and never changed, while a new database got the new type. For a
 * boolean or GeoPoint property it ignores `mysql.dataType` itself (a
 * boolean to `dataType: 'bit'`), and it never compares a column's default
 * with `mysql.default`. Each non-id column the connector's statements leave
 * alone whose length, precision or scale differs from the one `CREATE
 * TABLE` would write (see {@link sizeChange}), or, for those properties,
 * whose type does, or whose default is not the `mysql.default` the
 * property declares, gets the connector's own column definition. A
 * default the property does not declare stays (see `withKeptDefaults`).
 * They join the connector's `ALTER TABLE` of the table's columns, if any
 * (see {@link withColumnClauses}): one copy of the table, not two.
 */
export async function withMissedColumnChanges(
  connector: ColumnTypingConnector,
  model: string,
  statements: readonly string[],
  cache: PlanCache,
): Promise<string[]> {
  const table = connector.table?.(model);
  const properties = connector._models?.[model]?.properties ?? {};
  const {columnDataType, buildColumnDefinition} = connector;
  // A table the statements create (a rebuild) is made as the model says.
  const creates = statements.some(s => /^\s*CREATE\s+TABLE\b/i.test(s));
  if (!table || creates || !columnDataType || !buildColumnDefinition) {
    return [...statements];
  }
  const current = await tableColumns(connector, table, cache);
  if (current.length === 0) return [...statements];
  const touched = new Set(
    new StatementClauses(statements).remaining().flatMap(clause => {
      const match = COLUMN_CLAUSE.exec(clause.text);
      return match ? [unquote(match[1]).toLowerCase()] : [];
    }),
  );
  const changes: string[] = [];
  for (const [property, definition] of Object.entries(properties)) {
    if (!definition || connector.id?.(model, property)) continue;
    const column = connector.column?.(model, property) ?? property;
    // The connector finds a column by its exact name.
    const found = current.find(c => c.name === column);
    if (!found || touched.has(column.toLowerCase())) continue;
    const declared = columnDataType.call(connector, model, property);
    if (!declared) continue;
    const wanted = withoutNumberNotTaken(declared);
    const typeName = (definition as {type?: {name?: string}}).type?.name;
    const definitionSql = withoutNumberNotTaken(
      buildColumnDefinition.call(connector, model, property),
    );
    const stated = statedColumn(definitionSql)?.default;
    const missed =
      sizeChange(wanted, found) ||
      (TYPED_WITHOUT_DATA_TYPE.has(typeName ?? '') &&
        !sameType(wanted, found) &&
        !integerWidthOnly(wanted, found.type)) ||
      (stated !== undefined && !sameDefault(stated, found.default));
    if (!missed) continue;
    const columnSql = quote(column);
    changes.push(`CHANGE COLUMN ${columnSql} ${columnSql} ${definitionSql}`);
  }
  const escaped = connector.tableEscaped?.(model) ?? quote(table);
  return withColumnClauses(statements, escaped, changes);
}

/**
 * The property types whose column type the connector compares without
 * reading `mysql.dataType` (it compares `TINYINT(1)` and `POINT`).
 */
const TYPED_WITHOUT_DATA_TYPE = new Set(['Boolean', 'GeoPoint', 'Point']);

/** Types whose arguments (length, precision, scale) decide what values fit. */
const SIZED = new Set([
  'char',
  'varchar',
  'binary',
  'varbinary',
  'decimal',
  'float',
  'double',
  'datetime',
  'timestamp',
  'time',
]);

/**
 * Whether the declared type is the column's type with another length,
 * precision or scale, which is what the connector's comparison misses
 * (it sees a change of the type itself). Not an integer's display width
 * (`INT(10)`, as lb4 discover writes an `int(11)` column: it changes no
 * value), nor `TEXT(n)`, nor a `VARCHAR` without a length (`dataType:
 * 'varchar'` alone, which the server refuses).
 */
function sizeChange(declared: string, column: CatalogColumn): boolean {
  const wanted = canonicalMysqlType(declared);
  const base = /^([a-z ]+)\(/.exec(wanted)?.[1];
  if (!base || !SIZED.has(base)) return false;
  const actual = canonicalMysqlType(column.type);
  return actual.startsWith(`${base}(`) || actual === base
    ? !sameType(declared, column)
    : false;
}
