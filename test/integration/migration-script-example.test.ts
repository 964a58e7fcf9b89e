// The worked example of the README ("Versioned scripts"): splitting
// Customer.name into firstName and lastName, a data move that autoupdate
// alone would lose.
import {inject} from '@loopback/core';
import type {PropertyDefinition} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {
  DataLossError,
  migrateSchemaWithReport,
  type MigrationContext,
  migrationScript,
  type MigrationScript,
} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {columns, dropAllTables} from '../support/catalog';
import {describeEachDatabase, type TestDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

interface Customer {
  id: number;
  name?: string | null;
  firstName?: string | null;
  lastName?: string | null;
}

/** The part of the app's `CustomerRepository` the script uses. */
interface CustomerRepository {
  find(filter: object, options?: object): Promise<Customer[]>;
  updateById(id: number, data: object, options?: object): Promise<void>;
}

@migrationScript()
class SplitCustomerNames implements MigrationScript {
  version = '2.0.0';
  description = 'Split Customer.name into firstName and lastName';

  constructor(
    @inject('repositories.CustomerRepository')
    private readonly customers: CustomerRepository,
  ) {}

  async up({transaction}: MigrationContext): Promise<void> {
    const named = await this.customers.find(
      {where: {name: {neq: null}}},
      {transaction},
    );
    for (const {id, name} of named) {
      const [firstName, ...rest] = (name ?? '').trim().split(/\s+/);
      await this.customers.updateById(
        id,
        // Emptied, the old column can be dropped in the next release
        // without a DataLossError.
        {firstName, lastName: rest.join(' '), name: null},
        {transaction},
      );
    }
  }

  async down({transaction}: MigrationContext): Promise<void> {
    const all = await this.customers.find({}, {transaction});
    for (const {id, name, firstName, lastName} of all) {
      if (name != null) continue;
      await this.customers.updateById(
        id,
        {name: [firstName, lastName].filter(Boolean).join(' ')},
        {transaction},
      );
    }
  }
}

const ID: PropertyDefinition = {type: 'number', id: true, generated: true};
const RELEASES = {
  // Release 1: one required name.
  one: {id: ID, name: {type: 'string', required: true}},
  // Release 2 (expand): firstName and lastName; name stays, optional.
  two: {
    id: ID,
    name: {type: 'string'},
    firstName: {type: 'string'},
    lastName: {type: 'string'},
  },
  // Release 3 (contract): name is gone.
  three: {id: ID, firstName: {type: 'string'}, lastName: {type: 'string'}},
} satisfies Record<string, Record<string, PropertyDefinition>>;

function customerApp(
  db: TestDatabase,
  release: keyof typeof RELEASES,
): MigratingApp {
  const app = buildApp(MigratingApp, {db: db.dataSourceConfig}, [
    {name: 'Customer', properties: RELEASES[release]},
  ]);
  if (release === 'two') app.migrationScript(SplitCustomerNames);
  return app;
}

async function release<T>(
  db: TestDatabase,
  which: keyof typeof RELEASES,
  body: (app: MigratingApp) => Promise<T>,
): Promise<T> {
  const app = customerApp(db, which);
  try {
    return await body(app);
  } finally {
    await closeApp(app);
  }
}

describeEachDatabase('the README example: splitting a column', db => {
  const table = () => (db().kind === 'postgresql' ? 'customer' : '`Customer`');
  /** The rows, with lower-cased column names (MySQL keeps their case). */
  const customers = async () =>
    (
      await db().query<Record<string, unknown>>(
        `SELECT * FROM ${table()} ORDER BY id`,
      )
    ).map(row =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) => [k.toLowerCase(), v]),
      ),
    );

  beforeEach(async () => {
    await dropAllTables(db());
    await release(db(), 'one', app => migrateSchemaWithReport(app));
    await db().query(
      `INSERT INTO ${table()} (name) VALUES ('Ada Lovelace'), ('Grace Brewster Hopper')`,
    );
  });

  it('autoupdate alone would lose the names: refused, or lost when accepted', async () => {
    const refused = await release(db(), 'three', app =>
      rejection(migrateSchemaWithReport(app)),
    );
    expect(refused).to.be.instanceOf(DataLossError);
    expect(refused.message).to.match(
      /drops column "name" holding 2 non-null values/,
    );
    await release(db(), 'three', app =>
      migrateSchemaWithReport(app, {acceptDataLoss: true}),
    );
    const rows = await customers();
    expect(rows.map(r => [r.firstname, r.lastname])).to.eql([
      [null, null],
      [null, null],
    ]);
  });

  it('a script moves the data in release 2; release 3 drops the emptied column', async () => {
    const two = await release(db(), 'two', app => migrateSchemaWithReport(app));
    expect(two.scripts.map(s => [s.version, s.status])).to.eql([
      ['2.0.0', 'applied'],
    ]);
    expect(
      (await customers()).map(r => [r.name, r.firstname, r.lastname]),
    ).to.eql([
      [null, 'Ada', 'Lovelace'],
      [null, 'Grace', 'Brewster Hopper'],
    ]);

    // No acceptDataLoss needed: the column holds nothing any more.
    const three = await release(db(), 'three', app =>
      migrateSchemaWithReport(app),
    );
    expect(three.dataSources[0].statements.map(s => s.destructive)).to.eql([
      false,
    ]);
    expect((await columns(db(), 'customer')).map(c => c.column)).to.eql([
      'id',
      'firstname',
      'lastname',
    ]);
    expect((await customers()).map(r => [r.firstname, r.lastname])).to.eql([
      ['Ada', 'Lovelace'],
      ['Grace', 'Brewster Hopper'],
    ]);
  });

  it('reverts the move while release 2 is deployed', async () => {
    await release(db(), 'two', app => migrateSchemaWithReport(app));
    await release(db(), 'two', app => app.revertMigrations());
    expect((await customers()).map(r => r.name)).to.eql([
      'Ada Lovelace',
      'Grace Brewster Hopper',
    ]);
  });
});
