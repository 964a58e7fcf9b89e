import {loadedConnectorVersion} from '../../discovery/connector-version';
import {InvalidModelError} from '../../errors';
import type {JugglerConnector} from '../../juggler';
import {compareVersions} from '../../scripts/version-order';
import {describeTable, type ColumnType, type TableRef} from '../dialect';
import {declaredAsObject} from '../../planner/inferred-object-keys';

/** The connector members this check reads. */
interface ColumnTypingConnector extends JugglerConnector {
  readonly dataSource?: object;
  columnDataType?(model: string, property: string): string;
}

const PACKAGE = 'loopback-connector-postgresql';

/**
 * The first version whose warning for such a column throws: its chalk (5
 * and later) is an ES module, whose `chalk.red` is undefined when the
 * connector requires it.
 */
const THROWING_SINCE = '8.0.0';

/** A `generated` property whose column the connector cannot generate. */
interface UngeneratedProperty {
  readonly property: string;
  /** The connector's column type (`TEXT`, `BIGINT`). */
  readonly type: string | undefined;
  readonly definition: Readonly<Record<string, unknown>>;
}

/**
 * Refuse, for a table the plan creates, a property with `generated` set
 * whose column the connector cannot generate: it writes `SERIAL` for an
 * INTEGER column and `DEFAULT uuid_generate_v4()` for `postgresql.dataType
 * 'uuid'`, and for any other type (`lb4 model`'s generated string id, a
 * bigint id) warns with chalk, which throws from 8.0 on: CREATE TABLE is
 * never written ("chalk.red is not a function"; stock migrateSchema()
 * crashes the process). Earlier versions make the column without a default,
 * as stock does, and are left to do so (see {@link ungeneratedIdWarnings}).
 */
export function checkUngeneratedColumns(
  connector: ColumnTypingConnector,
  model: string,
): void {
  // The version is looked up only for a model that has such a property.
  const [first] = ungeneratedProperties(connector, model);
  if (!first || !throwsForUngenerated(connector)) return;
  const {property, type} = first;
  const typedObject = declaredAsObject(connector._models?.[model], property)
    ? ` Its type is Object, what TypeScript records for a property declared ` +
      `as a union such as \`number | undefined\` without a type in its ` +
      `decorator: declare \`${property}?: number;\` for a SERIAL.`
    : '';
  throw new InvalidModelError(
    `model ${model}: property ${property} is generated: true with the ` +
      `column type ${type}, which ${PACKAGE} cannot generate (it ` +
      "generates INTEGER as SERIAL and postgresql.dataType 'uuid' with " +
      'uuid_generate_v4()): for any other type, its 8.x and later ' +
      'versions fail to write the CREATE TABLE ("chalk.red is not a ' +
      `function").${typedObject} Declare postgresql: {dataType: 'uuid'} for a ` +
      "generated uuid, or generated: false with defaultFn: 'uuidv4' for " +
      'LoopBack to make the value, for a number ' +
      "postgresql: {dataType: 'bigserial'} without generated: true, or " +
      'create the table in a migration script with the default you want ' +
      "(runs = 'before-schema').",
    model,
  );
}

/**
 * Warnings for a table the plan creates, on a connector before 8.0 (which
 * makes it, see {@link checkUngeneratedColumns}): a `generated: true` id
 * whose column the connector makes without a default (`TEXT NOT NULL`, the
 * string id `lb4 model` writes), so juggler sends no id and every create
 * is refused ("null value in column ... violates not-null constraint");
 * the connector's own warning goes to the console only. An id with a
 * `defaultFn` is filled by juggler: it is not named. A table that exists
 * is named where its column has no default (see {@link existingIdWarning}).
 */
export function ungeneratedIdWarnings(
  connector: ColumnTypingConnector,
  model: string,
): string[] {
  const ids = ungeneratedIds(connector, model);
  if (ids.length === 0 || throwsForUngenerated(connector) !== false) return [];
  return ids.map(
    ({property, type}) =>
      `model ${model}, property ${property}: generated: true on a ${type} column, which ` +
      `${PACKAGE} cannot generate (only INTEGER, as SERIAL, and postgresql.dataType 'uuid') ` +
      'and makes without a default: every create without an id is refused ("null value ' +
      `in column "${connector.column?.(model, property) ?? property}" violates not-null constraint"). ` +
      "Declare postgresql: {dataType: 'uuid'} for a generated uuid, or generated: false " +
      "with defaultFn: 'uuidv4' (the app makes each id), or a number id",
  );
}

/**
 * `Dialect.existingIdWarning` of PostgreSQL: the same for a table that
 * exists (whatever the connector's version: it writes no definition of an
 * existing column), whose id column has neither a default nor identity
 * (an earlier connector, or stock, made it so).
 */
export function existingIdWarning(
  connector: ColumnTypingConnector,
  model: string,
  property: string,
  table: TableRef,
  column: ColumnType,
): string | undefined {
  if (!ungeneratedIds(connector, model).some(id => id.property === property))
    return undefined;
  return (
    `model ${model}, property ${property}: generated: true on a ${column.type.toUpperCase()} ` +
    `column, which ${PACKAGE} cannot generate (only INTEGER, as SERIAL, and ` +
    `postgresql.dataType 'uuid'), and column "${column.column}" of table ` +
    `${describeTable(table)} has no default: every create without an id is refused ` +
    `("null value in column "${column.column}" violates not-null constraint"). ` +
    "Declare generated: false with defaultFn: 'uuidv4' (the app makes each id), or " +
    "give the column a default in a migration script with runs = 'before-schema' " +
    '(DEFAULT gen_random_uuid()::text for a string id)'
  );
}

/** The {@link ungeneratedProperties} that are ids without a `defaultFn`. */
function ungeneratedIds(
  connector: ColumnTypingConnector,
  model: string,
): UngeneratedProperty[] {
  return ungeneratedProperties(connector, model).filter(
    ({definition}) => definition.id && !definition.defaultFn,
  );
}

/**
 * Whether the loaded connector throws for a column it cannot generate (8.0
 * and later); `undefined` when its version is unknown.
 */
function throwsForUngenerated(
  connector: ColumnTypingConnector,
): boolean | undefined {
  const version =
    connector.dataSource &&
    loadedConnectorVersion(connector.dataSource, PACKAGE);
  return version ? compareVersions(version, THROWING_SINCE) >= 0 : undefined;
}

function ungeneratedProperties(
  connector: ColumnTypingConnector,
  model: string,
): UngeneratedProperty[] {
  const properties = connector._models?.[model]?.properties ?? {};
  return Object.entries(properties).flatMap(([property, value]) => {
    const definition = (value ?? {}) as Record<string, unknown>;
    if (!definition.generated) return [];
    const type = connector.columnDataType?.(model, property);
    const declared = String(
      (definition.postgresql as {dataType?: unknown} | undefined)?.dataType ??
        '',
    ).toUpperCase();
    if (type === 'INTEGER' || declared === 'UUID') return [];
    return [{property, type, definition}];
  });
}
