/**
 * How to apply `SchemaMigrationMixin`, in the two forms README's "Use"
 * section gives: around `RepositoryMixin` (outermost), or in place of it.
 * The end of every error that says how to wrap the app's class.
 */
export const MIXIN_FORMS =
  'Apply SchemaMigrationMixin around RepositoryMixin, as the outermost mixin: ' +
  'class MyApplication extends SchemaMigrationMixin(BootMixin(ServiceMixin(RepositoryMixin(RestApplication)))) {}; ' +
  'or in place of RepositoryMixin, which it then applies itself: ' +
  'class MyApplication extends BootMixin(ServiceMixin(SchemaMigrationMixin(RestApplication))) {}';
