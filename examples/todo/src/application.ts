import {BootMixin} from '@loopback/boot';
import {ApplicationConfig} from '@loopback/core';
import {juggler, RepositoryMixin} from '@loopback/repository';
import {RestApplication} from '@loopback/rest';
import {ServiceMixin} from '@loopback/service-proxy';
// In your app: import {SchemaMigrationMixin} from 'loopback-schema-migration';
// (the example uses this repository's source, built with it).
import {SchemaMigrationMixin} from '../../../src';
import {openDatabase, type Database} from './database';

/** The binding the `db` datasource reads its settings from. */
export const DB_CONFIG = 'datasources.config.db';

/**
 * The app `lb4 app` generates, with the one-line change: the class is
 * wrapped in `SchemaMigrationMixin(...)`. Its `boot()` also picks the
 * database (see database.ts) unless `datasources.config.db` is bound.
 */
export class TodoListApplication extends SchemaMigrationMixin(
  BootMixin(ServiceMixin(RepositoryMixin(RestApplication))),
) {
  private database?: Database;

  constructor(options: ApplicationConfig = {}) {
    super(options);
    this.projectRoot = __dirname;
    this.bootOptions = {
      controllers: {
        dirs: ['controllers'],
        extensions: ['.controller.js'],
        nested: true,
      },
    };
    // Stops the embedded PostgreSQL cleanly (its data directory is kept).
    this.onStop(() => this.closeDatabase());
  }

  /** Bind the database's settings (starting the embedded one if needed), then boot. */
  override async boot(): Promise<void> {
    if (!this.isBound(DB_CONFIG)) {
      this.database = await openDatabase();
      this.bind(DB_CONFIG).to(this.database.dataSourceConfig);
    }
    await super.boot();
  }

  /**
   * Disconnect the datasources and stop the embedded PostgreSQL, when
   * `boot()` started one (else do nothing). `app.stop()` calls it.
   */
  async closeDatabase(): Promise<void> {
    const database = this.database;
    if (!database) return;
    this.database = undefined;
    for (const binding of this.findByTag('datasource')) {
      const ds = await this.get<unknown>(binding.key);
      if (ds instanceof juggler.DataSource) await ds.disconnect();
    }
    await database.close();
  }
}
