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

/** `Ticket` with its id declared as `id`. */
function ticket(id: PropertyDefinition): ModelSpec {
  return {name: 'Ticket', properties: {id, title: {type: 'string'}}};
}

/**
 * loopback-connector-postgresql generates only INTEGER (SERIAL) and UUID
 * ids: for any other `generated: true` column it writes no default and
 * calls `chalk.red`, which its chalk 5 does not have, so creating the
 * table threw "chalk.red is not a function" (stock: the process crashed
 * with an uncaught TypeError). `lb4 model` writes `generated: true` for a
 * string id when asked "Is id generated automatically?".
 */
describe('a generated id the connector cannot generate (postgresql)', () => {
  let db: TestDatabase | undefined;
  before(async function () {
    db = await createTestDatabase('postgresql');
    if (!db) this.skip();
  });
  after(() => db?.drop());
  beforeEach(() => db!.query('DROP TABLE IF EXISTS ticket'));

  async function migrate(id: PropertyDefinition, dryRun: boolean) {
    const app = buildApp(MigratingApp, {db: db!.dataSourceConfig}, [
      ticket(id),
    ]);
    try {
      return await migrateSchemaWithReport(app, {dryRun});
    } finally {
      await closeApp(app);
    }
  }

  for (const [id, written, fix] of [
    [
      {type: 'string', id: true, generated: true},
      'TEXT',
      /postgresql: \{dataType: 'uuid'\}.*generated: false with defaultFn: 'uuidv4'/,
    ],
    [
      {
        type: 'number',
        id: true,
        generated: true,
        postgresql: {dataType: 'bigint'},
      },
      'BIGINT',
      /postgresql: \{dataType: 'bigserial'\} without generated: true/,
    ],
  ] as const) {
    it(`is refused before any change, saying how to declare it: ${written}`, async () => {
      for (const dryRun of [true, false]) {
        const error = await rejection(migrate(id, dryRun));
        expect(error).to.be.instanceOf(InvalidModelError);
        expect(error.message).to.startWith(
          `model Ticket: property id is generated: true, but the postgresql connector ` +
            `generates only INTEGER (SERIAL) and UUID columns, and this one is ${written}`,
        );
        expect(error.message).to.match(fix);
      }
      expect(
        (await catalog(db!)).columns.filter(c => c.table === 'ticket'),
      ).to.eql([]);
    });
  }

  it('is left alone on a table that exists, as stock leaves it', async () => {
    await db!.query(
      'CREATE TABLE ticket (id TEXT PRIMARY KEY DEFAULT md5(random()::text), title TEXT)',
    );
    const report = await migrate(
      {type: 'string', id: true, generated: true},
      false,
    );
    expect(report.dataSources[0].statements).to.eql([]);
  });

  it('makes the columns it can generate', async () => {
    const report = await migrate(
      {type: 'number', id: true, postgresql: {dataType: 'bigserial'}},
      false,
    );
    expect(report.dataSources[0].status).to.equal('migrated');
    const id = (await catalog(db!)).columns.find(
      c => c.table === 'ticket' && c.column === 'id',
    );
    expect(id?.type).to.equal('bigint');
  });
});
