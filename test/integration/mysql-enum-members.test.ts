import {expect} from '@loopback/testlab';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {
  DataLossError,
  InvalidModelError,
  migrateSchemaWithReport,
} from '../../src';
import {columns, dropAllTables, tables} from '../support/catalog';
import {describeOnDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

/** A ticket whose `state` is a MySQL ENUM of `members`. */
function ticket(members: string[]): ModelSpec {
  return {
    name: 'Ticket',
    properties: {
      id: {
        type: 'string',
        id: true,
        mysql: {dataType: 'varchar', dataLength: 20},
      },
      state: {
        type: 'string',
        required: true,
        jsonSchema: {enum: members},
        mysql: {dataType: 'enum'},
      },
    },
  };
}

describeOnDatabase('mysql', 'ENUM members changed (mysql)', db => {
  beforeEach(() => dropAllTables(db()));

  async function migrate(members: string[], dryRun = false) {
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      ticket(members),
    ]);
    try {
      const report = await migrateSchemaWithReport(app, {dryRun});
      return report.dataSources[0].statements;
    } finally {
      await closeApp(app);
    }
  }

  it('appended at the end: a brief lock, no copy of the table, and the values kept', async () => {
    await migrate(['new', 'paid']);
    await db().query(`INSERT INTO Ticket VALUES ('t1', 'paid'), ('t2', 'new')`);

    const [planned] = await migrate(['new', 'paid', 'refunded'], true);
    expect(planned).to.containDeep({lock: 'brief', rewritesTable: false});
    const [run] = await migrate(['new', 'paid', 'refunded']);
    expect(run.sql).to.match(/ALGORITHM=INSTANT$/);

    expect(await db().query('SELECT id, state FROM Ticket ORDER BY id')).to.eql(
      [
        {id: 't1', state: 'paid'},
        {id: 't2', state: 'new'},
      ],
    );
  });

  it('removed while rows hold it: the refusal names those rows by their primary key', async () => {
    await migrate(['new', 'paid', 'void']);
    await db().query(
      `INSERT INTO Ticket VALUES ('t1', 'new'), ('t2', 'void'), ('t3', 'new'), ('t4', 'void')`,
    );

    const [planned] = await migrate(['new', 'paid'], true);
    expect(planned.willFail).to.match(
      /^2 stored values of column "state" \(id 't2', 't4'\) cannot be converted to /,
    );
    expect(planned.willFail).to.not.match(/at row/);
  });

  it('reordered: still judged a copy that blocks writes', async () => {
    await migrate(['new', 'paid']);
    const [planned] = await migrate(['paid', 'new', 'refunded'], true);
    expect(planned).to.containDeep({
      lock: 'blocks-writes',
      rewritesTable: true,
    });
  });

  it('members renamed in case only: data loss, the stored values would change', async () => {
    await migrate(['new', 'paid']);
    await db().query(`INSERT INTO Ticket VALUES ('t1', 'paid'), ('t2', 'new')`);

    const [planned] = await migrate(['New', 'Paid'], true);
    expect(planned).to.containDeep({destructive: true});
    expect(planned.reason).to.match(
      /"state".*2 stored values would not survive/,
    );
    const error = await rejection(migrate(['New', 'Paid']));
    expect(error).to.be.instanceOf(DataLossError);

    expect(await db().query('SELECT id, state FROM Ticket ORDER BY id')).to.eql(
      [
        {id: 't1', state: 'paid'},
        {id: 't2', state: 'new'},
      ],
    );
  });

  it('appended: the column keeps a database default the model does not declare', async () => {
    await migrate(['new', 'paid']);
    await db().query("ALTER TABLE Ticket ALTER COLUMN state SET DEFAULT 'new'");

    const [run] = await migrate(['new', 'paid', 'refunded']);
    expect(run.sql).to.match(/DEFAULT 'new'/);
    await db().query("INSERT INTO Ticket (id) VALUES ('t1')");
    expect(await db().query('SELECT state FROM Ticket')).to.eql([
      {state: 'new'},
    ]);
  });

  for (const [value, why] of [
    ["it's", /holds a single quote, which ends the value early/],
    ['C:\\temp', /holds a backslash, which MySQL reads as an escape/],
    ['paid ', /ends with a space, which MySQL drops from an ENUM value/],
  ] as const) {
    it(`holding ${JSON.stringify(value)}: refused before any change, new table or not`, async () => {
      const refusal = async () => {
        const error = await rejection(migrate(['new', value]));
        expect(error).to.be.instanceOf(InvalidModelError);
        expect(error.message).to.match(why);
        expect(error.message).to.startWith(
          `model Ticket: property state has mysql.dataType 'enum' and the value ` +
            `${JSON.stringify(value)} in jsonSchema.enum: it `,
        );
      };
      await refusal();
      expect(await tables(db())).to.eql([]);

      await migrate(['new']);
      await refusal();
      expect((await columns(db(), 'Ticket'))[1].type).to.equal("enum('new')");
    });
  }

  it('differing only in case: refused before any change', async () => {
    const error = await rejection(migrate(['new', 'paid', 'New']));
    expect(error).to.be.instanceOf(InvalidModelError);
    expect(error.message).to.equal(
      'model Ticket: property state has mysql.dataType \'enum\' and the values "new" and ' +
        '"New" in jsonSchema.enum, which MySQL takes for one (it compares ENUM values ' +
        'without case): it would refuse the column (duplicated value in ENUM). Keep one of them.',
    );
    expect(await tables(db())).to.eql([]);
  });
});
