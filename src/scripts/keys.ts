import {BindingKey} from '@loopback/core';

/** The tag of every migration script binding (`app.migrationScript()`, `@migrationScript()`). */
export const MIGRATION_SCRIPT_TAG = 'migrationScript';

/** The binding namespace of migration scripts: `migrationScripts.SeedDefaultLists`. */
export const MIGRATION_SCRIPTS_NAMESPACE = 'migrationScripts';

/**
 * The tag that holds a script's version on its binding, when the version
 * could be read at registration (used to reject duplicate versions early).
 */
export const MIGRATION_SCRIPT_VERSION_TAG = 'migrationScriptVersion';

/**
 * The tag that holds, on a script's binding made by the booter, the file it
 * came from (its source file when a source map says), for messages.
 */
export const MIGRATION_SCRIPT_SOURCE_TAG = 'migrationScriptSource';

/** The ledger table's name unless {@link MIGRATION_LEDGER_TABLE} is bound. */
export const DEFAULT_MIGRATION_LEDGER_TABLE = 'schema_migration_scripts';

/**
 * Bind a table name here to change the name of the ledger table that every
 * datasource keeps of its applied scripts. A `schema.table` name is allowed
 * on PostgreSQL.
 *
 * @default DEFAULT_MIGRATION_LEDGER_TABLE ('schema_migration_scripts')
 *
 * @example
 * ```ts
 * app.bind(MIGRATION_LEDGER_TABLE).to('app_migrations');
 * ```
 */
export const MIGRATION_LEDGER_TABLE = BindingKey.create<string>(
  'schemaMigration.ledgerTable',
);

/**
 * The versions of the scripts a run leaves out, bound in the context of a
 * shadow database by `migrate --check --schema-source scripts`: those
 * pending on the app's database, so that the models are planned on what
 * its applied scripts make.
 */
export const SKIPPED_MIGRATION_SCRIPTS = BindingKey.create<ReadonlySet<string>>(
  'schemaMigration.skippedScripts',
);
