import {BindingScope, inject} from '@loopback/core';
import {
  DefaultCrudRepository,
  Entity,
  juggler,
  model,
  property,
  type SchemaMigrationOptions,
} from '@loopback/repository';
import {itObservesWhatStockDoes, type DropInApp} from '../../support/drop-in';

type Operation = 'autoupdate' | 'automigrate';

/** One call of a migration method: which datasource, which one, which models. */
interface MigrationCall {
  readonly dataSource: string;
  readonly operation: Operation;
  readonly models?: string | string[];
}

/**
 * A memory datasource with an `autoupdate()` and `automigrate()` of its own,
 * as an app's subclass defines them: each records its call and changes
 * nothing. The `attached` models are attached to it.
 */
function recordingDataSource(
  calls: MigrationCall[],
  settings: {name: string; disableMigration?: unknown},
  attached: readonly string[] = [],
): juggler.DataSource {
  const record = (operation: Operation, models?: string | string[]) =>
    calls.push({dataSource: settings.name, operation, models});
  class RecordingDataSource extends juggler.DataSource {
    override async autoupdate(models?: string | string[]): Promise<void> {
      record('autoupdate', models);
    }
    override async automigrate(models?: string | string[]): Promise<void> {
      record('automigrate', models);
    }
  }
  const ds = new RecordingDataSource({...settings, connector: 'memory'});
  for (const name of attached) ds.createModel(name, {id: Number}, {});
  return ds;
}

/**
 * A memory datasource whose connector object itself has an `autoupdate()`
 * and `automigrate()` that record their calls (juggler's methods call them).
 */
function recordingConnector(calls: MigrationCall[]): juggler.DataSource {
  const ds = new juggler.DataSource({name: 'db', connector: 'memory'});
  const connector = ds.connector as unknown as Record<
    Operation,
    (models: string[], done: () => void) => void
  >;
  for (const operation of ['autoupdate', 'automigrate'] as const) {
    connector[operation] = (models, done) => {
      calls.push({dataSource: 'db', operation, models});
      done();
    };
  }
  return ds;
}

@model()
class Product extends Entity {
  @property({id: true}) id?: number;
}

/** Attaches `Product` to its datasource when it is made, not before. */
class ProductRepository extends DefaultCrudRepository<Product, number> {
  constructor(@inject('datasources.db') ds: juggler.DataSource) {
    super(Product, ds);
  }
}

/** A datasource class with neither migration method, bound by hand. */
class NonMigratingDataSource {
  name = 'other';
  connector = undefined;
  settings = {};
}

/**
 * `migrateSchema(options)` on an app `setup` prepared: the migration calls
 * its datasources got, in order.
 */
function migrate(
  setup: (app: DropInApp, calls: MigrationCall[]) => void,
  options?: SchemaMigrationOptions,
) {
  return async (app: DropInApp) => {
    const calls: MigrationCall[] = [];
    setup(app, calls);
    await app.migrateSchema(options);
    return calls;
  };
}

const DROP = {existingSchema: 'drop'} as const;

describe("SchemaMigrationMixin's migrateSchema() calls what RepositoryMixin's calls", () => {
  itObservesWhatStockDoes([
    {
      title: 'autoupdate() by default, with no model list',
      observe: migrate((app, calls) =>
        app.dataSource(recordingDataSource(calls, {name: 'db'})),
      ),
      stock: [{dataSource: 'db', operation: 'autoupdate', models: undefined}],
    },
    {
      title: "autoupdate() for existingSchema: 'alter'",
      observe: migrate(
        (app, calls) =>
          app.dataSource(recordingDataSource(calls, {name: 'db'})),
        {existingSchema: 'alter'},
      ),
      stock: [{dataSource: 'db', operation: 'autoupdate', models: undefined}],
    },
    {
      title: "automigrate() for existingSchema: 'drop'",
      observe: migrate(
        (app, calls) =>
          app.dataSource(recordingDataSource(calls, {name: 'db'})),
        DROP,
      ),
      stock: [{dataSource: 'db', operation: 'automigrate', models: undefined}],
    },
    {
      title: "the same call with option keys of the app's own",
      observe: migrate(
        (app, calls) =>
          app.dataSource(recordingDataSource(calls, {name: 'db'})),
        {...DROP, seed: true},
      ),
      stock: [{dataSource: 'db', operation: 'automigrate', models: undefined}],
    },
    ...(['alter', 'drop'] as const).map(existingSchema => ({
      title: `the models option as given, for existingSchema: '${existingSchema}'`,
      observe: migrate(
        (app, calls) =>
          app.dataSource(
            recordingDataSource(calls, {name: 'db'}, ['Category', 'Product']),
          ),
        {existingSchema, models: ['Category']},
      ),
      stock: [
        {
          dataSource: 'db',
          operation: existingSchema === 'drop' ? 'automigrate' : 'autoupdate',
          models: ['Category'],
        },
      ],
    })),
    ...[true, 1, 'false'].map(flag => ({
      title: `nothing on a datasource with disableMigration: ${JSON.stringify(flag)}; the others migrate`,
      observe: migrate((app, calls) => {
        app.dataSource(
          recordingDataSource(calls, {name: 'db', disableMigration: flag}),
        );
        app.dataSource(recordingDataSource(calls, {name: 'archive'}));
      }, DROP),
      stock: [
        {dataSource: 'archive', operation: 'automigrate', models: undefined},
      ],
    })),
    {
      title: 'each datasource in the order bound',
      observe: migrate((app, calls) => {
        app.dataSource(recordingDataSource(calls, {name: 'db'}));
        app.dataSource(recordingDataSource(calls, {name: 'archive'}));
      }),
      stock: [
        {dataSource: 'db', operation: 'autoupdate', models: undefined},
        {dataSource: 'archive', operation: 'autoupdate', models: undefined},
      ],
    },
    {
      title:
        'nothing on a datasource without migration methods; the others migrate',
      observe: migrate((app, calls) => {
        app
          .bind('datasources.other')
          .toClass(NonMigratingDataSource)
          .tag('datasource')
          .inScope(BindingScope.SINGLETON);
        app.dataSource(recordingDataSource(calls, {name: 'db'}));
      }, DROP),
      stock: [{dataSource: 'db', operation: 'automigrate', models: undefined}],
    },
    {
      title:
        "a datasource object that is not juggler's, with the models as given",
      observe: migrate(
        (app, calls) =>
          app
            .bind('datasources.custom')
            .to({
              name: 'custom',
              settings: {},
              autoupdate: async (models?: string[]) => {
                calls.push({
                  dataSource: 'custom',
                  operation: 'autoupdate',
                  models,
                });
              },
            })
            .tag('datasource'),
        {models: ['Anything']},
      ),
      stock: [
        {dataSource: 'custom', operation: 'autoupdate', models: ['Anything']},
      ],
    },
    ...(['alter', 'drop'] as const).map(existingSchema => ({
      title: `the connector's method with the models repositories attach, for existingSchema: '${existingSchema}'`,
      observe: migrate(
        (app, calls) => {
          app.dataSource(recordingConnector(calls), 'db');
          app.repository(ProductRepository);
        },
        {existingSchema},
      ),
      stock: [
        {
          dataSource: 'db',
          operation: existingSchema === 'drop' ? 'automigrate' : 'autoupdate',
          models: ['Product'],
        },
      ],
    })),
  ]);
});
