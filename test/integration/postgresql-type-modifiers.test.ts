import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {InvalidModelError, migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {catalog} from '../support/catalog';
import {createTestDatabase, type TestDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

/** `Note` with its `body` property declared as `body`. */
function note(body: PropertyDefinition): ModelSpec {
  return {
    name: 'Note',
    properties: {id: {type: 'number', id: true, generated: true}, body},
  };
}

/**
 * A type PostgreSQL takes no modifier for, given one by the connector
 * (`length` or `dataLength` / `dataPrecision` are added to any `dataType`):
 * the plan said it would apply, and the run failed with "type modifier is
 * not allowed for type".
 */
describe('a property written with a modifier its type does not take (postgresql)', () => {
  let db: TestDatabase | undefined;
  before(async function () {
    db = await createTestDatabase('postgresql');
    if (!db) this.skip();
  });
  after(() => db?.drop());
  beforeEach(() => db!.query('DROP TABLE IF EXISTS note'));

  async function refusal(
    body: PropertyDefinition,
    dryRun: boolean,
  ): Promise<Error> {
    const app = buildApp(MigratingApp, {db: db!.dataSourceConfig}, [
      note(body),
    ]);
    try {
      return await rejection(migrateSchemaWithReport(app, {dryRun}));
    } finally {
      await closeApp(app);
    }
  }

  for (const [body, written] of [
    [{type: 'string', length: 40, postgresql: {dataType: 'text'}}, 'TEXT(40)'],
    [
      {type: 'date', postgresql: {dataType: 'date', dataPrecision: 3}},
      'DATE(3)',
    ],
    [
      {type: 'object', postgresql: {dataType: 'jsonb', dataLength: 100}},
      'JSONB(100)',
    ],
  ] as const) {
    it(`is refused before anything is planned or changed: ${written}`, async () => {
      for (const dryRun of [true, false]) {
        const error = await refusal(body, dryRun);
        expect(error).to.be.instanceOf(InvalidModelError);
        expect(error.message).to.startWith(
          `model Note: property body would be written ${written}, but PostgreSQL takes no length or precision`,
        );
        expect(error.message).to.match(
          /Remove the length .*\{dataType: 'varchar'\}/,
        );
      }
      expect(
        (await catalog(db!)).columns.filter(c => c.table === 'note'),
      ).to.eql([]);
    });
  }

  it('is refused on an existing table too, which stays as it was', async () => {
    await db!.query('CREATE TABLE note (id SERIAL PRIMARY KEY, body TEXT)');
    const before = await catalog(db!);
    const error = await refusal(
      {type: 'string', length: 40, postgresql: {dataType: 'text'}},
      false,
    );
    expect(error).to.be.instanceOf(InvalidModelError);
    expect(await catalog(db!)).to.eql(before);
  });

  it('takes the types that do take one, and the integer precision lb4 discover writes', async () => {
    const app = buildApp(MigratingApp, {db: db!.dataSourceConfig}, [
      {
        name: 'Note',
        properties: {
          id: {type: 'number', id: true, generated: true},
          body: {type: 'string', length: 40, postgresql: {dataType: 'varchar'}},
          count: {
            type: 'number',
            postgresql: {dataType: 'integer', dataPrecision: 32, dataScale: 0},
          },
        },
      },
    ]);
    try {
      const report = await migrateSchemaWithReport(app);
      expect(report.dataSources[0].status).to.equal('migrated');
    } finally {
      await closeApp(app);
    }
  });
});
