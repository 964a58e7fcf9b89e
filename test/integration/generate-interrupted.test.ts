import {expect} from '@loopback/testlab';
import {spawn} from 'node:child_process';
import {mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {
  createTestDatabase,
  describeEachDatabase,
  type TestDatabase,
} from '../support/databases';
import {skipWithoutShadow} from '../support/generate';

const WORKER = path.resolve(
  __dirname,
  '../fixtures/generate/interrupted-worker.js',
);

describeEachDatabase('--generate interrupted', (db, kind) => {
  let dir: string;
  before(function () {
    skipWithoutShadow(this, db());
  });
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lsm-interrupted-'));
  });
  afterEach(() => rmSync(dir, {recursive: true, force: true}));

  const exists = async (name: string) =>
    (
      await db().query(
        kind === 'postgresql'
          ? 'SELECT 1 FROM pg_database WHERE datname = $1'
          : 'SELECT 1 FROM information_schema.schemata WHERE schema_name = ?',
        [name],
      )
    ).length > 0;

  /**
   * Start the worker, wait until its script sleeps on the shadow database,
   * send `signal`: resolves to that database's name, how the worker ended
   * and how long it took after the signal.
   */
  async function interrupt(
    signal: NodeJS.Signals,
    {given, pauseMs}: {given?: TestDatabase; pauseMs?: number} = {},
  ) {
    const child = spawn(process.execPath, ['--no-deprecation', WORKER], {
      env: {
        ...process.env,
        LSM_DATASOURCE: JSON.stringify(db().dataSourceConfig),
        LSM_DIRECTORY: dir,
        ...(given && {LSM_SHADOW: JSON.stringify(given.dataSourceConfig)}),
        ...(pauseMs && {LSM_PAUSE_MS: String(pauseMs)}),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<NodeJS.Signals | number | null>(resolve =>
      child.on('exit', (code, killedBy) => resolve(killedBy ?? code)),
    );
    let stderr = '';
    const shadow = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const sleeping = /sleeping (\S+)/.exec(stderr);
        if (sleeping) resolve(sleeping[1]);
      });
      exited.then(() => reject(new Error(`the worker ended: ${stderr}`)));
    });
    const started = Date.now();
    child.kill(signal);
    const ended = await exited;
    return {shadow, ended, ms: Date.now() - started};
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`by ${signal} while a script runs on the shadow database: drops it, writes nothing, and ends by the signal`, async () => {
      const {shadow, ended, ms} = await interrupt(signal);
      expect(shadow).to.match(/^lsm_shadow_/);
      expect(ended).to.equal(signal);
      // Cancelled, not waited for: the script sleeps 30 s.
      expect(ms).to.be.below(10_000);
      expect(await exists(shadow)).to.be.false();
      expect(readdirSync(dir)).to.eql([]);
    });
  }

  it('by SIGINT between two statements of a script: cancels the statement it sends after the signal', async () => {
    // Nothing runs on the shadow database when the signal is heard; the
    // script's next statement, sent a second later, sleeps 30 s.
    const {shadow, ended, ms} = await interrupt('SIGINT', {pauseMs: 1000});
    expect(ended).to.equal('SIGINT');
    expect(ms).to.be.below(10_000);
    expect(await exists(shadow)).to.be.false();
    expect(readdirSync(dir)).to.eql([]);
  });

  it('by SIGINT on a given shadow database: cancels the script there and leaves it empty', async () => {
    const given = (await createTestDatabase(kind))!;
    try {
      const {shadow, ended, ms} = await interrupt('SIGINT', {given});
      expect(shadow).to.equal(given.name);
      expect(ended).to.equal('SIGINT');
      expect(ms).to.be.below(10_000);
      const tables = await given.query(
        kind === 'postgresql'
          ? "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
          : 'SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()',
      );
      expect(tables).to.eql([]);
      expect(readdirSync(dir)).to.eql([]);
    } finally {
      await given.drop();
    }
  });
});
