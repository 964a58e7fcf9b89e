import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {once} from 'node:events';
import {runMigrationCli, type MigrationContext} from '../../src';
import {acquireMigrationLock} from '../../src/runner/lock';
import {
  buildApp,
  closeApp,
  MigratingApp,
  TITLED_NOTE,
} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {describeEachDatabase, skipOnEmbedded} from '../support/databases';
import {captureIo} from '../support/cli-io';
import {
  defineScript,
  insertNote,
  NOTE_MODEL,
  noteTable,
} from '../support/scripts';
import {watchUncaught} from '../support/sessions';
import {setTimeout} from 'node:timers/promises';

function failingScript() {
  return defineScript({
    version: '1.0.0',
    description: 'fails',
    dataSource: 'db',
    up: async () => {
      throw new Error('boom in the script');
    },
  });
}

describeEachDatabase('the command line after a failure', db => {
  let app: MigratingApp;
  beforeEach(async () => {
    await dropAllTables(db());
    app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [TITLED_NOTE]);
    app.migrationScript(failingScript());
  });
  afterEach(() => closeApp(app));

  it('lists what stays applied, and with --verbose where the script threw', async () => {
    const io = captureIo();
    expect(await runMigrationCli(() => app, ['--verbose'], io)).to.equal(1);
    const err = io.err();
    expect(err).to.match(/^Migration failed: /);
    expect(err).to.match(
      /Applied before the failure \(it stays applied\):\n {2}db \(\w+\): migrated, \d+ statements?/,
    );
    expect(err).to.match(/caused by: Error: boom in the script\n\s+at /);
    // The frame of the script (this file was loaded before source maps
    // were turned on, so it is named as compiled; booted scripts are not).
    expect(err).to.match(/at cls\.up \(\S+cli-failure-output\.test\.[jt]s:\d+/);
    expect(await tables(db())).to.containEql('note');
  });

  // The failed script was listed under "Applied before the failure (it
  // stays applied)", with the status "failed".
  it('lists the failed script, and those not run after it, apart from what stays applied', async () => {
    const script = (version: string) =>
      defineScript({version, dataSource: 'db', up: async () => {}});
    app.migrationScript(script('0.9.0'));
    app.migrationScript(script('2.0.0'));
    const io = captureIo();
    expect(await runMigrationCli(() => app, [], io)).to.equal(1);
    const [, changed] = io
      .err()
      .split('Applied before the failure (it stays applied):\n');
    const [applied, failed, notRun] = changed.split(/^(?:Failed|Not run):\n/m);
    expect(applied).to.match(/^ {2}db \(\w+\): migrated, \d+ statements?, /);
    expect(applied).to.match(
      /^ {2}script 0\.9\.0 \S+ \(db\): applied, \d+ ms$/m,
    );
    expect(applied).to.not.match(/1\.0\.0|2\.0\.0/);
    expect(failed).to.match(
      /^ {2}script 1\.0\.0 "fails" \(db\): failed: .*boom in the script\n$/,
    );
    expect(notRun).to.match(/^ {2}script 2\.0\.0 \S+ \(db\): skipped: /);
  });

  it('after a failed revert, lists what stays reverted as reverted', async () => {
    const two = (version: string, down: () => Promise<void>) =>
      defineScript({version, dataSource: 'db', up: async () => {}, down});
    const reverting = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      TITLED_NOTE,
    ]);
    try {
      reverting.migrationScript(two('1.0.0', async () => {}));
      reverting.migrationScript(
        two('2.0.0', async () => {
          throw new Error('boom in down()');
        }),
      );
      reverting.migrationScript(two('3.0.0', async () => {}));
      await reverting.migrateSchema();
      const io = captureIo();
      expect(
        await runMigrationCli(() => reverting, ['--revert-to', '1.0.0'], io),
      ).to.equal(1);
      expect(io.err()).to.match(
        /Reverted before the failure \(it stays reverted\):\n {2}script 3\.0\.0 \S+ \(db\): reverted, \d+ ms\nFailed:\n {2}script 2\.0\.0 \S+ \(db\): failed/,
      );
      expect(io.err()).not.to.match(/Applied before the failure/);
    } finally {
      await closeApp(reverting);
    }
  });

  it('after a revert refused part-way for data loss, lists what stays reverted, and --json carries it', async () => {
    const note = noteTable(db().kind);
    const script = (version: string, down: string) =>
      defineScript({
        version,
        dataSource: 'db',
        up: async () => {},
        down: ctx => ctx.execute(down).then(() => undefined),
      });
    const reverting = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      TITLED_NOTE,
    ]);
    try {
      reverting.migrationScript(script('1.0.0', 'SELECT 1'));
      reverting.migrationScript(script('2.0.0', `DROP TABLE ${note}`));
      reverting.migrationScript(script('3.0.0', 'SELECT 3'));
      await reverting.migrateSchema();
      await db().query(`INSERT INTO ${note} (title) VALUES ('kept')`);
      const io = captureIo();
      expect(
        await runMigrationCli(() => reverting, ['--revert-to', '1.0.0'], io),
      ).to.equal(4);
      expect(io.err()).to.match(
        /^Revert refused: down\(\) of migration script 2\.0\.0 /,
      );
      expect(io.err()).to.match(
        /\nReverted before the failure \(it stays reverted\):\n {2}script 3\.0\.0 \S+ \(db\): reverted, \d+ ms\nFailed:\n {2}script 2\.0\.0 \S+ \(db\): failed: /,
      );
      // Applied again, then the same revert in JSON.
      await reverting.migrateSchema();
      const json = captureIo();
      expect(
        await runMigrationCli(
          () => reverting,
          ['--revert-to', '1.0.0', '--json'],
          json,
        ),
      ).to.equal(4);
      const output = JSON.parse(json.out());
      expect(output.error.code).to.equal('MIGRATION_DATA_LOSS');
      expect(
        output.report.scripts.map((r: {version: string; status: string}) => [
          r.version,
          r.status,
        ]),
      ).to.eql([
        ['3.0.0', 'reverted'],
        ['2.0.0', 'failed'],
      ]);
      expect(await tables(db())).to.containEql('note');
    } finally {
      await closeApp(reverting);
    }
  });

  it('prints no stack without --verbose, only where the script threw', async () => {
    const io = captureIo();
    expect(await runMigrationCli(() => app, [], io)).to.equal(1);
    expect(io.err()).not.to.match(/caused by:/);
    expect(io.err()).to.match(
      /\nThrown at cls\.up \(\S+cli-failure-output\.test\.[jt]s:\d+:\d+\) \(--verbose prints the whole stack\)\.\n$/,
    );
  });

  /** What the command line prints on stderr when a script with `up` fails. */
  async function stderrOfFailing(
    up: (ctx: MigrationContext) => Promise<void>,
  ): Promise<string> {
    const failing = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      TITLED_NOTE,
    ]);
    try {
      failing.migrationScript(
        defineScript({version: '1.0.0', dataSource: 'db', up}),
      );
      const io = captureIo();
      expect(await runMigrationCli(() => failing, [], io)).to.equal(1);
      return io.err();
    } finally {
      await closeApp(failing);
    }
  }

  it('names the statement the database refused, and no place in the driver', async () => {
    const err = await stderrOfFailing(async ctx => {
      await ctx.execute('SELECT 1');
      await ctx.execute('SELECT no_such_column FROM qa_missing_table');
    });
    expect(err).to.match(
      /failed in up\(\): .*\nThe statement the database refused \(ctx\.execute\(\)\): SELECT no_such_column FROM qa_missing_table\n/,
    );
    expect(err).not.to.match(/Thrown at/);
  });

  it('names no refused statement that the script caught before it failed on its own', async () => {
    const err = await stderrOfFailing(async ctx => {
      await ctx
        .execute('SELECT no_such_column FROM qa_missing_table')
        .catch(() => undefined);
      throw new Error('boom after a caught refusal');
    });
    expect(err).to.match(/failed in up\(\): boom after a caught refusal/);
    expect(err).not.to.match(/The statement the database refused/);
    expect(err).to.match(/\nThrown at /);
  });

  it('--json carries the cause and its stack', async () => {
    const io = captureIo();
    expect(await runMigrationCli(() => app, ['--json'], io)).to.equal(1);
    const printed = JSON.parse(io.out());
    expect(printed.error.code).to.equal('MIGRATION_SCRIPT_FAILED');
    expect(printed.error.cause.message).to.equal('boom in the script');
    expect(printed.error.cause.stack).to.match(
      /cli-failure-output\.test\.[jt]s:\d+/,
    );
    expect(printed.report.dataSources[0].status).to.equal('migrated');
  });
});

