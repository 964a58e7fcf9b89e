import type {SchemaMigrationOptions} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {
  DataLossError,
  EXIT,
  migrateSchemaWithReport,
  runMigrationCli,
} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  TITLED_NOTE,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {captureIo} from '../support/cli-io';
import {noteTable} from '../support/scripts';
import {describeEachDatabase} from '../support/databases';

/** An override that logs a failure of the migration and carries on. */
class CatchingApp extends MigratingApp {
  caught: unknown[] = [];

  override async migrateSchema(options?: SchemaMigrationOptions) {
    try {
      await super.migrateSchema(options);
    } catch (err) {
      this.caught.push(err);
    }
  }
}

/** An override that, refused for data loss, migrates again accepting it. */
class RetryingApp extends MigratingApp {
  override async migrateSchema(options?: SchemaMigrationOptions) {
    try {
      await super.migrateSchema(options);
    } catch (err) {
      if (!(err instanceof DataLossError)) throw err;
      await super.migrateSchema({...options, acceptDataLoss: true});
    }
  }
}

describeEachDatabase('an override that catches a failed migration', db => {
  let app: MigratingApp | undefined;

  beforeEach(async () => {
    await dropAllTables(db());
    // A column the model no longer has, holding a value: dropping it loses data.
    const table = noteTable(db().kind);
    await db().query(`CREATE TABLE ${table} (id INT PRIMARY KEY, body TEXT)`);
    await db().query(`INSERT INTO ${table} (id, body) VALUES (1, 'kept')`);
  });
  afterEach(async () => {
    if (app) await closeApp(app);
    app = undefined;
  });

  function give<A extends MigratingApp>(AppClass: new () => A): A {
    const made = buildApp(AppClass, {db: db().dataSourceConfig}, [TITLED_NOTE]);
    app = made;
    return made;
  }

  it('still fails the run: migrateSchemaWithReport rejects with its error', async () => {
    const catching = give(CatchingApp);
    await expect(migrateSchemaWithReport(catching)).to.be.rejectedWith(
      DataLossError,
    );
    expect(catching.caught).to.have.length(1);
  });

  it('still fails the command line: exit 4 and the refusal, never "did not call super"', async () => {
    const io = captureIo();
    const code = await runMigrationCli(() => give(CatchingApp), [], io);
    expect(code).to.equal(EXIT.refused);
    expect(io.out() + io.err()).to.match(/it would destroy stored data/);
    expect(io.out() + io.err()).to.not.match(/did not call/);
    const rows = await db().query<{body: string}>(
      `SELECT body FROM ${noteTable(db().kind)}`,
    );
    expect(rows.map(r => r.body)).to.eql(['kept']);
  });

  it('succeeds when the override made good the failure with another call', async () => {
    const report = await migrateSchemaWithReport(give(RetryingApp));
    expect(report.dataSources.map(d => d.status)).to.eql(['migrated']);
  });
});
