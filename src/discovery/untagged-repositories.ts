import {
  BindingType,
  describeInjectedArguments,
  type Binding,
  type Context,
} from '@loopback/core';
import {REPOSITORY_TAG} from '../keys';
import type {AnyClass} from './app-sources';

/**
 * The class every repository `migrateSchema()` can migrate extends
 * (`DefaultTransactionalRepository` and juggler-bridge repositories
 * included), recognised by name: the app may load its own copy of
 * `@loopback/repository`.
 */
const CRUD_REPOSITORY = 'DefaultCrudRepository';

/**
 * A warning for each repository class bound without the `repository` tag
 * (`app.bind(key).toClass(UserRepository)`, as `@loopback/authentication-jwt`
 * and the apps following its README bind theirs): LoopBack's
 * `migrateSchema()`, and this one, find repositories by that tag, so such a
 * repository's model gets no table, in silence with stock. None for a
 * class also bound with the tag, nor for one whose datasource the app does
 * not bind (the app cannot use it: `@loopback/authentication-jwt`'s
 * refresh-token repository without its `refreshdb`). Reads the bindings;
 * resolves nothing.
 */
export function untaggedRepositoryWarnings(
  app: Pick<Context, 'find' | 'findByTag' | 'isBound'>,
): string[] {
  const tagged = new Set(app.findByTag(REPOSITORY_TAG).map(classOf));
  return app
    .find(b => !b.tagNames.includes(REPOSITORY_TAG))
    .flatMap(binding => {
      const repositoryClass = classOf(binding);
      if (
        !repositoryClass ||
        tagged.has(repositoryClass) ||
        !extendsCrudRepository(repositoryClass) ||
        injectsUnboundDataSource(app, repositoryClass)
      ) {
        return [];
      }
      const {name} = repositoryClass;
      return [
        `repository ${name} is bound at "${binding.key}" without the "repository" tag: ` +
          'migrateSchema() does not migrate its model (LoopBack finds repositories by that ' +
          `tag), so its table is not made nor changed. To migrate it, bind it also with ` +
          `app.repository(${name}), or add .tag('repository') to that binding.`,
      ];
    });
}

/** Whether a repository's constructor injects a datasource the app has not bound. */
function injectsUnboundDataSource(
  app: Pick<Context, 'isBound'>,
  repositoryClass: AnyClass,
): boolean {
  return describeInjectedArguments(repositoryClass).some(injection => {
    const key = injection.bindingSelector;
    const optional = (injection.metadata as {optional?: boolean}).optional;
    return (
      typeof key === 'string' &&
      key.startsWith('datasources.') &&
      !optional &&
      !app.isBound(key)
    );
  });
}

/** The class a binding makes its value of, if it is bound to one. */
function classOf(binding: Readonly<Binding<unknown>>): AnyClass | undefined {
  const {source} = binding;
  return source?.type === BindingType.CLASS
    ? (source.value as AnyClass)
    : undefined;
}

function extendsCrudRepository(cls: AnyClass): boolean {
  for (
    let c: unknown = cls;
    typeof c === 'function';
    c = Object.getPrototypeOf(c)
  ) {
    if (c.name === CRUD_REPOSITORY) return true;
  }
  return false;
}
