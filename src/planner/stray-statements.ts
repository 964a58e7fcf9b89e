import {describeTable} from '../dialects/dialect';
import type {AttachedModel} from '../juggler';
import {statementTarget, type Fold, type NamedTable} from './statement-target';
import type {TableRef} from '../dialects/dialect';

/**
 * Whether a statement captured for a model is one the connector makes for
 * that model's table: its schema or an extension, creating or altering the
 * table, creating or dropping one of its indexes. The table is read from
 * the statement itself. Anything else (a `DROP TABLE`, another table's
 * change, a statement of another kind) got into the connector's SQL text
 * from a model setting it pastes as it is.
 */
export function belongsToTable(
  sql: string,
  table: TableRef,
  fold: Fold,
): boolean {
  const target = statementTarget(sql, fold);
  switch (target.kind) {
    case 'create-extension':
      return true;
    case 'create-schema':
      return target.schema === table.schema;
    case 'create-table':
    case 'alter-table':
    case 'create-index':
      return sameTable(target.table, table);
    case 'drop-index':
      // PostgreSQL names only the index (in the table's schema).
      return target.table
        ? sameTable(target.table, table)
        : sameSchema(target.index.schema, table.schema);
    default:
      return false;
  }
}

function sameTable(named: NamedTable, table: TableRef): boolean {
  return (
    sameSchema(named.schema, table.schema) &&
    named.name.toLowerCase() === table.name.toLowerCase()
  );
}

/** An unwritten schema is the table's (the connectors always write it). */
function sameSchema(written: string, schema: string): boolean {
  return written === '' || written === schema;
}

/**
 * Why a stray statement (see {@link belongsToTable}) in a model's captured
 * SQL is refused, naming the settings that can have put it there and how to
 * fix them.
 */
export function strayStatementReason(
  model: string,
  table: TableRef,
  sql: string,
  definition: AttachedModel | undefined,
): string {
  const sources = injectingSettings(definition, sql);
  const where =
    sources.length > 0
      ? `it comes from ${sources.join(', ')}`
      : 'it comes from a setting of the model that the connector pastes into SQL as it is ' +
        '(a default, dbDefault, foreign key or index setting)';
  return (
    `model ${model}: its SQL holds a statement that is not part of changing table ` +
    `${describeTable(table)}: "${sql.replace(/\s+/g, ' ')}". ${capitalized(where)}; the ` +
    'connector copies that text into its SQL, where a ";" ends the statement. ' +
    'Nothing runs: fix the setting (a default must be one value or expression, inside ' +
    'quotes when it is a string)'
  );
}

function capitalized(text: string): string {
  return text[0].toUpperCase() + text.slice(1);
}

/**
 * The settings of a model (property settings, `settings.*`) whose text holds
 * a `;`: those holding the stray statement's start first, or every such
 * setting when none does.
 */
function injectingSettings(
  definition: AttachedModel | undefined,
  sql: string,
): string[] {
  if (!definition) return [];
  const found: Array<{where: string; value: string}> = [];
  for (const [property, settings] of Object.entries(definition.properties)) {
    collect(settings, [], (path, value) =>
      found.push({
        where: `property "${property}" setting "${path.join('.')}"`,
        value,
      }),
    );
  }
  collect(definition.settings, ['settings'], (path, value) =>
    found.push({where: `model setting "${path.join('.')}"`, value}),
  );
  const withSemicolon = found.filter(
    f => f.value.includes(';') && !NEVER_PASTED.test(f.where),
  );
  const start = words(sql).slice(0, 3).join(' ');
  const holding = withSemicolon.filter(f =>
    start === ''
      ? startsAfterSemicolon(f.value, sql)
      : words(f.value).join(' ').includes(start),
  );
  return (holding.length > 0 ? holding : withSemicolon).map(f => f.where);
}

/**
 * Whether a part of `value` after a `;` starts `sql`: for a stray statement
 * without words (`--)`), which every setting's words hold.
 */
function startsAfterSemicolon(value: string, sql: string): boolean {
  const plain = (text: string) =>
    text.replace(/\s+/g, ' ').trim().toLowerCase();
  return value
    .split(';')
    .slice(1)
    .some(part => plain(part) !== '' && plain(sql).startsWith(plain(part)));
}

/** A description: documentation, which neither connector writes into SQL. */
const NEVER_PASTED = /setting "(?:settings\.)?description"$/;

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\w$]+/)
    .filter(Boolean);
}

/**
 * Call `found` with the path of every string inside `value` (objects,
 * arrays), and of every key holding a `;` (an index's `keys` are column
 * names the connector pastes as they are), as the key itself.
 */
function collect(
  value: unknown,
  path: string[],
  found: (path: string[], value: string) => void,
  depth = 0,
): void {
  if (typeof value === 'string') {
    found(path, value);
  } else if (value && typeof value === 'object' && depth < 6) {
    for (const [key, inner] of Object.entries(value)) {
      if (key.includes(';')) found([...path, key], key);
      collect(inner, [...path, key], found, depth + 1);
    }
  }
}
