import {setTimeout} from 'node:timers/promises';
import {expect} from '@loopback/testlab';
import {
  InvalidMigrationScriptError,
  migrateSchemaWithReport,
  MIGRATION_LEDGER_TABLE,
  MigrationChecksumError,
  type MigrationContext,
  MigrationScriptError,
} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {columns, dropAllTables, tables} from '../support/catalog';
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

/** An app with the `Note` model on the test database. */
function noteApp(db: TestDatabase): MigratingApp {
  return buildApp(MigratingApp, {db: db.dataSourceConfig}, [NOTE_MODEL]);
}

async function withApp<T>(
  db: TestDatabase,
  setup: (app: MigratingApp) => void,
  body: (app: MigratingApp) => Promise<T>,
): Promise<T> {
  const app = noteApp(db);
  try {
    setup(app);
    return await body(app);
  } finally {
    await closeApp(app);
  }
}

describeEachDatabase('versioned migration scripts', (db, kind) => {
  beforeEach(() => dropAllTables(db()));

  it('syncs the schema, then runs every script once, in semver order', async () => {
    const log: string[] = [];
    const register = (app: MigratingApp) => {
      for (const v of ['1.10.0', '1.2.0', '1.9.0', '1.10.0-rc.1', '0.9.1'])
        app.migrationScript(noteScript(v, log));
    };
    const report = await withApp(db(), register, app =>
      migrateSchemaWithReport(app),
    );
    expect(report.dataSources[0].status).to.equal('migrated');
    expect(log).to.eql([
      'up up:0.9.1',
      'up up:1.2.0',
      'up up:1.9.0',
      'up up:1.10.0-rc.1',
      'up up:1.10.0',
    ]);
    expect(report.scripts.map(s => [s.version, s.status])).to.eql([
      ['0.9.1', 'applied'],
      ['1.2.0', 'applied'],
      ['1.9.0', 'applied'],
      ['1.10.0-rc.1', 'applied'],
      ['1.10.0', 'applied'],
    ]);
    expect(await notes(db())).to.eql(log.map(l => l.slice(3)));

    const [row] = await db().query<Record<string, unknown>>(
      "SELECT * FROM schema_migration_scripts WHERE version = '1.9.0'",
    );
    expect(row).to.containDeep({
      version: '1.9.0',
      name: 'Script_1_9_0',
      description: 'note 1.9.0',
    });
    expect(String(row.checksum)).to.match(/^[0-9a-f]{64}$/);
    expect(Number(row.duration_ms)).to.be.aboveOrEqual(0);

    // The next run finds nothing to do.
    log.length = 0;
    const again = await withApp(db(), register, app =>
      migrateSchemaWithReport(app),
    );
    expect(again.scripts).to.eql([]);
    expect(log).to.eql([]);
    expect(again.dataSources[0].status).to.equal('up-to-date');
  });

  it('orders versions that are not semver lexicographically', async () => {
    const log: string[] = [];
    await withApp(
      db(),
      app => {
        for (const v of ['010-late', '002-seed', '001-init', '1.0.0'])
          app.migrationScript(noteScript(v, log));
      },
      app => migrateSchemaWithReport(app),
    );
    // Semver first, then plain strings as strings.
    expect(log).to.eql([
      'up up:1.0.0',
      'up up:001-init',
      'up up:002-seed',
      'up up:010-late',
    ]);
  });

  it('runs a script merged late with a lower version, with a warning', async () => {
    const log: string[] = [];
    await withApp(
      db(),
      app => {
        app.migrationScript(noteScript('1.0.0', log));
        app.migrationScript(noteScript('1.2.0', log));
      },
      app => migrateSchemaWithReport(app),
    );
    const report = await withApp(
      db(),
      app => {
        app.migrationScript(noteScript('1.0.0', log));
        app.migrationScript(noteScript('1.1.0', log));
        app.migrationScript(noteScript('1.2.0', log));
        app.migrationScript(noteScript('1.3.0', log));
      },
      app => migrateSchemaWithReport(app),
    );
    expect(log).to.eql([
      'up up:1.0.0',
      'up up:1.2.0',
      'up up:1.1.0',
      'up up:1.3.0',
    ]);
    expect(report.scripts).to.have.length(2);
    expect(report.scripts[0]).to.containDeep({
      version: '1.1.0',
      status: 'applied',
      outOfOrder: true,
    });
    expect(report.scripts[0].warnings[0]).to.match(
      /runs out of order: 1\.2\.0 is already applied/,
    );
    expect(report.scripts[1]).to.containDeep({
      version: '1.3.0',
      outOfOrder: false,
      warnings: [],
    });
    expect(await ledgerVersions(db())).to.eql([
      '1.0.0',
      '1.1.0',
      '1.2.0',
      '1.3.0',
    ]);
  });

  it('stops at a failing script, names it and its cause, keeps earlier ones', async () => {
    const failing = defineScript({
      version: '1.1.0',
      description: 'split names',
      name: 'SplitNames',
      up: async ctx => {
        await insertNote('partial')(ctx);
        await setTimeout(30);
        throw new Error('column "fullname" does not exist');
      },
    });
    const register = (app: MigratingApp) => {
      app.migrationScript(noteScript('1.0.0'));
      app.migrationScript(failing);
      app.migrationScript(noteScript('1.2.0'));
    };
    const error = await withApp(db(), register, app =>
      rejection(app.migrateSchema()),
    );
    expect(error).to.be.instanceOf(MigrationScriptError);
    const scriptError = error as MigrationScriptError;
    expect(scriptError.code).to.equal('MIGRATION_SCRIPT_FAILED');
    expect(scriptError.version).to.equal('1.1.0');
    expect(scriptError.dataSource).to.equal('db');
    expect(scriptError.message).to.match(
      /Migration script 1\.1\.0 "split names" \(SplitNames\) on datasource "db" \(\w+\) failed in up\(\): column "fullname" does not exist/,
    );
    expect((scriptError.cause as Error).message).to.equal(
      'column "fullname" does not exist',
    );
    expect(scriptError.report.scripts.map(s => [s.version, s.status])).to.eql([
      ['1.0.0', 'applied'],
      ['1.1.0', 'failed'],
      ['1.2.0', 'skipped'],
    ]);
    // How long it ran before it failed.
    expect(scriptError.report.scripts[1].durationMs).to.be.aboveOrEqual(30);
    expect(await ledgerVersions(db())).to.eql(['1.0.0']);
    if (kind === 'postgresql') {
      expect(scriptError.rolledBack).to.be.true();
      expect(scriptError.message).to.match(/transaction was rolled back/);
      expect(await notes(db())).to.eql(['up:1.0.0']);
    } else {
      // MySQL: what ran before the failure stays; the script is not recorded.
      expect(scriptError.rolledBack).to.be.false();
      expect(scriptError.message).to.match(
        /not recorded in the ledger .* runs it again/,
      );
      // And names what stays.
      expect(scriptError.message).to.containEql(
        'its up() ran 1 statement with ctx.execute(), which stay: ' +
          '1. INSERT INTO `Note` (text) VALUES (?).',
      );
      expect(await notes(db())).to.eql(['up:1.0.0', 'partial']);
    }

    // Fixed, it runs on the next migration, followed by the later one.
    const fixed = await withApp(
      db(),
      app => {
        app.migrationScript(noteScript('1.0.0'));
        app.migrationScript(noteScript('1.1.0'));
        app.migrationScript(noteScript('1.2.0'));
      },
      app => migrateSchemaWithReport(app),
    );
    expect(fixed.scripts.map(s => s.version)).to.eql(['1.1.0', '1.2.0']);
    expect(await ledgerVersions(db())).to.eql(['1.0.0', '1.1.0', '1.2.0']);
  });

  it('gives the script its transaction (PostgreSQL) for repositories too', async () => {
    let seen: MigrationContext['transaction'] | 'unset' = 'unset';
    const viaRepository = defineScript({
      version: '2.0.0',
      up: async ctx => {
        seen = ctx.transaction;
        const repo = await ctx.app.get<{
          create(data: object, options?: object): Promise<unknown>;
        }>('repositories.NoteRepository');
        await repo.create(
          {text: 'via repository'},
          {transaction: ctx.transaction},
        );
        throw new Error('changed my mind');
      },
    });
    const error = await withApp(
      db(),
      app => app.migrationScript(viaRepository),
      app => rejection(app.migrateSchema()),
    );
    expect(error).to.be.instanceOf(MigrationScriptError);
    if (kind === 'postgresql') {
      expect(seen).to.not.be.undefined();
      expect(await notes(db())).to.eql([]);
    } else {
      expect(seen).to.be.undefined();
      expect(await notes(db())).to.eql(['via repository']);
    }
  });

  for (const runs of ['before-schema', undefined] as const) {
    it(`says that an applied script is no longer in the code (${runs ?? 'after the schema'})`, async () => {
      await withApp(
        db(),
        app =>
          app.migrationScript(
            defineScript({version: '1.0.0', runs, up: async () => undefined}),
          ),
        app => migrateSchemaWithReport(app),
      );
      // A before-schema script's warning was lost: the datasource's result
      // is made after that phase.
      const report = await withApp(
        db(),
        app =>
          app.migrationScript(
            defineScript({version: '1.1.0', runs, up: async () => undefined}),
          ),
        app => migrateSchemaWithReport(app),
      );
      expect(report.warnings.join('\n')).to.match(
        /migration script 1\.0\.0 \(Script_1_0_0\) of datasource "db" is in the ledger \S+ but no longer in the code/,
      );
    });
  }

  it('says so once when scripts run both before and after the schema', async () => {
    await withApp(
      db(),
      app =>
        app.migrationScript(
          defineScript({version: '1.0.0', up: async () => undefined}),
        ),
      app => migrateSchemaWithReport(app),
    );
    const register = (app: MigratingApp) => {
      app.migrationScript(
        defineScript({
          version: '1.1.0',
          runs: 'before-schema',
          up: async () => undefined,
        }),
      );
      app.migrationScript(
        defineScript({version: '1.2.0', up: async () => undefined}),
      );
    };
    const missing = (warnings: string[]) =>
      warnings.filter(w => / 1\.0\.0 .*no longer in the code/.test(w));
    const plan = await withApp(db(), register, app =>
      app.planSchemaMigration(),
    );
    expect(missing(plan.warnings)).to.have.length(1);
    expect(missing(plan.warnings)[0]).to.match(
      /^migration script 1\.0\.0 \(Script_1_0_0\) of datasource "db" is in the ledger (\S+) but no longer in the code: restore its file \(an applied script stays in the code; a revert needs its down\(\)\), or, if it was removed on purpose and what it did is undone or meant to stay, delete its row \(version '1\.0\.0'\) from \1$/,
    );
    const report = await withApp(db(), register, app =>
      migrateSchemaWithReport(app),
    );
    expect(missing(report.warnings)).to.have.length(1);
    expect(report.scripts.map(s => [s.version, s.status])).to.eql([
      ['1.1.0', 'applied'],
      ['1.2.0', 'applied'],
    ]);
  });

  it('refuses an applied script whose code changed, unless accepted', async () => {
    await withApp(
      db(),
      app => app.migrationScript(noteScript('1.0.0')),
      app => migrateSchemaWithReport(app),
    );
    const log: string[] = [];
    const edited = defineScript({
      version: '1.0.0',
      up: async ctx => {
        await insertNote('edited')(ctx);
      },
    });
    const register = (app: MigratingApp) => {
      app.migrationScript(edited);
      app.migrationScript(noteScript('1.1.0', log));
    };
    const error = await withApp(db(), register, app =>
      rejection(app.migrateSchema()),
    );
    expect(error).to.be.instanceOf(MigrationChecksumError);
    const mismatch = error as MigrationChecksumError;
    expect(mismatch.code).to.equal('MIGRATION_CHECKSUM_MISMATCH');
    expect(mismatch.changed).to.containDeep([
      {version: '1.0.0', dataSource: 'db', name: 'Script_1_0_0'},
    ]);
    expect(mismatch.message).to.match(/No script was run/);
    expect(mismatch.message).to.match(/acceptChecksumChanges: true/);
    expect(log).to.eql([]);
    expect(await ledgerVersions(db())).to.eql(['1.0.0']);

    const accepted = await withApp(db(), register, app =>
      migrateSchemaWithReport(app, {acceptChecksumChanges: true}),
    );
    expect(log).to.eql(['up up:1.1.0']);
    expect(accepted.warnings.join('\n')).to.match(
      /changed code of applied migration script 1\.0\.0 .* was accepted/,
    );
    // The edited script did not run; its new checksum is recorded.
    expect(await notes(db())).to.eql(['up:1.0.0', 'up:1.1.0']);
    const again = await withApp(db(), register, app =>
      migrateSchemaWithReport(app),
    );
    expect(again.scripts).to.eql([]);
  });

  it('refuses an applied script whose code changed before the schema sync or any script changes anything', async () => {
    await withApp(
      db(),
      app => app.migrationScript(noteScript('1.0.0')),
      app => migrateSchemaWithReport(app),
    );
    const log: string[] = [];
    const edited = defineScript({version: '1.0.0', up: insertNote('edited')});
    const withBody = {
      ...NOTE_MODEL,
      properties: {...NOTE_MODEL.properties, body: {type: 'string'}},
    };
    for (const runs of ['after-schema', 'before-schema'] as const) {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        withBody,
      ]);
      try {
        app.migrationScript(edited);
        app.migrationScript(noteScript('1.1.0', log, {runs}));
        const error = await rejection(app.migrateSchema());
        expect(error).to.be.instanceOf(MigrationChecksumError);
        const {report} = error as MigrationChecksumError;
        const statuses = report?.dataSources.map(ds => ds.status);
        expect(statuses).to.eql(runs === 'before-schema' ? [] : ['planned']);
      } finally {
        await closeApp(app);
      }
      expect(log).to.eql([]);
      const names = (await columns(db(), 'Note')).map(c => c.column);
      expect(names).to.eql(['id', 'text']);
      expect(await ledgerVersions(db())).to.eql(['1.0.0']);
    }
  });

  it('lists pending scripts in a dry run and changes nothing', async () => {
    const log: string[] = [];
    const report = await withApp(
      db(),
      app => app.migrationScript(noteScript('1.0.0', log)),
      app => app.planSchemaMigration(),
    );
    expect(report.scripts.map(s => [s.version, s.status])).to.eql([
      ['1.0.0', 'pending'],
    ]);
    expect(log).to.eql([]);
    expect(await tables(db())).to.eql([]);
  });

  it('runs no script with scripts: false', async () => {
    const log: string[] = [];
    const report = await withApp(
      db(),
      app => app.migrationScript(noteScript('1.0.0', log)),
      app => migrateSchemaWithReport(app, {scripts: false}),
    );
    expect(report.scripts).to.eql([]);
    expect(log).to.eql([]);
    expect(await tables(db())).to.eql(['note']);
  });

  it('runs the scripts of a datasource without models, under its lock', async () => {
    const log: string[] = [];
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, []);
    try {
      app.migrationScript(
        defineScript({
          version: '1.0.0',
          up: async ctx => {
            log.push('ran');
            await ctx.execute('SELECT 1');
          },
        }),
      );
      const report = await migrateSchemaWithReport(app);
      expect(report.dataSources[0].status).to.equal('skipped');
      expect(report.scripts[0].status).to.equal('applied');
      expect(log).to.eql(['ran']);
    } finally {
      await closeApp(app);
    }
  });

  it('keeps its ledger in the table bound to MIGRATION_LEDGER_TABLE', async () => {
    await withApp(
      db(),
      app => {
        app.bind(MIGRATION_LEDGER_TABLE).to('app_migrations');
        app.migrationScript(noteScript('1.0.0'));
      },
      app => migrateSchemaWithReport(app),
    );
    expect(await tables(db())).to.eql(['app_migrations', 'note']);
    expect(await ledgerVersions(db(), 'app_migrations')).to.eql(['1.0.0']);
  });

  it('runs only the scripts of the selected dataSources', async () => {
    const log: string[] = [];
    const app = buildApp(
      MigratingApp,
      {db: db().dataSourceConfig, other: db().dataSourceConfig},
      [NOTE_MODEL],
    );
    try {
      app.migrationScript(noteScript('1.0.0', log, {dataSource: 'db'}));
      app.migrationScript(noteScript('2.0.0', log, {dataSource: 'other'}));
      const report = await migrateSchemaWithReport(app, {dataSources: ['db']});
      expect(report.scripts.map(s => s.version)).to.eql(['1.0.0']);
      expect(log).to.eql(['up up:1.0.0']);
    } finally {
      await closeApp(app);
    }
  });

  it('reports the scripts of a datasource with disableMigration as skipped', async () => {
    const log: string[] = [];
    const app = buildApp(
      MigratingApp,
      {db: {...db().dataSourceConfig, disableMigration: true}},
      [NOTE_MODEL],
    );
    try {
      app.migrationScript(noteScript('1.0.0', log, {dataSource: 'db'}));
      const report = await migrateSchemaWithReport(app);
      expect(report.scripts).to.containDeep([
        {
          version: '1.0.0',
          status: 'skipped',
          reason: 'datasource "db" has disableMigration: true',
        },
      ]);
      expect(log).to.eql([]);
      expect(await tables(db())).to.eql([]);
      // Its status says so too, not `pending`.
      expect(await app.migrationStatus()).to.containDeep([
        {
          version: '1.0.0',
          status: 'skipped',
          reason: 'datasource "db" has disableMigration: true',
        },
      ]);
    } finally {
      await closeApp(app);
    }
  });

  it('rejects scripts naming an unknown datasource before anything changes', async () => {
    const error = await withApp(
      db(),
      app =>
        app.migrationScript(noteScript('1.0.0', undefined, {dataSource: 'DB'})),
      app => rejection(app.migrateSchema()),
    );
    expect(error).to.be.instanceOf(InvalidMigrationScriptError);
    expect(error.message).to.equal(
      'Migration script Script_1_0_0 (1.0.0) names datasource "DB", which is ' +
        `not bound (did you mean "db"?). Bound datasources: "db" (${kind}). ` +
        'Use the name as bound: "db" for "datasources.db".',
    );
    expect(await tables(db())).to.eql([]);
  });

  it('needs the dataSource of a script when the app has two datasources', async () => {
    const app = buildApp(
      MigratingApp,
      {db: db().dataSourceConfig, other: db().dataSourceConfig},
      [NOTE_MODEL],
    );
    try {
      app.migrationScript(noteScript('1.0.0'));
      const error = await rejection(app.migrateSchema());
      expect(error).to.be.instanceOf(InvalidMigrationScriptError);
      expect(error.message).to.match(
        /does not say which datasource it migrates, and the app has 2: "db", "other"\. Set its dataSource, e\.g\. `dataSource = 'db'`/,
      );
      expect(await tables(db())).to.eql([]);
    } finally {
      await closeApp(app);
    }
  });
});

