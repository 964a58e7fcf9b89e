import {expect} from '@loopback/testlab';
import {
  buildApp,
  closeApp,
  MigratingApp,
  StockApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables, foreignKeyRules, indexes} from '../support/catalog';
import {describeEachDatabase, describeOnDatabase} from '../support/databases';
import {migrationsOn} from '../support/migrations-on';

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

// MySQL keeps the index it made for a key when the key is dropped; the key
// added again on the same column takes it, as stock's autoupdate does. The
// plan dropped it in between (a statement of its own, the column left
// unindexed) for the key to build it again: a scan of a big table for a
// change of ON DELETE.
describeOnDatabase('mysql', 'a foreign key whose rules change on MySQL', db => {
  const migrate = migrationsOn(db);

  it("keeps the key's index: drops and adds only the key", async () => {
    await migrate([CUSTOMER, order({onDelete: 'cascade'})]);
    await db().query("INSERT INTO Customer (id, name) VALUES ('c1', 'Ann')");
    await db().query(
      "INSERT INTO `Order` (id, customerId) VALUES ('o1', 'c1')",
    );
    const before = await indexes(db());

    const report = await migrate([CUSTOMER, order({onDelete: 'set null'})]);

    const [result] = report.dataSources;
    expect(result.status).to.equal('migrated');
    const statements = result.statements.map(s => s.sql);
    // The key's drop, then its online add (which drops the index again
    // only when it made it and fails).
    expect(statements).to.have.length(2);
    expect(statements[0]).to.match(
      /^ALTER TABLE `Order` DROP FOREIGN KEY `fk_order_customerId`/,
    );
    expect(statements[1]).to.match(/ON DELETE SET NULL/);
    expect(await indexes(db())).to.eql(before);
    expect(await foreignKeyRules(db())).to.eql([
      'order.fk_order_customerid set null restrict',
    ]);
    const [again] = (await migrate([CUSTOMER, order({onDelete: 'set null'})]))
      .dataSources;
    expect(again.status).to.equal('up-to-date');
  });
});
