import type {PropertyDefinition} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {createTestDatabase, type TestDatabase} from '../support/databases';

/** `Ticket` with its `status` and `rank` properties as given. */
function ticket(
  status: PropertyDefinition,
  rank: PropertyDefinition,
): ModelSpec {
  return {
    name: 'Ticket',
    properties: {
      id: {type: 'number', id: true, generated: true},
      status,
      rank,
    },
  };
}

/**
 * A column's type change that its default would make PostgreSQL refuse
 * ("default for column cannot be cast automatically to type integer"): the
 * connector changes the type and never the default, and the run failed.
 */
describe('a type change over a column default (postgresql)', () => {
  let db: TestDatabase | undefined;
  before(async function () {
    db = await createTestDatabase('postgresql');
    if (!db) this.skip();
  });
  after(() => db?.drop());
  beforeEach(() => db!.query('DROP TABLE IF EXISTS ticket'));

  async function migrate(models: ModelSpec[], dryRun = false) {
    const app = buildApp(MigratingApp, {db: db!.dataSourceConfig}, models);
    try {
      return (await migrateSchemaWithReport(app, {dryRun})).dataSources[0];
    } finally {
      await closeApp(app);
    }
  }

  const defaults = () =>
    db!.query<{column: string; type: string; default: string | null}>(
      `SELECT column_name AS "column", data_type AS "type",
              column_default AS "default"
         FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = 'ticket'
          AND column_name IN ('status', 'rank')
        ORDER BY column_name`,
    );

  it('drops a string default the new type cannot take, keeps the values, and the next run has nothing to do', async () => {
    await migrate([
      ticket({type: 'string', default: 'new'}, {type: 'number', default: 3}),
    ]);
    await db!.query(
      "INSERT INTO ticket (status, rank) VALUES ('12', 1), (NULL, 2)",
    );
    // status: string → number; rank: number → string, whose default 3
    // PostgreSQL converts (integer to text is an assignment cast): kept.
    const v2 = ticket({type: 'number'}, {type: 'string'});
    const plan = await migrate([v2], true);
    expect(plan.statements.map(s => s.sql)).to.eql([
      'ALTER TABLE "public"."ticket" ALTER COLUMN "status" TYPE INTEGER USING "status"::INTEGER, ' +
        'ALTER COLUMN "status" DROP DEFAULT, ' +
        'ALTER COLUMN "rank" TYPE TEXT USING "rank"::TEXT',
    ]);
    expect((await migrate([v2])).status).to.equal('migrated');
    expect(await defaults()).to.eql([
      {column: 'rank', type: 'text', default: '3'},
      {column: 'status', type: 'integer', default: null},
    ]);
    expect(
      await db!.query('SELECT status, rank FROM ticket ORDER BY id'),
    ).to.eql([
      {status: 12, rank: '1'},
      {status: null, rank: '2'},
    ]);
    expect((await migrate([v2], true)).statements).to.eql([]);
  });

  it("sets the model's default again on an enum column made text and back, which PostgreSQL cannot convert", async () => {
    await db!.query(
      "DROP TYPE IF EXISTS ticket_state; CREATE TYPE ticket_state AS ENUM ('open', 'closed')",
    );
    const asEnum = ticket(
      {type: 'string', default: 'open', postgresql: {dataType: 'ticket_state'}},
      {type: 'number'},
    );
    const asText = ticket({type: 'string', default: 'open'}, {type: 'number'});
    await migrate([asEnum]);
    await migrate([asText]);
    await db!.query("INSERT INTO ticket (status) VALUES ('closed')");
    const plan = await migrate([asEnum], true);
    expect(plan.statements.map(s => s.sql)).to.eql([
      'ALTER TABLE "public"."ticket" ALTER COLUMN "status" TYPE TICKET_STATE USING "status"::TICKET_STATE, ' +
        'ALTER COLUMN "status" DROP DEFAULT, ' +
        'ALTER COLUMN "status" SET DEFAULT \'open\'',
    ]);
    expect((await migrate([asEnum])).status).to.equal('migrated');
    await db!.query('INSERT INTO ticket (rank) VALUES (2)');
    expect(
      await db!.query('SELECT status::text AS status FROM ticket ORDER BY id'),
    ).to.eql([{status: 'closed'}, {status: 'open'}]);
    expect((await migrate([asEnum], true)).statements).to.eql([]);
  });
});
