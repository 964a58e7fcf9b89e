import {dialectFor} from '../dialects';
import type {MigrationOperation} from '../types';
import {connectorNameOf} from './connector-name';

/** Something LoopBack's `migrateSchema()` would call: `ds[operation](models)`. */
export type StockMigratable = {
  readonly [operation in MigrationOperation]?: (
    models?: string[],
  ) => Promise<unknown> | unknown;
};

/**
 * When a datasource must be migrated by calling its own `operation` method
 * as LoopBack does (rather than planned from its models): the method is not
 * juggler's (a subclass or the instance overrides it, or the object is not a
 * juggler DataSource at all), or its connector keeps no model registry, so
 * nothing can be planned from models. `undefined` when the datasource can be
 * planned, or has no such method.
 */
export function ownMigrationMethod(
  value: unknown,
  operation: MigrationOperation,
): {readonly target: StockMigratable; readonly reason: string} | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const target = value as StockMigratable & {
    connector?: {_models?: unknown} | null;
  };
  if (typeof target[operation] !== 'function') return undefined;
  const methodOwner = definedBy(value, operation);
  // juggler's DataSource.prototype defines createModel() beside its own
  // autoupdate()/automigrate(); anything else defines them itself.
  const jugglerPrototype = definedBy(value, 'createModel');
  if (!jugglerPrototype) {
    return {
      target,
      reason: `it is not a juggler DataSource; its own ${operation}() is called`,
    };
  }
  if (methodOwner !== jugglerPrototype) {
    return {
      target,
      reason: `it defines its own ${operation}(), which is called as LoopBack calls it`,
    };
  }
  const connector = target.connector;
  if (connector && typeof connector._models !== 'object') {
    return {
      target,
      reason: `its connector keeps no model registry; ${operation}() is called as LoopBack calls it`,
    };
  }
  const customClass = connector && customConnectorMethod(value, operation);
  if (customClass) {
    return {
      target,
      reason:
        `its connector defines its own ${operation}() (${customClass}), which ` +
        'is called as LoopBack calls it: its statements are not planned or ' +
        'checked for data loss',
    };
  }
  return undefined;
}

/**
 * Where a connector this package plans defines `operation` when not in its
 * package's classes (`connectorClasses`): `class ViewConnector`, `the
 * connector object itself` or `an unnamed prototype`. `undefined` for the package's own method, and
 * for connectors this package does not plan.
 */
function customConnectorMethod(
  dataSource: object,
  operation: MigrationOperation,
): string | undefined {
  const dialect = dialectFor(connectorNameOf(dataSource));
  const {connector} = dataSource as {connector?: object};
  if (!dialect || !connector) return undefined;
  const owner = definedBy(connector, operation);
  if (!owner) return undefined;
  if (owner === connector) return 'the connector object itself';
  const className = classNameOf(owner);
  if (dialect.tested.connectorClasses.includes(className)) return undefined;
  return className ? `class ${className}` : 'an unnamed prototype';
}

/** The name of the class whose prototype `prototype` is ('' when none). */
function classNameOf(prototype: object): string {
  const own = Object.getOwnPropertyDescriptor(prototype, 'constructor');
  const ctor: unknown = own?.value;
  return typeof ctor === 'function' ? ctor.name : '';
}

/** The object in the prototype chain that owns `key`, if any. */
function definedBy(value: object, key: string): object | undefined {
  for (
    let current: object | null = value;
    current;
    current = Object.getPrototypeOf(current) as object | null
  ) {
    if (Object.prototype.hasOwnProperty.call(current, key)) return current;
  }
  return undefined;
}
