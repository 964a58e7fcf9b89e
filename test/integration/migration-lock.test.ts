import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import mysql from 'mysql2/promise';
import {spawn, type ChildProcess} from 'node:child_process';
import {once} from 'node:events';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {Client} from 'pg';
import {
  InvalidMigrationOptionsError,
  MigrationLockTimeoutError,
} from '../../src/errors';
import type {JugglerConnector} from '../../src/juggler';
import {
  acquireMigrationLock,
  DEFAULT_LOCK_POLL_INITIAL_DELAY_MS,
  DEFAULT_LOCK_POLL_MAX_DELAY_MS,
  DEFAULT_LOCK_TIMEOUT_MS,
  MIGRATION_LOCK_NAME,
  type LockOptions,
  type MigrationLock,
} from '../../src/runner/lock';
import {
  createTestDatabase,
  describeEachDatabase,
  serverSettings,
  skipOnEmbedded,
  type TestDatabase,
} from '../support/databases';
import {lockHolderId, terminateSession} from '../support/sessions';
import {mysqlLockName} from '../../src/dialects/mysql/lock-name';
import {POSTGRES_LOCK_KEY} from '../../src/dialects/postgresql/lock-key';
import {rejection} from '../support/rejection';
import {closeDataSource} from '../support/app-builder';

const HOLDER_SCRIPT = path.join(__dirname, '../fixtures/lock/holder.js');

describe('acquireMigrationLock() without a database lock', () => {
  it('gives undefined for the memory connector', async () => {
    const ds = new juggler.DataSource({name: 'memory', connector: 'memory'});
    try {
      expect(await acquireMigrationLock(connectorOf(ds))).to.be.undefined();
    } finally {
      await ds.disconnect();
    }
  });

  it('gives undefined for any connector but postgresql and mysql', async () => {
    for (const name of ['mongodb', 'mssql', 'oracle', 'rest', undefined]) {
      expect(await acquireMigrationLock({name})).to.be.undefined();
    }
  });

  it('says when a postgresql or mysql datasource has no pool (disconnected)', async () => {
    for (const name of ['postgresql', 'mysql']) {
      const error = await rejection(acquireMigrationLock({name}));
      expect(error.message).to.match(
        new RegExp(`${name} datasource is disconnected`),
      );
    }
  });

  it('rejects a bad timeout or delay before touching the connector', async () => {
    const bad: LockOptions[] = [
      {timeoutMs: -1},
      {timeoutMs: Number.NaN},
      {timeoutMs: Infinity},
      {initialDelayMs: 0},
      {maxDelayMs: -5},
    ];
    for (const options of bad) {
      const error = await rejection(
        acquireMigrationLock({name: 'memory'}, options),
      );
      expect(error).to.be.instanceOf(InvalidMigrationOptionsError);
    }
    const error = await rejection(
      acquireMigrationLock({name: 'postgresql'}, {timeoutMs: -1}),
    );
    expect(error.message).to.match(/^lockTimeoutMs must be a number/);
  });

  it('has the documented defaults and stable lock names', () => {
    expect(DEFAULT_LOCK_TIMEOUT_MS).to.equal(60_000);
    expect(DEFAULT_LOCK_POLL_INITIAL_DELAY_MS).to.equal(50);
    expect(DEFAULT_LOCK_POLL_MAX_DELAY_MS).to.equal(1_000);
    expect(MIGRATION_LOCK_NAME).to.equal('loopback-schema-migration');
    // Processes of different versions must agree on it: never change it.
    expect(POSTGRES_LOCK_KEY.toString()).to.equal('-4370486825219787924');
    expect(mysqlLockName('shop')).to.equal('loopback-schema-migration:shop');
    const long = 'a'.repeat(64);
    const hashed = mysqlLockName(long);
    expect(hashed.length).to.equal(64);
    expect(hashed).to.startWith('loopback-schema-migration:#');
    expect(mysqlLockName(long.slice(1) + 'b')).to.not.equal(hashed);
  });
});

