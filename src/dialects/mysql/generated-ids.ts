import type {JugglerConnector} from '../../juggler';
import {typeOf} from '../../planner/alter-clauses';
import {quote} from './quote';
import {integerSign} from './types';

/** A `CREATE TABLE` statement. */
const CREATE_TABLE = /^CREATE\s+TABLE\b/i;

/**
 * A `CREATE TABLE` with `AUTO_INCREMENT` on the model's generated integer
 * id. The connector writes it only where the id's column type is exactly
 * `TINYINT`, `SMALLINT`, `MEDIUMINT`, `INT` or `BIGINT`: an id declared
 * `mysql: {dataType: 'int', dataPrecision: 10}` (as `lb4 discover` writes
 * an `INT` column, `INT(10)`), `dataType: 'int unsigned'` or `unsigned:
 * true` (`INT UNSIGNED`) got none, and every create without an id (juggler
 * sends none for a generated one) was refused: "Field 'id' doesn't have a
 * default value".
 */
export function autoIncrementedId(
  sql: string,
  connector: JugglerConnector,
  model: string,
): string {
  if (!CREATE_TABLE.test(sql)) return sql;
  const id = generatedIdColumn(connector, model);
  if (id === undefined) return sql;
  const column = quote(id);
  const escaped = column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const key = new RegExp(`(${escaped}\\s+)([^,]*?)(\\s+PRIMARY\\s+KEY\\b)`);
  const match = key.exec(sql);
  if (!match || /\bAUTO_INCREMENT\b/i.test(match[2])) return sql;
  if (integerSign(typeOf(match[2])) === undefined) return sql;
  return (
    sql.slice(0, match.index) +
    `${match[1]}${match[2]} AUTO_INCREMENT${match[3]}` +
    sql.slice(match.index + match[0].length)
  );
}

/** The column of the model's one id property when it is `generated`. */
export function generatedIdColumn(
  connector: JugglerConnector,
  model: string,
): string | undefined {
  const properties = connector._models?.[model]?.properties ?? {};
  const ids = Object.entries(properties).filter(
    ([, definition]) => (definition as {id?: unknown} | undefined)?.id,
  );
  if (ids.length !== 1) return undefined;
  const [property, definition] = ids[0];
  if (!(definition as {generated?: unknown}).generated) return undefined;
  return connector.column?.(model, property) ?? property;
}
