import {loadedConnectorVersion} from '../../discovery/connector-version';
import {InvalidModelError} from '../../errors';
import type {JugglerConnector} from '../../juggler';
import {compareVersions} from '../../scripts/version-order';

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

/**
 * Refuse, for a table the plan creates, a property with `generated` set
 * whose column the connector cannot generate: it writes `SERIAL` for an
 * INTEGER column and `DEFAULT uuid_generate_v4()` for `postgresql.dataType
 * 'uuid'`, and for any other type (`lb4 model`'s generated string id, a
 * bigint id) warns with chalk, which throws from 8.0 on: CREATE TABLE is
 * never written ("chalk.red is not a function"; stock migrateSchema()
 * crashes the process). Earlier versions make the column without a default,
 * as stock does, and are left to do so.
 */
export function checkUngeneratedColumns(
  connector: ColumnTypingConnector,
  model: string,
): void {
  const version =
    connector.dataSource &&
    loadedConnectorVersion(connector.dataSource, PACKAGE);
  if (!version || compareVersions(version, THROWING_SINCE) < 0) return;
  const properties = connector._models?.[model]?.properties ?? {};
  for (const [property, definition] of Object.entries(properties)) {
    const {generated, postgresql} = definition as {
      generated?: unknown;
      postgresql?: {dataType?: unknown};
    };
    if (!generated) continue;
    const type = connector.columnDataType?.(model, property);
    const declared = String(postgresql?.dataType ?? '').toUpperCase();
    if (type === 'INTEGER' || declared === 'UUID') continue;
    throw new InvalidModelError(
      `model ${model}: property ${property} is generated: true with the ` +
        `column type ${type}, which ${PACKAGE} cannot generate (it ` +
        "generates INTEGER as SERIAL and postgresql.dataType 'uuid' with " +
        'uuid_generate_v4()): for any other type, its 8.x and later ' +
        'versions fail to write the CREATE TABLE ("chalk.red is not a ' +
        "function\"). Declare postgresql: {dataType: 'uuid'} for a " +
        "generated uuid, or generated: false with defaultFn: 'uuidv4' for " +
        'LoopBack to make the value, for a number ' +
        "postgresql: {dataType: 'bigserial'} without generated: true, or " +
        'create the table in a migration script with the default you want ' +
        "(runs = 'before-schema').",
      model,
    );
  }
}