describeEachDatabase('the command line on a changed applied script', db => {
  // Two codes of one script (its checksum is of the source text).
  const applied = defineScript({
    version: '1.0.0',
    up: ctx => insertNote('applied')(ctx),
  });
  const edited = defineScript({
    version: '1.0.0',
    up: ctx => insertNote('edited')(ctx),
  });
  const run = async (argv: string[]) => {
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      NOTE_MODEL,
    ]);
    app.migrationScript(edited);
    const io = captureIo();
    try {
      return {code: await runMigrationCli(() => app, argv, io), io};
    } finally {
      await closeApp(app);
    }
  };
  beforeEach(async () => {
    await dropAllTables(db());
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      NOTE_MODEL,
    ]);
    app.migrationScript(applied);
    try {
      await app.migrateSchema();
    } finally {
      await closeApp(app);
    }
  });

  it('refuses it with exit 4, as a refusal, not as a failure', async () => {
    for (const argv of [[], ['--check']]) {
      const {code, io} = await run(argv);
      expect(code).to.equal(4);
      expect(io.out()).to.equal('');
      expect(io.err()).to.match(
        /^The code of 1 applied migration script\(s\) changed since it was applied:\n {2}1\.0\.0 /,
      );
    }
    const {code, io} = await run(['--json']);
    expect(code).to.equal(4);
    expect(io.err()).to.equal('');
    expect(JSON.parse(io.out()).error).to.containDeep({
      name: 'MigrationChecksumError',
      code: 'MIGRATION_CHECKSUM_MISMATCH',
    });
  });
});

