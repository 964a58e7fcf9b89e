import {inject, lifeCycleObserver, LifeCycleObserver} from '@loopback/core';
import {juggler} from '@loopback/repository';

// As `lb4 datasource` generates it. The application binds
// `datasources.config.db` when it boots (see ../database.ts): the server of
// DATABASE_URL or the PG* variables, else the embedded PostgreSQL.
const config = {
  name: 'db',
  connector: 'postgresql',
  host: 'localhost',
  port: 5432,
  user: 'postgres',
  password: '',
  database: 'postgres',
};

/** The PostgreSQL datasource of the todo example. */
@lifeCycleObserver('datasource')
export class DbDataSource
  extends juggler.DataSource
  implements LifeCycleObserver
{
  static dataSourceName = 'db';
  static readonly defaultConfig = config;

  constructor(
    @inject('datasources.config.db', {optional: true})
    dsConfig: object = config,
  ) {
    super(dsConfig);
  }
}
