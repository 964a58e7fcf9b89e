import {setTimeout} from 'node:timers/promises';
import {expect} from '@loopback/testlab';
import {
  InvalidMigrationOptionsError,
  IrreversibleMigrationError,
  migrateSchemaWithReport,
  MigrationChecksumError,
  type MigrationScriptClass,
  MigrationScriptError,
} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeEachDatabase, type TestDatabase} from '../support/databases';
import {
  defineScript,
  insertNote,
  ledgerVersions,
  NOTE_MODEL,
  notes,
  noteScript,
} from '../support/scripts';
import {rejection} from '../support/rejection';

/** Run `body` on a fresh app with the `Note` model and these scripts. */
async function withScripts<T>(
  db: TestDatabase,
  scripts: readonly MigrationScriptClass[],
  body: (app: MigratingApp) => Promise<T>,
): Promise<T> {
  const app = buildApp(MigratingApp, {db: db.dataSourceConfig}, [NOTE_MODEL]);
  try {
    for (const script of scripts) app.migrationScript(script);
    return await body(app);
  } finally {
    await closeApp(app);
  }
}

describeEachDatabase('migration status and revert', (db, kind) => {
  let log: string[];
  let scripts: MigrationScriptClass[];

  beforeEach(async () => {
    await dropAllTables(db());
    log = [];
    scripts = ['1.0.0', '1.1.0', '1.2.0', '1.10.0'].map(v =>
      noteScript(v, log),
    );
    await withScripts(db(), scripts, app => migrateSchemaWithReport(app));
    log.length = 0;
  });

  it('lists every script: applied, pending, changed, missing', async () => {
    const edited = defineScript({
      version: '1.1.0',
      description: 'note 1.1.0',
      up: async ctx => {
        await insertNote('edited')(ctx);
      },
    });
    const now = [scripts[0], edited, scripts[3], noteScript('2.0.0')];
    const statuses = await withScripts(db(), now, app => app.migrationStatus());
    expect(
      statuses.map(s => [s.version, s.status, s.dataSource, s.name]),
    ).to.eql([
      ['1.0.0', 'applied', 'db', 'Script_1_0_0'],
      ['1.1.0', 'changed', 'db', 'Script_1_1_0'],
      ['1.2.0', 'missing', 'db', 'Script_1_2_0'],
      ['1.10.0', 'applied', 'db', 'Script_1_10_0'],
      ['2.0.0', 'pending', 'db', 'Script_2_0_0'],
    ]);
    const [applied, changed, missing, , pending] = statuses;
    expect(applied.appliedAt).to.be.instanceOf(Date);
    expect(Date.now() - applied.appliedAt!.getTime()).to.be.within(0, 60_000);
    expect(applied.checksum).to.equal(applied.appliedChecksum);
    expect(changed.checksum).to.not.equal(changed.appliedChecksum);
    expect(missing).to.containDeep({reversible: false, checksum: undefined});
    expect(pending).to.containDeep({appliedAt: undefined, outOfOrder: false});
  });

  it('marks a pending script with a lower version than an applied one', async () => {
    const statuses = await withScripts(
      db(),
      [...scripts, noteScript('1.1.5')],
      app => app.migrationStatus(),
    );
    expect(statuses.find(s => s.version === '1.1.5')).to.containDeep({
      status: 'pending',
      outOfOrder: true,
    });
  });

  it('reverts the last script by default, then by steps, highest version first', async () => {
    const one = await withScripts(db(), scripts, app => app.revertMigrations());
    expect(one.scripts.map(s => [s.version, s.status])).to.eql([
      ['1.10.0', 'reverted'],
    ]);
    expect(one.dataSources).to.eql([]);
    const two = await withScripts(db(), scripts, app =>
      app.revertMigrations({steps: 2}),
    );
    expect(two.scripts.map(s => s.version)).to.eql(['1.2.0', '1.1.0']);
    expect(log).to.eql([
      'down down:1.10.0',
      'down down:1.2.0',
      'down down:1.1.0',
    ]);
    expect(await ledgerVersions(db())).to.eql(['1.0.0']);
    expect(await notes(db())).to.eql([
      'up:1.0.0',
      'up:1.1.0',
      'up:1.2.0',
      'up:1.10.0',
      'down:1.10.0',
      'down:1.2.0',
      'down:1.1.0',
    ]);
    // Reverted scripts are pending again, and the next migration reruns them.
    const again = await withScripts(db(), scripts, app =>
      migrateSchemaWithReport(app),
    );
    expect(again.scripts.map(s => s.version)).to.eql([
      '1.1.0',
      '1.2.0',
      '1.10.0',
    ]);
  });

  it('reverts every script above a version, which stays applied', async () => {
    const report = await withScripts(db(), scripts, app =>
      app.revertMigrations({to: '1.1.0'}),
    );
    expect(report.scripts.map(s => s.version)).to.eql(['1.10.0', '1.2.0']);
    expect(await ledgerVersions(db())).to.eql(['1.0.0', '1.1.0']);

    const error = await withScripts(db(), scripts, app =>
      rejection(app.revertMigrations({to: '1.2.0'})),
    );
    expect(error).to.be.instanceOf(InvalidMigrationOptionsError);
    expect(error.message).to.equal(
      'Cannot revert to version "1.2.0": it is not applied. Applied versions: ' +
        '1.0.0, 1.1.0. Name the version that should stay applied.',
    );
  });

  it('stops before anything is reverted when a script has no down()', async () => {
    const noDown = defineScript({
      version: '1.2.0',
      description: 'note 1.2.0',
      up: insertNote('up:1.2.0', log),
    });
    const current = [scripts[0], scripts[1], noDown, scripts[3]];
    const error = await withScripts(db(), current, app =>
      rejection(app.revertMigrations({steps: 3})),
    );
    expect(error).to.be.instanceOf(IrreversibleMigrationError);
    expect((error as IrreversibleMigrationError).code).to.equal(
      'MIGRATION_IRREVERSIBLE',
    );
    expect(error.message).to.match(
      /^Cannot revert 1\.2\.0 \(of 1\.10\.0, 1\.2\.0, 1\.1\.0 to revert\): nothing was reverted\.\n {2}1\.2\.0 "note 1\.2\.0" \(Script_1_2_0\) on datasource "db" has no down\(\) method/,
    );
    expect(log).to.eql([]);
    expect(await ledgerVersions(db())).to.eql([
      '1.0.0',
      '1.1.0',
      '1.10.0',
      '1.2.0',
    ]);
  });

  it('refuses to revert a script that is no longer in the code', async () => {
    const error = await withScripts(db(), scripts.slice(0, 3), app =>
      rejection(app.revertMigrations()),
    );
    expect(error).to.be.instanceOf(IrreversibleMigrationError);
    expect(error.message).to.match(
      /1\.10\.0 \(Script_1_10_0\) is in the ledger of datasource "db", but no registered script has this version any more/,
    );
  });

  it('refuses to revert a script whose code changed, unless accepted', async () => {
    const edited = defineScript({
      version: '1.10.0',
      up: async () => {},
      down: insertNote('edited down', log),
    });
    const current = [...scripts.slice(0, 3), edited];
    const error = await withScripts(db(), current, app =>
      rejection(app.revertMigrations()),
    );
    expect(error).to.be.instanceOf(MigrationChecksumError);
    expect(error.message).to.match(/Nothing was reverted/);
    expect(log).to.eql([]);
    await withScripts(db(), current, app =>
      app.revertMigrations({acceptChecksumChanges: true}),
    );
    expect(log).to.eql(['down edited down']);
  });

  it('stops at a failing down(), naming it; the earlier reverts stay', async () => {
    const failing = defineScript({
      version: '1.2.0',
      description: 'note 1.2.0',
      name: 'Script_1_2_0',
      up: insertNote('up:1.2.0', log),
      down: async () => {
        await setTimeout(30);
        throw new Error('cannot undo');
      },
    });
    const current = [scripts[0], scripts[1], failing, scripts[3]];
    const error = await withScripts(db(), current, app =>
      rejection(app.revertMigrations({steps: 3, acceptChecksumChanges: true})),
    );
    expect(error).to.be.instanceOf(MigrationScriptError);
    const scriptError = error as MigrationScriptError;
    expect(scriptError.direction).to.equal('down');
    expect(scriptError.message).to.match(
      /^Reverting migration script 1\.2\.0 "note 1\.2\.0" \(Script_1_2_0\) on datasource "db" \(\w+\) failed in down\(\): cannot undo/,
    );
    expect(scriptError.report.scripts.map(s => [s.version, s.status])).to.eql([
      ['1.10.0', 'reverted'],
      ['1.2.0', 'failed'],
    ]);
    // How long it ran before it failed.
    expect(scriptError.report.scripts[1].durationMs).to.be.aboveOrEqual(30);
    expect(await ledgerVersions(db())).to.eql(['1.0.0', '1.1.0', '1.2.0']);
    if (kind === 'postgresql') expect(scriptError.rolledBack).to.be.true();
    else {
      // It threw before sending any statement: the message says so.
      expect(scriptError.message).to.match(
        /What its down\(\) changed before the failure stays: make down\(\) safe to run again, or undo that by hand\. It sent no statement with ctx\.execute\(\) before the failure: only what it changed otherwise \(through a repository, its own connection\) stays, if anything\./,
      );
    }
  });

  it('rejects bad revert options before anything is read', async () => {
    const bad = [
      [{steps: 0}, /steps must be a whole number of scripts, 1 or more/],
      [{steps: 1.5}, /steps must be a whole number/],
      [{steps: 1, to: '1.0.0'}, /give steps or to, not both/],
      [{to: ''}, /to must be a version/],
      [{step: 2}, /unknown option "step"/],
    ] as const;
    for (const [options, message] of bad) {
      const error = await withScripts(db(), scripts, app =>
        rejection(
          app.revertMigrations(
            options as Parameters<MigratingApp['revertMigrations']>[0],
          ),
        ),
      );
      expect(error).to.be.instanceOf(InvalidMigrationOptionsError);
      expect(error.message).to.match(message);
    }
    expect(log).to.eql([]);
  });
});
