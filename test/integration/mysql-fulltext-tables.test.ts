import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport, MigrationWillFailError} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeOnDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

/** An article with a FULLTEXT index on its body, and these properties more. */
function article(extra: ModelSpec['properties'] = {}): ModelSpec {
  return {
    name: 'Article',
    properties: {
      id: {type: 'number', id: true, generated: true},
      body: {type: 'string', mysql: {dataType: 'text'}},
      ...extra,
    },
    settings: {indexes: {ft_body: {columns: 'body', kind: 'FULLTEXT'}}},
  };
}

const WITH_TITLE = {title: {type: 'string'}};

// InnoDB neither adds nor drops a column of a table with a FULLTEXT index
// INSTANT, and rebuilds it only under LOCK=SHARED: the plan said "brief"
// with ALGORITHM=INSTANT (or INPLACE, LOCK=NONE), and the run failed there
// (errno 1845/1846 "Fulltext index creation requires a lock"), after the
// statements before it were applied.
describeOnDatabase('mysql', 'tables with a FULLTEXT index (mysql)', db => {
  beforeEach(() => dropAllTables(db()));

  async function migrate(model: ModelSpec, dryRun = false) {
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [model]);
    try {
      return await migrateSchemaWithReport(app, {dryRun});
    } finally {
      await closeApp(app);
    }
  }

  async function fill(rows: number) {
    await db().query(
      `INSERT INTO Article (body) SELECT CONCAT('text ', seq) FROM seq_1_to_${rows}`,
    );
    await db().query('ANALYZE TABLE Article');
  }

  it('adds and drops a column of a small one in its plain form, blocking writes as the plan says', async () => {
    await migrate(article());
    await fill(10);

    const added = await migrate(article(WITH_TITLE));
    const [add] = added.dataSources[0].statements;
    expect(add).to.containDeep({lock: 'blocks-writes', rewritesTable: true});
    expect(add.sql).to.not.match(/ALGORITHM|LOCK=/);

    const dropped = await migrate(article());
    const [drop] = dropped.dataSources[0].statements;
    expect(drop).to.containDeep({lock: 'blocks-writes', rewritesTable: true});
    expect(await db().query('SELECT COUNT(*) AS n FROM Article')).to.eql([
      {n: 10},
    ]);
  });

  it('refuses to add a column to a big one before any change, naming the index', async () => {
    await migrate(article());
    await fill(3000);

    const error = await rejection(migrate(article(WITH_TITLE)));
    expect(error).to.be.instanceOf(MigrationWillFailError);
    expect(error.message).to.match(
      /FULLTEXT index `ft_body` makes the server rebuild it with writes blocked/,
    );
  });

  it('drops a virtual column of one INSTANT all the same', async () => {
    await migrate(article());
    await db().query(
      'ALTER TABLE Article ADD COLUMN excerpt VARCHAR(20) AS (LEFT(body, 20)) VIRTUAL',
    );
    await fill(3000);

    const report = await migrate(article());
    const [drop] = report.dataSources[0].statements;
    expect(drop).to.containDeep({lock: 'brief', destructive: false});
    expect(drop.sql).to.match(/DROP COLUMN `excerpt`, ALGORITHM=INSTANT$/);
  });
});
