import type {JugglerConnector} from '../../juggler';
import {escapeName, qualifiedName} from '../dialect';
import {pgTableOf} from './model-schema';

interface GeneratingConnector extends JugglerConnector {
  columnDataType?(model: string, property: string): string;
  id?(model: string, property: string): unknown;
}

interface GeneratedProperty {
  readonly generated?: unknown;
  readonly postgresql?: {readonly dataType?: unknown};
}

const OPTIONAL_GENERATED_REASON =
  "the connector's CREATE TABLE makes a generated property NOT NULL (SERIAL, or a uuid " +
  'with its default), and PostgreSQL any column of a serial type; the model leaves it ' +
  'optional, as its next run would make it';

/** PostgreSQL's serial pseudo-types, which make their column NOT NULL. */
const SERIAL_TYPE = /^(?:SMALL|BIG)?SERIAL[248]?$/i;

/** The form of the statements {@link withOptionalGeneratedColumns} adds: the table. */
const DROPS_NOT_NULL = /^ALTER TABLE (\S+) ALTER COLUMN \S+ DROP NOT NULL$/;

/**
 * Why a statement {@link withOptionalGeneratedColumns} added runs
 * (`Dialect.reasonOf`): one of that form in a plan that creates its table.
 * The connector's own `DROP NOT NULL` (a required property made optional)
 * is of the same form, on a table the plan does not create.
 */
export function optionalGeneratedReason(
  sql: string,
  plan: readonly string[],
): string | undefined {
  const table = DROPS_NOT_NULL.exec(sql)?.[1];
  if (table === undefined) return undefined;
  const creates = plan.some(s => s.startsWith(`CREATE TABLE ${table} (`));
  return creates ? OPTIONAL_GENERATED_REASON : undefined;
}

/**
 * Make optional, in the run that creates the table, the generated
 * properties (not ids) that the connector's `CREATE TABLE` makes NOT NULL
 * although the model leaves them optional: an `INTEGER` one is made
 * `SERIAL` and a uuid one `UUID NOT NULL DEFAULT ...`; so are properties
 * (not ids) of a serial type (`postgresql: {dataType: 'bigserial'}`),
 * which PostgreSQL makes NOT NULL, generated or not. Its update compares
 * nullability and drops the NOT NULL: a second run was never up to date,
 * and until it ran, a NULL the model allows in the column was refused.
 */
export function withOptionalGeneratedColumns(
  connector: JugglerConnector,
  model: string,
  statements: readonly string[],
): string[] {
  const typing = connector as GeneratingConnector;
  const table = qualifiedName(connector, pgTableOf(connector, model));
  const creates = statements.some(sql =>
    sql.startsWith(`CREATE TABLE ${table} (`),
  );
  if (!creates) return [...statements];
  const properties = (connector._models?.[model]?.properties ?? {}) as Record<
    string,
    GeneratedProperty
  >;
  const optional = Object.entries(properties)
    .filter(
      ([name, property]) =>
        !typing.id?.(model, name) &&
        connector.isNullable?.(property) === true &&
        (serialTyped(typing, model, name) ||
          (Boolean(property.generated) &&
            madeNotNull(typing, model, name, property))),
    )
    .map(
      ([name]) =>
        `ALTER TABLE ${table} ALTER COLUMN ` +
        `${escapeName(connector, connector.column?.(model, name) ?? name)} DROP NOT NULL`,
    );
  return [...statements, ...optional];
}

/**
 * Whether the property's column type is a serial pseudo-type
 * (`postgresql: {dataType: 'bigserial'}`), which PostgreSQL makes NOT NULL
 * whatever the model says, generated or not.
 */
function serialTyped(
  connector: GeneratingConnector,
  model: string,
  name: string,
): boolean {
  return SERIAL_TYPE.test(
    connector.columnDataType?.(model, name)?.trim() ?? '',
  );
}

/** Whether the connector writes the generated property NOT NULL whatever the model says. */
function madeNotNull(
  connector: GeneratingConnector,
  model: string,
  name: string,
  property: GeneratedProperty,
): boolean {
  const dataType = property.postgresql?.dataType;
  return (
    connector.columnDataType?.(model, name) === 'INTEGER' ||
    (typeof dataType === 'string' && dataType.toUpperCase() === 'UUID')
  );
}
