import {injectable, type Binding, type BindingSpec} from '@loopback/core';
import {MIGRATION_SCRIPT_TAG} from './keys';

/** A binding template that marks a binding as a migration script. */
export function asMigrationScript<T>(binding: Binding<T>): Binding<T> {
  return binding.tag(MIGRATION_SCRIPT_TAG);
}

/**
 * Mark a class as a migration script, like `loopback4-migration`'s decorator
 * of the same name. Register it with `app.migrationScript()`, or put it in a
 * `migrations/*.migration.js` file for the booter to find. Extra binding
 * specs (scope, tags) may be given.
 *
 * @example
 * ```ts
 * @migrationScript()
 * export class SeedDefaultLists implements MigrationScript {
 *   version = '1.1.0';
 *   async up(ctx: MigrationContext) {}
 * }
 * ```
 */
export function migrationScript(...specs: BindingSpec[]): ClassDecorator {
  return injectable(asMigrationScript, ...specs);
}
