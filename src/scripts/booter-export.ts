/**
 * `MigrationScriptBooter` as the package exports it. `./booter` imports
 * `@loopback/boot`, an optional peer dependency, so it is loaded when the
 * export is first read, not when the package is: an app without
 * `@loopback/boot` can load the package (see `registerMigrationScriptBooter`).
 */
import type * as BooterModule from './booter';

export type MigrationScriptBooter = BooterModule.MigrationScriptBooter;
export declare const MigrationScriptBooter: typeof BooterModule.MigrationScriptBooter;

Object.defineProperty(exports, 'MigrationScriptBooter', {
  enumerable: true,
  get: (): typeof BooterModule.MigrationScriptBooter => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const booterModule: typeof BooterModule = require('./booter');
    return booterModule.MigrationScriptBooter;
  },
});