describeEachDatabase(
  'the command line naming what the app does not have',
  db => {
    beforeEach(() => dropAllTables(db()));

    it('--models or --datasources naming nothing bound exit 1 before any change, the error on stderr or as JSON', async () => {
      for (const [argv, name, code] of [
        [['--models', 'Nope'], 'UnknownModelError', 'MIGRATION_UNKNOWN_MODEL'],
        [
          ['--datasources', 'nope'],
          'UnknownDataSourceError',
          'MIGRATION_UNKNOWN_DATASOURCE',
        ],
      ] as const) {
        const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
          TITLED_NOTE,
        ]);
        try {
          const io = captureIo();
          expect(await runMigrationCli(() => app, argv, io)).to.equal(1);
          expect(io.out()).to.equal('');
          expect(io.err()).to.match(/^Migration failed: Unknown /);
          const json = captureIo();
          expect(
            await runMigrationCli(() => app, [...argv, '--json'], json),
          ).to.equal(1);
          expect(json.err()).to.equal('');
          expect(JSON.parse(json.out()).error).to.containDeep({name, code});
        } finally {
          await closeApp(app);
        }
        expect(await tables(db())).to.eql([]);
      }
    });
  },
);

describeEachDatabase(
  'the command line on a model the database cannot take',
  db => {
    beforeEach(() => dropAllTables(db()));

    it('refuses it with exit 4 before any change, by its message', async () => {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        TITLED_NOTE,
        {...TITLED_NOTE, name: `Note${'x'.repeat(70)}`},
      ]);
      try {
        const io = captureIo();
        expect(await runMigrationCli(() => app, [], io)).to.equal(4);
        expect(io.out()).to.equal('');
        expect(io.err()).not.to.match(/Migration failed/);
        expect(io.err()).to.match(/Notex{70}/);
      } finally {
        await closeApp(app);
      }
      expect(await tables(db())).to.eql([]);
    });
  },
);
describeEachDatabase('the command line with a server down at start', db => {
  /** An app whose boot takes a while, as booters reading files do. */
  class SlowBootApp extends MigratingApp {
    async boot(): Promise<void> {
      await setTimeout(300);
    }
  }

  it('exits 1 saying so when the datasource made by the app fails to connect while it boots', async () => {
    const watch = watchUncaught();
    const io = captureIo();
    const code = await runMigrationCli(
      () =>
        // The datasource connects as it is made, before the boot.
        buildApp(
          SlowBootApp,
          {db: {...db().dataSourceConfig, host: '127.0.0.1', port: 1}},
          [TITLED_NOTE],
        ),
      [],
      io,
    );
    await setTimeout(100);
    expect(watch.stop()).to.eql([]);
    expect(code).to.equal(1);
    expect(io.err()).to.match(/^Migration failed: /);
    expect(io.err()).to.match(/ECONNREFUSED/);
    expect(io.err()).to.match(/could not be reached/);
  });
});

describeEachDatabase(
  'the command line waiting for a migration lock held elsewhere',
  db => {
    beforeEach(() => dropAllTables(db()));

    it('--lock-timeout bounds the wait of migrating (0: the lock is tried once), --revert, --revert-to and --baseline', async function () {
      skipOnEmbedded(
        this,
        db(),
        'a session lock needs separate database sessions',
      );
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        TITLED_NOTE,
      ]);
      const holder = new juggler.DataSource({
        name: 'db',
        ...db().dataSourceConfig,
      });
      try {
        app.migrationScript(
          defineScript({
            version: '1.0.0',
            dataSource: 'db',
            up: async () => {},
            down: async () => {},
          }),
        );
        await app.migrateSchema();
        if (!holder.connected) await once(holder, 'connected');
        const lock = await acquireMigrationLock(holder.connector!, {});
        try {
          for (const args of [
            ['--lock-timeout', '0'],
            ['--revert', '--lock-timeout', '300'],
            ['--revert-to', '1.0.0', '--lock-timeout', '300'],
            ['--baseline', '--lock-timeout', '300'],
          ]) {
            // Without --lock-timeout, each waited the default minute.
            const io = captureIo();
            const started = Date.now();
            expect(
              await runMigrationCli(() => app, [...args, '--json'], io),
            ).to.equal(1);
            expect(Date.now() - started).to.be.below(20000);
            expect(JSON.parse(io.out()).error).to.containDeep({
              name: 'MigrationLockTimeoutError',
              code: 'MIGRATION_LOCK_TIMEOUT',
            });
          }
        } finally {
          await lock?.release();
        }
      } finally {
        await holder.disconnect();
        await closeApp(app);
      }
    });
  },
);
