import {Application, inject} from '@loopback/core';
import {once} from 'node:events';
import {setTimeout} from 'node:timers/promises';
import {
  defineCrudRepositoryClass,
  defineModelClass,
  Entity,
  juggler,
  ModelDefinition,
  RepositoryMixin,
  type ModelSettings,
  type PropertyDefinition,
} from '@loopback/repository';
import {SchemaMigrationMixin} from '../../src';

/** A model for a test app: its definition and the datasource it lives on. */
export interface ModelSpec {
  readonly name: string;
  readonly properties: Record<string, PropertyDefinition>;
  readonly settings?: Partial<ModelSettings>;
  /** The datasource name; `db` when absent. */
  readonly dataSource?: string;
}

/** An app with our mixin on a plain `RepositoryMixin(Application)`. */
export class MigratingApp extends SchemaMigrationMixin(
  RepositoryMixin(Application),
) {}

/** The same app with LoopBack's own `migrateSchema()`, for comparison. */
export class StockApp extends RepositoryMixin(Application) {}

/**
 * Bind datasources, each model class (as LoopBack's model booter does) and
 * one CRUD repository per model, as an app would.
 */
export function buildApp<A extends MigratingApp | StockApp>(
  AppClass: new () => A,
  dataSources: Record<string, Record<string, unknown>>,
  models: readonly ModelSpec[],
): A {
  const app = appWithDataSources(AppClass, dataSources);
  for (const spec of models) {
    const definition = new ModelDefinition({
      name: spec.name,
      properties: spec.properties,
      settings: spec.settings ?? {},
    });
    const modelClass = defineModelClass<typeof Entity, object>(
      Entity,
      definition,
    );
    bindModel(app, modelClass, spec.dataSource ?? 'db');
  }
  return app;
}

/**
 * The same with model classes of the test's own, decorated as `lb4 model`
 * and `lb4 relation` write them, all on datasource `db`.
 */
export function buildAppOfClasses<A extends MigratingApp | StockApp>(
  AppClass: new () => A,
  dataSources: Record<string, Record<string, unknown>>,
  modelClasses: readonly (typeof Entity)[],
): A {
  const app = appWithDataSources(AppClass, dataSources);
  for (const modelClass of modelClasses) bindModel(app, modelClass, 'db');
  return app;
}

function appWithDataSources<A extends MigratingApp | StockApp>(
  AppClass: new () => A,
  dataSources: Record<string, Record<string, unknown>>,
): A {
  const app = new AppClass();
  for (const [name, config] of Object.entries(dataSources)) {
    app.dataSource(new juggler.DataSource({name, ...config}), name);
  }
  return app;
}

/** Bind a model class and a CRUD repository of it on `dataSource`. */
function bindModel(
  app: MigratingApp | StockApp,
  modelClass: typeof Entity,
  dataSource: string,
): void {
  app.model(modelClass);
  const repositoryClass = defineCrudRepositoryClass(modelClass);
  inject(`datasources.${dataSource}`)(repositoryClass, undefined, 0);
  app.repository(repositoryClass);
}

/** Disconnect every datasource of an app. */
export async function closeApp(app: Application): Promise<void> {
  // A datasource bound under two keys is closed once.
  const closed = new Set<unknown>();
  for (const binding of app.findByTag('datasource')) {
    const ds = await app.get<juggler.DataSource>(binding.key);
    if (closed.has(ds)) continue;
    closed.add(ds);
    if (ds instanceof juggler.DataSource) await closeDataSource(ds);
  }
}

/**
 * Disconnect a datasource and wait until its connections are closed, so
 * that dropping its database next (`WITH (FORCE)`) ends nothing it still
 * holds.
 */
export async function closeDataSource(ds: juggler.DataSource): Promise<void> {
  // A datasource still connecting would open its pool after disconnect().
  if (ds.connecting && !ds.connected) await once(ds, 'connected');
  // The connector's first connection, opened by the DataSource's
  // constructor, sets `initialized` when it is made (neither `connecting`
  // nor `connected` tell): a run of one query can end before it is.
  if ((ds as {initialized?: boolean}).initialized === false) {
    await once(ds, 'initialized').catch(() => undefined);
  }
  // The MySQL connector's own first connection is not flagged as
  // `connecting`: a query through the pool lets it finish, else it would
  // leak its socket (or emit "Pool is closed") after disconnect().
  if ((ds.connector as {client?: unknown} | undefined)?.client) {
    await ds.ping().catch(() => undefined);
  }
  const pool = (ds.connector as {pg?: EndingPool | null} | undefined)?.pg;
  // The PostgreSQL connector ends its pool without waiting and hears no
  // pool 'error' by default: a DROP DATABASE ... WITH (FORCE) right after
  // would end a client the pool is still closing and crash the process.
  pool?.on('error', () => undefined);
  await ds.disconnect();
  while (pool && !pool.ended) await setTimeout(10);
}

/** The part of a `pg` pool that `closeApp` waits on. */
interface EndingPool {
  readonly ended: boolean;
  on(event: 'error', listener: () => void): unknown;
}

/** A `Note` with a numeric generated id and an optional `title`. */
export const TITLED_NOTE: ModelSpec = {
  name: 'Note',
  properties: {
    id: {type: 'number', id: true, generated: true},
    title: {type: 'string'},
  },
};

/** `TodoList` and `Todo`, the foreign key declared as LoopBack's tutorial does. */
export function todoModels(): ModelSpec[] {
  return [
    {
      // Bound first: the stock mixin then creates it first and fails.
      name: 'Todo',
      properties: {
        id: {type: 'number', id: true, generated: true},
        title: {type: 'string', required: true},
        isComplete: {type: 'boolean'},
        todoListId: {type: 'number'},
      },
      settings: {
        foreignKeys: {
          fk_todo_todoListId: {
            name: 'fk_todo_todoListId',
            entity: 'TodoList',
            entityKey: 'id',
            foreignKey: 'todoListId',
          },
        },
      },
    },
    {
      name: 'TodoList',
      properties: {
        id: {type: 'number', id: true, generated: true},
        title: {type: 'string', required: true},
      },
    },
  ];
}