describe('migration scripts without a database', () => {
  it('are checked when registered', () => {
    const app = new MigratingApp();
    class NoUp {
      version = '1.0.0';
    }
    expect(() =>
      app.migrationScript(
        NoUp as unknown as Parameters<typeof app.migrationScript>[0],
      ),
    ).to.throw(/Migration script NoUp has no up\(\) method/);
    const first = noteScript('1.0.0', undefined, {name: 'First'});
    app.migrationScript(first);
    // The same class again is harmless; another with its version is not.
    app.migrationScript(first);
    expect(() =>
      app.migrationScript(noteScript('1.0.0', undefined, {name: 'Second'})),
    ).to.throw(
      /Migration script Second has version "1\.0\.0", which First \(binding "migrationScripts\.First"\) has too/,
    );
    expect(() =>
      app.migrationScript(defineScript({version: '', up: async () => {}})),
    ).to.throw(/has no version \(got ""\)/);
    // `runs` is typed as any string (a class field widens to it): only the
    // two phases are taken.
    class Sometime {
      version = '2.0.0';
      runs = 'sometime';
      async up() {}
    }
    expect(() => app.migrationScript(Sometime)).to.throw(
      /Migration script Sometime has runs = "sometime": use 'before-schema' or 'after-schema'/,
    );
    // A string would be taken as true: a script of a JavaScript file
    // meaning to run outside a transaction would run in one.
    const flagged: [string, string, string][] = [
      ['NoTransaction', 'transaction', 'false'],
      ['Covered', 'coveredByInitial', 'yes'],
    ];
    for (const [name, flag, value] of flagged) {
      const script = class {
        version = `flag-${flag}`;
        constructor() {
          (this as Record<string, unknown>)[flag] = value;
        }
        async up() {}
      };
      Object.defineProperty(script, 'name', {value: name});
      expect(() => app.migrationScript(script)).to.throw(
        `Migration script ${name} has ${flag} = "${value}": set true or false (a boolean), or leave it out.`,
      );
    }
    // Why it cannot be reverted is words, which a revert's refusal quotes.
    class Irreversible {
      version = 'flag-irreversible';
      constructor() {
        (this as Record<string, unknown>).irreversible = true;
      }
      async up() {}
    }
    expect(() => app.migrationScript(Irreversible)).to.throw(
      /Migration script Irreversible has an irreversible that is boolean, not words saying why it cannot be reverted/,
    );
  });
});
