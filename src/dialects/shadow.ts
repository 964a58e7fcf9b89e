import {randomBytes} from 'node:crypto';
import type {JugglerConnector} from '../juggler';
import type {DefinitionsReader} from './previous-definitions';

/**
 * A temporary database on the same server as a datasource's (a shadow
 * database): `migrate --generate` applies the committed migration scripts
 * to it and plans the models against it, so that the developer's own
 * database is never read for the diff nor changed.
 */
export interface ShadowDatabases {
  /**
   * Create the database `name` next to the connector's database, with its
   * defaults (encoding, collation).
   */
  create(connector: JugglerConnector, name: string): Promise<void>;
  /** Close every connection of a datasource on a shadow database. */
  disconnect(dataSource: ShadowDataSource): Promise<void>;
  /**
   * Cancel the statements other sessions run on the database `name` (by
   * default the connector's own), through `connector`: an interrupted run
   * fails at once, and then drops (or empties) it.
   */
  cancel(connector: JugglerConnector, name?: string): Promise<void>;
  /** Drop the database `name` (its connections ended first); no error when it is gone. */
  drop(connector: JugglerConnector, name: string): Promise<void>;
  /** The datasource settings `settings` with the database swapped for `name`. */
  settings(
    settings: Readonly<Record<string, unknown>>,
    name: string,
  ): Record<string, unknown>;
  /**
   * Which database the connector is on, as the server names it (the
   * database and the server's own identity): a given shadow database must
   * not be the datasource's own.
   */
  identity(connector: JugglerConnector): Promise<string>;
  /**
   * The tables of the connector's database (PostgreSQL: outside the system
   * schemas), quoted and qualified: a given shadow database must have none.
   */
  tables(connector: JugglerConnector): Promise<string[]>;
  /**
   * What the connector's database holds beside its tables that a run can
   * add and dropping tables leaves (PostgreSQL: schemas, extensions), read
   * before a run on a given shadow database: `empty()` keeps it.
   */
  extras(connector: JugglerConnector): Promise<ShadowExtras>;
  /**
   * Drop every table of the connector's database, with the foreign keys
   * between them, and what else the run added to it (the `extras()` not in
   * `before`): a given shadow database is left as it was found, so the
   * next run plans from the same empty database (a schema left there
   * would take its CREATE SCHEMA out of the next script).
   */
  empty(connector: JugglerConnector, before: ShadowExtras): Promise<void>;
  /**
   * Every index of the connector's database, as `table.index` (unquoted),
   * where the server makes indexes by itself (MySQL: one named after a
   * foreign key that no index serves, which dropping the key leaves);
   * compared before and after the plan runs on the shadow database, they
   * give `inverseOf()` the indexes to drop. Absent where the server makes
   * none that outlive what made them.
   */
  indexes?(connector: JugglerConnector): Promise<Set<string>>;
  /**
   * The definitions the statement `sql` is about to replace or drop (a
   * column whose type it changes, an index or constraint it drops), read
   * from the catalog of the connector's database: `inverseOf()` restores
   * them. `undefined` for a statement that replaces none, without a query.
   */
  readonly definitions: DefinitionsReader;
  /** `true` when the error is the server refusing CREATE DATABASE for lack of the privilege. */
  isPermissionError(error: unknown): boolean;
  /** How to grant the privilege, for the message of that error. */
  readonly grantHint: string;
}

/**
 * What a database holds beside its tables, each quoted as the server
 * quotes it; empty where the server has no such things (MySQL: a database
 * is a schema, and there are no extensions).
 */
export interface ShadowExtras {
  /**
   * The schemas of its own: not the default one (`public`), the server's,
   * nor an extension's.
   */
  readonly schemas: readonly string[];
  readonly extensions: readonly string[];
}

/** The part of a juggler datasource that `disconnect()` uses. */
export interface ShadowDataSource {
  readonly connector?: unknown;
  readonly connected?: boolean;
  ping(): Promise<unknown>;
  disconnect(): Promise<unknown>;
}

/**
 * How `down()` undoes one planned statement: `{sql}` its exact inverse;
 * `{kept}` nothing, for an idempotent statement that ensures a shared
 * object exists (`CREATE EXTENSION IF NOT EXISTS`), which stays; `{none}`
 * why it cannot be undone exactly.
 */
export type InverseStatement =
  {readonly sql: string} | {readonly kept: string} | {readonly none: string};

/** A fresh shadow database name: `lsm_shadow_<12 hex digits>`. */
export function shadowDatabaseName(): string {
  return `lsm_shadow_${randomBytes(6).toString('hex')}`;
}

/**
 * Settings with the database swapped: `database` is set (`db` removed), and
 * the database path of a connection URL under any of `urlKeys` replaced.
 */
export function swapDatabase(
  settings: Readonly<Record<string, unknown>>,
  name: string,
  urlKeys: readonly string[],
): Record<string, unknown> {
  const swapped: Record<string, unknown> = {...settings, database: name};
  delete swapped.db;
  for (const key of urlKeys) {
    const value = settings[key];
    if (typeof value !== 'string' || value === '') continue;
    const url = new URL(value);
    url.pathname = `/${name}`;
    swapped[key] = url.toString();
  }
  return swapped;
}
