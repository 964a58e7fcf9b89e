import {expect} from '@loopback/testlab';
import {
  migrateSchemaWithReport,
  MigrationLockLostError,
  runMigrationCli,
  type MigrationScriptClass,
} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {columns, dropAllTables, tables} from '../support/catalog';
import {captureIo} from '../support/cli-io';
import {describeEachDatabase, skipOnEmbedded} from '../support/databases';
import {
  defineScript,
  insertNote,
  ledgerVersions,
  NOTE_MODEL,
  notes,
  noteScript,
} from '../support/scripts';
import {
  blockDdl,
  lockHolderId,
  terminateSession,
  waitForBlockedSession,
} from '../support/sessions';
import {rejection} from '../support/rejection';

const TAG_MODEL: ModelSpec = {
  name: 'Tag',
  properties: {id: {type: 'number', id: true, generated: true}},
};

/** A model with one more column. */
function withColumn(model: ModelSpec, column: string): ModelSpec {
  return {
    ...model,
    properties: {...model.properties, [column]: {type: 'string'}},
  };
}

describeEachDatabase('a lost migration lock', (db, kind) => {
  let apps: MigratingApp[];
  before(function () {
    skipOnEmbedded(this, db(), 'the lock needs separate database sessions');
  });
  beforeEach(async () => {
    apps = [];
    await dropAllTables(db());
  });
  afterEach(async () => {
    for (const app of apps) await closeApp(app);
  });

  function appWith(
    models: ModelSpec[],
    scripts: MigrationScriptClass[] = [],
  ): MigratingApp {
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
    for (const script of scripts) app.migrationScript(script);
    apps.push(app);
    return app;
  }

  /** End the lock's session from another session, as an operator would. */
  async function endLockSession(): Promise<void> {
    const holder = await lockHolderId(db());
    if (!holder) throw new Error('nobody holds the lock');
    await terminateSession(db(), holder);
  }

  /** A script that ends the lock's session (the first time it runs) and then inserts its note. */
  function losingTheLock(
    runs: 'before-schema' | 'after-schema' = 'after-schema',
  ): MigrationScriptClass {
    let ended = false;
    return defineScript({
      version: '1.0.0',
      description: 'the lock is lost while it runs',
      runs,
      async up(ctx) {
        if (!ended) {
          ended = true;
          await endLockSession();
        }
        if (runs === 'after-schema') await insertNote('up:1.0.0')(ctx);
      },
    });
  }

  function expectLockLost(error: Error): MigrationLockLostError {
    expect(error).to.be.instanceOf(MigrationLockLostError);
    const lost = error as MigrationLockLostError;
    expect(lost.code).to.equal('MIGRATION_LOCK_LOST');
    expect(lost.dataSource).to.equal('db');
    expect(lost.message).to.containEql(
      `The migration lock of datasource "db" on database "${db().name}" (${kind}) was lost`,
    );
    expect(lost.message).to.match(
      /stopped there: nothing was applied after the loss was found/,
    );
    expect(lost.message).to.match(/Re-running is safe/);
    return lost;
  }

  it('stops before the next script when the lock is lost during a script; a rerun completes', async () => {
    const log: string[] = [];
    const scripts = [losingTheLock(), noteScript('1.1.0', log)];

    const error = await rejection(
      migrateSchemaWithReport(appWith([NOTE_MODEL], scripts)),
    );

    const lost = expectLockLost(error);
    expect(log).to.eql([]);
    const statuses = lost.report.scripts.map(s => [s.version, s.status]);
    if (kind === 'postgresql') {
      // The script's transaction commits only under the lock: rolled back.
      expect(lost.message).to.match(
        /before recording migration script 1\.0\.0/,
      );
      expect(lost.message).to.match(/neither its changes nor its ledger row/);
      expect(statuses).to.eql([
        ['1.0.0', 'failed'],
        ['1.1.0', 'skipped'],
      ]);
      expect(await ledgerVersions(db())).to.eql([]);
      expect(await notes(db())).to.eql([]);
    } else {
      // It commits as it goes: it ran, and the ledger says so.
      expect(lost.message).to.match(/before running migration script 1\.1\.0/);
      expect(lost.message).to.match(
        /migration script 1\.0\.0 \(Script_1_0_0\)/,
      );
      expect(statuses).to.eql([
        ['1.0.0', 'applied'],
        ['1.1.0', 'skipped'],
      ]);
      expect(await ledgerVersions(db())).to.eql(['1.0.0']);
      expect(await notes(db())).to.eql(['up:1.0.0']);
    }
    expect(await lockHolderId(db())).to.be.undefined();

    const report = await migrateSchemaWithReport(
      appWith([NOTE_MODEL], scripts),
    );
    expect(report.dataSources[0].status).to.equal('up-to-date');
    expect(await ledgerVersions(db())).to.eql(['1.0.0', '1.1.0']);
    expect(await notes(db())).to.eql(['up:1.0.0', 'up:1.1.0']);
  });

  it('stops before the next schema change when the lock is lost while the apply waits; a rerun completes', async () => {
    await migrateSchemaWithReport(appWith([NOTE_MODEL, TAG_MODEL]));
    const changed = [
      withColumn(NOTE_MODEL, 'body'),
      withColumn(TAG_MODEL, 'label'),
    ];
    const release = await blockDdl(
      db(),
      kind === 'postgresql' ? ['note', 'tag'] : ['`Note`', '`Tag`'],
    );
    let error: Error;
    try {
      const running = rejection(migrateSchemaWithReport(appWith(changed)));
      await waitForBlockedSession(db(), 'ALTER TABLE');
      await endLockSession();
      await release();
      error = await running;
    } finally {
      await release().catch(() => undefined);
    }

    const lost = expectLockLost(error);
    const added = [
      (await columns(db(), 'note')).some(c => c.column === 'body'),
      (await columns(db(), 'tag')).some(c => c.column === 'label'),
    ];
    if (kind === 'postgresql') {
      // The transaction asserts the lock before COMMIT: all rolled back.
      expect(lost.message).to.match(/before committing its schema changes/);
      expect(added).to.eql([false, false]);
    } else {
      // The statement that waited finished; the next one did not run.
      expect(lost.message).to.match(
        /before applying the statement: ALTER TABLE/,
      );
      expect(lost.message).to.match(
        /The statements before it were applied and stay applied/,
      );
      expect(added.filter(Boolean)).to.have.length(1);
    }
    expect(lost.report.dataSources[0].status).to.equal('failed');

    const report = await migrateSchemaWithReport(appWith(changed));
    expect(report.dataSources[0].status).to.equal('migrated');
    expect((await columns(db(), 'note')).map(c => c.column)).to.containEql(
      'body',
    );
    expect((await columns(db(), 'tag')).map(c => c.column)).to.containEql(
      'label',
    );
  });

  if (kind === 'mysql') {
    it('fails with MigrationLockLostError when the lock is lost while the last statement waits, which stays applied', async () => {
      await migrateSchemaWithReport(appWith([NOTE_MODEL]));
      const release = await blockDdl(db(), ['`Note`']);
      let error: Error;
      try {
        const running = rejection(
          migrateSchemaWithReport(appWith([withColumn(NOTE_MODEL, 'body')])),
        );
        await waitForBlockedSession(db(), 'ALTER TABLE');
        await endLockSession();
        await release();
        error = await running;
      } finally {
        await release().catch(() => undefined);
      }

      expect(error).to.be.instanceOf(MigrationLockLostError);
      const lost = error.message;
      expect(lost).to.match(/Re-running is safe/);
      expect(lost).to.match(
        /found it after applying the statement: ALTER TABLE `Note` ADD COLUMN `body`.*, which ran to its end/,
      );
      expect(lost).to.match(
        /That statement and the 0 before it were applied and stay applied/,
      );
      expect((await columns(db(), 'note')).map(c => c.column)).to.containEql(
        'body',
      );
    });
  }

  if (kind === 'mysql') {
    it('fails with MigrationLockLostError when the lock is lost during the last script, which stays recorded', async () => {
      const error = await rejection(
        migrateSchemaWithReport(appWith([NOTE_MODEL], [losingTheLock()])),
      );
      expect(error).to.be.instanceOf(MigrationLockLostError);
      expect(error.message).to.match(
        /found it after running migration script 1\.0\.0 .*\(Script_1_0_0\), which ran to its end/,
      );
      expect(error.message).to.match(/It ran and is recorded in the ledger/);
      expect(await ledgerVersions(db())).to.eql(['1.0.0']);
      expect(await notes(db())).to.eql(['up:1.0.0']);
    });
  }

  it('stops before the schema change when the lock is lost in a before-schema script', async () => {
    const scripts = [losingTheLock('before-schema')];

    const error = await rejection(
      migrateSchemaWithReport(appWith([NOTE_MODEL], scripts)),
    );

    if (kind === 'postgresql') {
      expect(expectLockLost(error).message).to.match(
        /before recording migration script 1\.0\.0/,
      );
    } else {
      // Found right after the script, which MySQL recorded.
      expect(error).to.be.instanceOf(MigrationLockLostError);
      expect(error.message).to.match(
        /found it after running migration script 1\.0\.0 .*, which ran to its end/,
      );
    }
    expect(await tables(db())).not.to.containEql('note');
    const report = await migrateSchemaWithReport(
      appWith([NOTE_MODEL], scripts),
    );
    expect(report.dataSources[0].status).to.equal('migrated');
    expect(await ledgerVersions(db())).to.eql(['1.0.0']);
  });

  if (kind === 'mysql') {
    it('fails with MigrationLockLostError when the lock is lost during the last before-schema script of an up-to-date schema', async () => {
      await migrateSchemaWithReport(appWith([NOTE_MODEL]));
      const error = await rejection(
        migrateSchemaWithReport(
          appWith([NOTE_MODEL], [losingTheLock('before-schema')]),
        ),
      );
      expect(error).to.be.instanceOf(MigrationLockLostError);
      expect(error.message).to.match(
        /found it after running migration script 1\.0\.0 .*\(Script_1_0_0\), which ran to its end/,
      );
      expect(await ledgerVersions(db())).to.eql(['1.0.0']);
    });
  }

  it('says a script another process recorded while this one ran it is recorded', async () => {
    const script = defineScript({
      version: '1.0.0',
      async up(ctx) {
        await insertNote('up:1.0.0')(ctx);
        // Another process records the same script meanwhile.
        await db().query(
          `INSERT INTO schema_migration_scripts
             (version, name, checksum, applied_at, duration_ms)
           VALUES ('1.0.0', 'Script_1_0_0', ${kind === 'postgresql' ? 'repeat' : 'REPEAT'}('0', 64), NOW(), 1)`,
        );
      },
    });
    const error = await rejection(
      migrateSchemaWithReport(appWith([NOTE_MODEL], [script])),
    );
    expect(error.message).to.match(
      /ran, but another process recorded it in the ledger \S+ while this one ran it/,
    );
    expect(error.message).not.to.match(/not recorded/);
    expect(error.message).to.match(
      kind === 'postgresql'
        ? /transaction was rolled back, so it was applied once, by the other process/
        : /it ran twice/,
    );
    expect(await ledgerVersions(db())).to.eql(['1.0.0']);
    expect(await notes(db())).to.eql(kind === 'postgresql' ? [] : ['up:1.0.0']);
  });

  it('makes the command line exit with 1, saying the lock was lost', async () => {
    const io = captureIo();
    const app = appWith([NOTE_MODEL], [losingTheLock(), noteScript('1.1.0')]);
    expect(await runMigrationCli(() => app, [], io)).to.equal(1);
    expect(io.err()).to.match(/The migration lock of datasource "db"/);
  });
});
