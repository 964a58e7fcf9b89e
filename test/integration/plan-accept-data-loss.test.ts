import {expect} from '@loopback/testlab';
import {
  migrateSchemaWithReport,
  runMigrationCli,
  type PlannedStatement,
  type SchemaMigrationReport,
} from '../../src';
import {captureIo} from '../support/cli-io';
import * as execution from '../../src/runner/execute-statement';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeEachDatabase, type TestDatabase} from '../support/databases';

const TEXT = {type: 'string', mysql: {dataType: 'varchar', dataLength: 64}};

/**
 * An Item whose change needs many kinds of statement: `title` becomes
 * required (PostgreSQL online: a NOT VALID check, its validation, SET NOT
 * NULL) and indexed (CONCURRENTLY), `legacy`, holding values, is dropped
 * (destructive); with `narrow`, `code` becomes a shorter varchar its values
 * fit in (a change the data guard covers without acceptDataLoss, planned
 * in the plain form).
 */
function item(after: boolean, narrow = false): ModelSpec {
  return {
    name: 'Item',
    properties: {
      id: {type: 'number', id: true, generated: true},
      title: {...TEXT, required: after, index: after || undefined},
      ...(after ? {} : {legacy: TEXT}),
      code: {
        type: 'string',
        mysql: {dataType: 'varchar', dataLength: narrow ? 8 : 64},
        postgresql: {dataType: narrow ? 'varchar(8)' : 'varchar(64)'},
      },
    },
  };
}

function itemTable(db: TestDatabase): string {
  return db.kind === 'postgresql' ? 'item' : '`Item`';
}

/** What a run sends to the database, one text per round trip, while `body` runs. */
async function sentDuring(body: () => Promise<unknown>): Promise<string[]> {
  const sent: string[] = [];
  const original = execution.executeStatement;
  const module = execution as {executeStatement: typeof original};
  module.executeStatement = (session, sql) => {
    sent.push(sql);
    return original(session, sql);
  };
  try {
    await body();
  } finally {
    module.executeStatement = original;
  }
  return sent;
}

function texts(statements: readonly PlannedStatement[]): string[] {
  return statements.map(s => s.sql);
}

describeEachDatabase('a dry run with acceptDataLoss', db => {
  let app: MigratingApp | undefined;
  beforeEach(async () => {
    await dropAllTables(db());
    const first = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      item(false),
    ]);
    await first.migrateSchema();
    await db().query(
      `INSERT INTO ${itemTable(db())} (title, legacy, code) VALUES ('a', 'x', 'c1'), ('b', 'y', 'c2')`,
    );
    await closeApp(first);
  });
  afterEach(async () => {
    if (app) await closeApp(app);
    app = undefined;
  });

  for (const narrow of [false, true]) {
    it(`lists exactly the statements the run with acceptDataLoss executes, in order (${narrow ? 'a guarded change among them' : 'online forms'})`, async () => {
      app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        item(true, narrow),
      ]);
      const plan = await app!.planSchemaMigration({acceptDataLoss: true});
      const planned = plan.dataSources[0].statements;
      expect(planned.some(s => s.destructive)).to.be.true();
      if (!narrow && db().kind === 'postgresql') {
        expect(texts(planned)).to.containDeep([
          'ALTER TABLE "public"."item" VALIDATE CONSTRAINT "lsm_nn_title"',
        ]);
      }
      const io = captureIo();
      expect(
        await runMigrationCli(
          () => app!,
          ['--dry-run', '--accept-data-loss', '--json'],
          io,
        ),
      ).to.equal(0);
      const printed = JSON.parse(io.out()) as SchemaMigrationReport;
      expect(texts(printed.dataSources[0].statements)).to.eql(texts(planned));

      let ran: PlannedStatement[] = [];
      const sent = await sentDuring(async () => {
        const report = await migrateSchemaWithReport(app!, {
          acceptDataLoss: true,
        });
        expect(report.dataSources[0].status).to.equal('migrated');
        ran = report.dataSources[0].statements;
      });
      expect(texts(ran)).to.eql(texts(planned));
      // Every planned statement was sent, in plan order, and nothing else
      // that changes the schema: what is left of the round trips once the
      // planned texts are taken out is the transactions' frame.
      let rest = sent.join(';\n');
      let at = 0;
      for (const sql of texts(planned)) {
        const found = rest.indexOf(sql, at);
        expect(found).to.be.aboveOrEqual(0);
        rest = rest.slice(0, found) + rest.slice(found + sql.length);
        at = found;
      }
      expect(rest).to.not.match(/\b(ALTER|CREATE|DROP|RENAME)\b/i);
      const again = await migrateSchemaWithReport(app!);
      expect(again.dataSources[0].status).to.equal('up-to-date');
    });
  }

  it('plans the same statements without the flag', async () => {
    app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      item(true, true),
    ]);
    const without = await app!.planSchemaMigration();
    const accepted = await app!.planSchemaMigration({acceptDataLoss: true});
    expect(texts(accepted.dataSources[0].statements)).to.eql(
      texts(without.dataSources[0].statements),
    );
  });
});