describeEachDatabase('the migration lock', (db, kind) => {
  before(function () {
    skipOnEmbedded(
      this,
      db(),
      'a session lock needs separate database sessions; PGlite has one',
    );
  });
  /** Run after each test, last registered first. */
  let cleanups: Array<() => Promise<unknown>>;
  beforeEach(() => {
    cleanups = [];
  });
  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  /** A connected datasource (its own pool) on the test database. */
  async function dataSource(
    extra: Record<string, unknown> = {},
    database: TestDatabase = db(),
  ): Promise<juggler.DataSource> {
    const ds = new juggler.DataSource({
      name: 'db',
      ...database.dataSourceConfig,
      ...extra,
    });
    cleanups.push(() => closeDataSource(ds));
    if (!ds.connected) await once(ds, 'connected');
    return ds;
  }

  /** Acquire, releasing at the end of the test whatever happens. */
  async function acquire(
    ds: juggler.DataSource,
    options?: LockOptions,
  ): Promise<MigrationLock> {
    const lock = await acquireMigrationLock(connectorOf(ds), options);
    if (!lock) throw new Error(`no lock for ${kind}`);
    cleanups.push(() => lock.release());
    return lock;
  }

  /** The session (pid / connection id) holding the lock, seen by a third connection. */
  function holderId(
    database: TestDatabase = db(),
  ): Promise<string | undefined> {
    return lockHolderId(database);
  }

  /** End a session from a third connection, as an operator would. */
  function terminate(id: string): Promise<void> {
    return terminateSession(db(), id);
  }

  it('acquires, releases and re-acquires the lock', async () => {
    const ds = await dataSource();
    expect(await holderId()).to.be.undefined();

    const first = await acquire(ds, {timeoutMs: 0});
    const holder = await holderId();
    expect(holder).to.be.a.String();

    await first.release();
    expect(await holderId()).to.be.undefined();
    await first.release(); // a second release is a no-op

    const second = await acquire(ds, {timeoutMs: 0});
    expect(await holderId()).to.be.a.String();
    await second.release();
    expect(await holderId()).to.be.undefined();
    // The datasource's pool still works.
    expect(await ds.execute('SELECT 1 AS one')).to.eql([{one: 1}]);
  });

  it('makes a second acquirer (another pool) wait until the first releases', async () => {
    const [ds1, ds2] = [await dataSource(), await dataSource()];
    const first = await acquire(ds1);
    const firstHolder = await holderId();

    const started = Date.now();
    let acquiredAt: number | undefined;
    const waiting = acquire(ds2, {timeoutMs: 20_000}).then(lock => {
      acquiredAt = Date.now();
      return lock;
    });
    await sleep(700);
    expect(acquiredAt).to.be.undefined();

    const releasedAt = Date.now();
    await first.release();
    const second = await waiting;

    expect(acquiredAt).to.be.a.Number();
    expect(acquiredAt! - started).to.be.aboveOrEqual(700);
    expect(acquiredAt!).to.be.aboveOrEqual(releasedAt);
    // Polled at most DEFAULT_LOCK_POLL_MAX_DELAY_MS apart (plus slack).
    expect(acquiredAt! - releasedAt).to.be.below(1_500);
    const secondHolder = await holderId();
    expect(secondHolder).to.be.a.String();
    expect(secondHolder).to.not.equal(firstHolder);
    await second.release();
  });

  it('times out with MigrationLockTimeoutError naming a holder outside this process', async () => {
    // The holder: a plain client of its own, as another app or an operator
    // holding the documented lock would be.
    let holder: string;
    let expected: RegExp[];
    if (kind === 'postgresql') {
      const client = new Client({
        ...serverSettings('postgresql'),
        database: db().name,
        application_name: 'lsm-lock-test-holder',
      });
      await client.connect();
      cleanups.push(() => client.end());
      await client.query('SELECT pg_advisory_lock($1::bigint)', [
        POSTGRES_LOCK_KEY.toString(),
      ]);
      const {rows} = await client.query<{pid: number}>(
        'SELECT pg_backend_pid() AS pid',
      );
      holder = String(rows[0].pid);
      expected = [
        new RegExp(`pid ${holder}\\b`),
        /application_name "lsm-lock-test-holder"/,
        /client_addr 127\.0\.0\.1:\d+/,
        /backend_start \d{4}-\d\d-\d\dT/,
        new RegExp(`pg_terminate_backend\\(${holder}\\)`),
      ];
    } else {
      const conn = await mysql.createConnection({
        ...serverSettings('mysql'),
        database: db().name,
      });
      cleanups.push(() => conn.end());
      await conn.query('SELECT GET_LOCK(?, 0)', [mysqlLockName(db().name)]);
      const [rows] = await conn.query('SELECT CONNECTION_ID() AS id');
      holder = String((rows as Array<{id: number}>)[0].id);
      expected = [
        new RegExp(`connection id ${holder}\\b`),
        /host 127\.0\.0\.1:\d+|host localhost/,
        new RegExp(`db ${db().name}`),
        new RegExp(`KILL ${holder}\\b`),
      ];
    }
    expect(await holderId()).to.equal(holder);

    const ds = await dataSource();
    const started = Date.now();
    const error = await rejection(acquire(ds, {timeoutMs: 400}));
    const waited = Date.now() - started;

    expect(error).to.be.instanceOf(MigrationLockTimeoutError);
    expect((error as MigrationLockTimeoutError).code).to.equal(
      'MIGRATION_LOCK_TIMEOUT',
    );
    expect(waited).to.be.aboveOrEqual(400);
    expect(waited).to.be.below(3_000);
    expect(error.message).to.match(
      /^Timed out after \d+ ms waiting for the schema migration lock/,
    );
    expect(error.message).to.containEql(`database "${db().name}" (${kind})`);
    expect(error.message).to.match(/lockTimeoutMs option \(now 400 ms\)/);
    for (const pattern of expected) expect(error.message).to.match(pattern);
  });

  it('times out naming the session of a lock taken by this module', async () => {
    const [ds1, ds2] = [await dataSource(), await dataSource()];
    await acquire(ds1);
    const holder = await holderId();

    const error = await rejection(acquire(ds2, {timeoutMs: 0}));

    expect(error).to.be.instanceOf(MigrationLockTimeoutError);
    expect(error.message).to.match(
      kind === 'postgresql'
        ? new RegExp(`pid ${holder}\\b`)
        : new RegExp(`connection id ${holder}\\b`),
    );
  });

  it('never keeps its connection: a pool of one still works after a timeout and a release', async () => {
    const holder = await dataSource();
    const first = await acquire(holder);
    const small = await dataSource(
      kind === 'postgresql' ? {max: 1} : {connectionLimit: 1},
    );

    const error = await rejection(acquire(small, {timeoutMs: 150}));
    expect(error).to.be.instanceOf(MigrationLockTimeoutError);
    expect(await within(2_000, small.execute('SELECT 1 AS one'))).to.eql([
      {one: 1},
    ]);

    await first.release();
    const lock = await acquire(small, {timeoutMs: 0});
    await lock.release();
    expect(await within(2_000, small.execute('SELECT 1 AS one'))).to.eql([
      {one: 1},
    ]);
  });

  it("fails with the database's error when its own connection dies while waiting, and keeps nothing", async () => {
    const holder = await dataSource();
    await acquire(holder);
    const holderSession = await holderId();
    const small = await dataSource(
      kind === 'postgresql' ? {max: 1} : {connectionLimit: 1},
    );
    // The sessions of both pools (one connection each, so far).
    const pooled = await Promise.all(
      [holder, small].map(async ds => {
        const [row] = await ds.execute(
          kind === 'postgresql'
            ? 'SELECT pg_backend_pid() AS id'
            : 'SELECT CONNECTION_ID() AS id',
        );
        return (row as {id: number}).id;
      }),
    );
    const waiting = rejection(acquire(small, {timeoutMs: 20_000}));
    await sleep(300);

    // The waiter's session: the lock's own connection, outside that pool.
    const waiter =
      kind === 'postgresql'
        ? await db().query<{id: number}>(
            `SELECT pid AS id FROM pg_stat_activity
              WHERE datname = current_database()
                AND pid NOT IN (pg_backend_pid(), $1, $2, $3)`,
            [holderSession, ...pooled],
          )
        : await db().query<{id: number}>(
            `SELECT ID AS id FROM information_schema.PROCESSLIST
              WHERE DB = DATABASE() AND ID NOT IN (CONNECTION_ID(), ?, ?, ?)`,
            [holderSession, ...pooled],
          );
    expect(waiter).to.have.length(1);
    await terminate(String(waiter[0].id));

    const error = await within(5_000, waiting);
    expect(error.message).to.match(/connection/i);
    expect(error).to.not.be.instanceOf(MigrationLockTimeoutError);
    expect(await holderId()).to.equal(holderSession);
    expect(await within(5_000, small.execute('SELECT 1 AS one'))).to.eql([
      {one: 1},
    ]);
  });

  it('frees the lock when the holding connection is terminated, and a waiter gets it', async () => {
    const [ds1, ds2] = [await dataSource(), await dataSource()];
    const first = await acquire(ds1);
    const holder = await holderId();
    expect(holder).to.be.a.String();

    let acquired = false;
    const waiting = acquire(ds2, {timeoutMs: 20_000}).then(lock => {
      acquired = true;
      return lock;
    });
    await sleep(300);
    expect(acquired).to.be.false();

    await terminate(holder!);
    const second = await waiting;
    const next = await holderId();
    expect(next).to.be.a.String();
    expect(next).to.not.equal(holder);

    // The dead holder's release() neither throws nor breaks its pool.
    await first.release();
    expect(await within(5_000, ds1.execute('SELECT 1 AS one'))).to.eql([
      {one: 1},
    ]);
    await second.release();
    expect(await holderId()).to.be.undefined();
  });

  it('frees the lock when the holding process dies, and a waiter gets it', async () => {
    const child = spawn(process.execPath, [HOLDER_SCRIPT], {
      env: {
        ...process.env,
        LSM_DATASOURCE: JSON.stringify(db().dataSourceConfig),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await once(child, 'exit');
      }
    });
    await waitForLine(child, 'locked', 30_000);
    expect(await holderId()).to.be.a.String();

    const ds = await dataSource();
    let acquired = false;
    const waiting = acquire(ds, {timeoutMs: 20_000}).then(lock => {
      acquired = true;
      return lock;
    });
    await sleep(300);
    expect(acquired).to.be.false();

    child.kill('SIGKILL');
    await once(child, 'exit');
    const lock = await waiting;
    expect(acquired).to.be.true();
    await lock.release();
  });

  it('keeps the locks of two databases apart', async () => {
    const other = await createTestDatabase(kind);
    if (!other) throw new Error(`cannot create a second ${kind} database`);
    cleanups.push(() => other.drop());
    const here = await dataSource();
    const there = await dataSource({}, other);

    await acquire(here);
    // The other database's lock is free...
    const lock = await acquire(there, {timeoutMs: 0});
    expect(await holderId(other)).to.be.a.String();
    // ...while this one's is really held.
    const error = await rejection(acquire(await dataSource(), {timeoutMs: 0}));
    expect(error).to.be.instanceOf(MigrationLockTimeoutError);
    await lock.release();
    expect(await holderId(other)).to.be.undefined();
  });

  it('lets one owner share its lock across datasources on the same database', async () => {
    const [ds1, ds2, ds3] = [
      await dataSource(),
      await dataSource(),
      await dataSource(),
    ];
    const owner = {};
    const first = await acquire(ds1, {owner});
    const holder = await holderId();

    // Without the owner this would wait for itself until the timeout.
    const shared = await acquire(ds2, {owner, timeoutMs: 0});
    // Others (no owner, another owner) still wait.
    for (const options of [{}, {owner: {}}]) {
      const error = await rejection(acquire(ds3, {...options, timeoutMs: 0}));
      expect(error).to.be.instanceOf(MigrationLockTimeoutError);
    }

    await shared.release();
    expect(await holderId()).to.equal(holder);
    await first.release();
    expect(await holderId()).to.be.undefined();
    // The owner's mark went with the lock: another owner gets it now.
    await (await acquire(ds3, {owner: {}, timeoutMs: 0})).release();
  });

  it('lets only one of several concurrent acquirers hold the lock at a time', async () => {
    const sources = await Promise.all([1, 2, 3, 4].map(() => dataSource()));
    let inside = 0;
    let most = 0;
    const started = Date.now();
    await Promise.all(
      sources.map(async ds => {
        const lock = await acquire(ds, {timeoutMs: 20_000});
        inside++;
        most = Math.max(most, inside);
        await sleep(150);
        inside--;
        await lock.release();
      }),
    );
    expect(most).to.equal(1);
    expect(Date.now() - started).to.be.aboveOrEqual(4 * 150);
  });
});

function connectorOf(ds: juggler.DataSource): JugglerConnector {
  if (!ds.connector) throw new Error('the datasource has no connector');
  return ds.connector as JugglerConnector;
}

/** The promise's value, or a failure when it takes longer than `ms`. */
async function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`not done within ${ms} ms (pool exhausted?)`)),
          ms,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Wait until a child prints `line` on stdout; fail when it exits first. */
function waitForLine(
  child: ChildProcess,
  line: string,
  ms: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => reject(new Error(`no "${line}" within ${ms} ms: ${err}`)),
      ms,
    );
    child.stderr?.on('data', chunk => (err += String(chunk)));
    child.stdout?.on('data', chunk => {
      out += String(chunk);
      if (out.split('\n').includes(line)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', code => {
      clearTimeout(timer);
      reject(new Error(`the holder exited (${code}) first: ${err}`));
    });
  });
}
