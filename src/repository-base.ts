import type {Application, Constructor, MixinTarget} from '@loopback/core';
import {
  RepositoryMixin,
  type ApplicationWithRepositories,
} from '@loopback/repository';

/**
 * An application class with `RepositoryMixin`'s methods but its
 * `migrateSchema()`, which `SchemaMigrationMixin` declares (it resolves to
 * a report).
 */
export type WithRepositoryMixin<T extends MixinTarget<Application>> = T &
  Constructor<Omit<ApplicationWithRepositories, 'migrateSchema'>>;

/**
 * `superClass` itself when `RepositoryMixin` (or a mixin that does what it
 * does) is already applied to it, else `RepositoryMixin(superClass)`: so
 * that `SchemaMigrationMixin` may wrap the app's mixins or stand in place
 * of `RepositoryMixin` (`BootMixin(ServiceMixin(SchemaMigrationMixin(
 * RestApplication)))`), and the booters find `app.repository()`,
 * `app.dataSource()` and `app.model()` either way.
 */
export function withRepositoryMixin<T extends MixinTarget<Application>>(
  superClass: T,
): WithRepositoryMixin<T> {
  const prototype = superClass.prototype as Partial<
    Record<(typeof REPOSITORY_METHODS)[number], unknown>
  >;
  const applied = REPOSITORY_METHODS.every(
    method => typeof prototype[method] === 'function',
  );
  return (
    applied ? superClass : RepositoryMixin(superClass)
  ) as WithRepositoryMixin<T>;
}

/** What `RepositoryMixin` adds that LoopBack's booters and components call. */
const REPOSITORY_METHODS = [
  'repository',
  'getRepository',
  'dataSource',
  'model',
  'migrateSchema',
] as const;
