import {expect} from '@loopback/testlab';
import debugFactory from 'debug';
import mysql from 'mysql2/promise';
import {
  migrateSchemaWithReport,
  type MigrationContext,
  type MigrationScript,
  type SchemaMigrationOptions,
} from '../../src';
import {DEBUG_NAMESPACE} from '../../src/keys';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {
  describeEachDatabase,
  serverSettings,
  skipOnEmbedded,
  type TestDatabase,
} from '../support/databases';
import {
  defineScript,
  insertNote,
  NOTE_MODEL,
  noteScript,
} from '../support/scripts';

const SECRET = 'Sup3r-S3cret-pw';
const USER = 'lsm_debug_user';

/**
 * Datasource settings that carry the secret twice: as `password` and in a
 * connection URL. PostgreSQL's test server trusts local connections (any
 * password works); on MySQL a user with that password is made.
 */
async function secretSettings(
  db: TestDatabase,
): Promise<Record<string, unknown>> {
  const {host, port} = serverSettings(db.kind);
  if (db.kind === 'postgresql') {
    const user = serverSettings('postgresql').user;
    return {
      ...db.dataSourceConfig,
      password: SECRET,
      url: `postgres://${user}:${SECRET}@${host}:${port}/${db.name}`,
    };
  }
  const admin = await mysql.createConnection(serverSettings('mysql'));
  try {
    for (const from of ['%', 'localhost', '127.0.0.1']) {
      await admin.query(`DROP USER IF EXISTS '${USER}'@'${from}'`);
      await admin.query(
        `CREATE USER '${USER}'@'${from}' IDENTIFIED BY '${SECRET}'`,
      );
      await admin.query(`GRANT ALL ON ${db.name}.* TO '${USER}'@'${from}'`);
    }
  } finally {
    await admin.end();
  }
  return {
    ...db.dataSourceConfig,
    user: USER,
    password: SECRET,
    url: `mysql://${USER}:${SECRET}@${host}:${port}/${db.name}`,
  };
}

/** A script whose probe construction fails with the secret in its message. */
function leakyScript(): new () => MigrationScript {
  let constructed = 0;
  return class LeakyScript implements MigrationScript {
    version = '2.0.0';
    constructor() {
      if (constructed++ === 0) {
        throw new Error(
          `cannot reach postgres://admin:${SECRET}@db.internal/app (password=${SECRET})`,
        );
      }
    }
    async up(ctx: MigrationContext) {
      await insertNote('leaky')(ctx);
    }
  };
}

describeEachDatabase('debug output of this package', (db, kind) => {
  let lines: string[];
  let enabled: string;
  const originalLog = debugFactory.log;
  let settings: Record<string, unknown>;

  before(async function () {
    skipOnEmbedded(this, db(), 'needs a server with password logins');
    settings = await secretSettings(db());
  });
  after(async () => {
    if (kind !== 'mysql' || !settings) return;
    const admin = await mysql.createConnection(serverSettings('mysql'));
    try {
      for (const from of ['%', 'localhost', '127.0.0.1']) {
        await admin.query(`DROP USER IF EXISTS '${USER}'@'${from}'`);
      }
    } finally {
      await admin.end();
    }
  });
  beforeEach(async () => {
    await dropAllTables(db());
    lines = [];
    enabled = debugFactory.disable();
    debugFactory.enable(`${DEBUG_NAMESPACE}*`);
    debugFactory.log = (...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    };
  });
  afterEach(() => {
    debugFactory.log = originalLog;
    debugFactory.disable();
    if (enabled) debugFactory.enable(enabled);
  });

  async function run(
    register: (app: MigratingApp) => void,
    options: SchemaMigrationOptions = {},
  ): Promise<unknown> {
    const app = buildApp(MigratingApp, {db: settings}, [NOTE_MODEL]);
    try {
      register(app);
      return await migrateSchemaWithReport(app, options).catch(
        (err: unknown) => err,
      );
    } finally {
      await closeApp(app);
    }
  }

  it('never prints the password, through a run with scripts, a failing script and a lock wait', async () => {
    const applied = await run(app => {
      app.migrationScript(noteScript('1.0.0'));
      app.migrationScript(leakyScript());
    });
    expect(applied).to.not.be.instanceOf(Error);

    const failed = await run(app =>
      app.migrationScript(
        defineScript({
          version: '3.0.0',
          up: async () => {
            throw new Error(`failed with password=${SECRET}`);
          },
        }),
      ),
    );
    expect(failed).to.be.instanceOf(Error);

    // Another process holds the lock: this run waits, then times out.
    const holder = buildApp(MigratingApp, {db: settings}, [NOTE_MODEL]);
    try {
      const {acquireMigrationLock} = await import('../../src/runner/lock');
      const ds = await holder.get<{connector: never}>('datasources.db');
      await migrateSchemaWithReport(holder, {scripts: false});
      const lock = await acquireMigrationLock(ds.connector);
      try {
        // A full check: the fingerprint fast path takes no lock.
        const timedOut = await run(() => undefined, {
          lockTimeoutMs: 200,
          fullCheck: true,
        });
        expect(timedOut).to.be.instanceOf(Error);
      } finally {
        await lock?.release();
      }
    } finally {
      await closeApp(holder);
    }

    const output = lines.join('\n');
    // The loggers did print, the probe failure included (redacted).
    expect(output).to.match(/acquired/);
    expect(output).to.match(/held elsewhere, waiting/);
    expect(output).to.match(/cannot be instantiated without injection/);
    expect(output).to.match(/postgres:\/\/\*\*\*@db\.internal/);
    expect(output).to.not.containEql(SECRET);
  });
});
