import {expect} from '@loopback/testlab';
import {
  buildApp,
  closeApp,
  MigratingApp,
  StockApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables, foreignKeyRules} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';

type Rules = {onDelete?: string; onUpdate?: string};

/** juggler's `DataSource.isActual()`, which its typings leave out. */
interface ActualDataSource {
  isActual(cb: (err: unknown, actual: boolean) => void): void;
}

const CUSTOMER: ModelSpec = {
  name: 'Customer',
  properties: {
    id: {type: 'string', length: 20, id: 1},
    name: {type: 'string', length: 40},
  },
  settings: {idInjection: false},
};

/** An order whose foreign key to its customer has `rules`, or none at all. */
function order(rules: Rules | undefined): ModelSpec {
  return {
    name: 'Order',
    properties: {
      id: {type: 'string', length: 20, id: 1},
      // Its own column name on PostgreSQL, where the stock mixin cannot add
      // a key on a camelCase property otherwise (loopback-next #8685).
      customerId: {
        type: 'string',
        length: 20,
        postgresql: {columnName: 'customerId'},
      },
    },
    settings: {
      idInjection: false,
      ...(rules && {
        foreignKeys: {
          fk_order_customerId: {
            name: 'fk_order_customerId',
            entity: 'Customer',
            entityKey: 'id',
            foreignKey: 'customerId',
            ...rules,
          },
        },
      }),
    },
  };
}

// As loopback-connector-mysql's own autoupdate test: the rules of a foreign
// key of an existing table change, then the datasource is actual.
describeEachDatabase('foreign key rules changed on an existing table', db => {
  beforeEach(() => dropAllTables(db()));

  /** Migrate with the app class, then ask the datasource whether it is actual. */
  async function migrate(
    App: typeof MigratingApp | typeof StockApp,
    rules: Rules | undefined,
  ): Promise<boolean> {
    const app = buildApp(App, {db: db().dataSourceConfig}, [
      CUSTOMER,
      order(rules),
    ]);
    try {
      await app.migrateSchema();
      const ds = await app.get<ActualDataSource>('datasources.db');
      return await new Promise<boolean>((resolve, reject) =>
        ds.isActual((err: unknown, actual: boolean) =>
          err ? reject(err) : resolve(actual),
        ),
      );
    } finally {
      await closeApp(app);
    }
  }

  const changes: [string, Rules | undefined, Rules][] = [
    [
      'cascade to restrict',
      {onDelete: 'cascade', onUpdate: 'no action'},
      {onDelete: 'restrict', onUpdate: 'restrict'},
    ],
    [
      'cascade to restrict on delete only',
      {onDelete: 'cascade', onUpdate: 'cascade'},
      {onDelete: 'restrict', onUpdate: 'cascade'},
    ],
    [
      'none to restrict',
      undefined,
      {onDelete: 'restrict', onUpdate: 'restrict'},
    ],
  ];
  for (const [title, before, after] of changes) {
    it(`makes the rules as LoopBack makes them (${title}), and the datasource is actual`, async () => {
      await migrate(StockApp, before);
      expect(await migrate(StockApp, after)).to.be.true();
      const stock = await foreignKeyRules(db());
      await dropAllTables(db());

      await migrate(MigratingApp, before);
      const actual = await migrate(MigratingApp, after);

      expect(await foreignKeyRules(db())).to.eql(stock);
      expect(actual).to.be.true();
    });
  }
});
