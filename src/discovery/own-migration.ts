import type {MigrationOperation} from '../types';

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
  return undefined;
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
