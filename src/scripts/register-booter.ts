import type {Binding, Constructor} from '@loopback/core';

/** The part of a `BootMixin` app this module needs. */
interface BootableApp {
  booters(...booterCls: Constructor<unknown>[]): Binding[];
}

function isBootable(app: object): app is BootableApp {
  return typeof (app as Partial<BootableApp>).booters === 'function';
}

/**
 * Add the migration script booter to an app that has `BootMixin`, so that
 * `app.boot()` finds `migrations/*.migration.js`. Other apps are left alone,
 * and `@loopback/boot` (an optional peer dependency) is only loaded for apps
 * that boot. Returns the booter's binding, or `undefined`.
 */
export function registerMigrationScriptBooter(
  app: object,
): Binding | undefined {
  if (!isBootable(app)) return undefined;
  // Loaded here, not imported at the top: apps without @loopback/boot must
  // not need it.
  const booterModule: typeof import('./booter') =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('./booter');
  const [binding] = app.booters(booterModule.MigrationScriptBooter);
  return binding;
}
