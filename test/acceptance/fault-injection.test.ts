import {expect} from '@loopback/testlab';
import {spawn} from 'node:child_process';
import path from 'node:path';
import {catalog, dropAllTables} from '../support/catalog';
import {
  describeEachDatabase,
  skipOnEmbedded,
  type TestDatabase,
} from '../support/databases';

/**
 * Processes killed (SIGKILL) at a random moment of their migration: the
 * next run must complete, leave exactly the catalog an uninterrupted run
 * leaves, and keep every stored row. `FAULT_TRIALS` sets the trials per
 * scenario and database (CI: 2; the soak mode of DEVELOPERS.md: hundreds);
 * `FAULT_SEED` replays a sequence of kill moments.
 */
const WORKER = path.resolve(__dirname, '../fixtures/concurrent/worker.js');
const MODELS = 20;
const TRIALS = Number(process.env.FAULT_TRIALS ?? 2);
const SEED = Number(process.env.FAULT_SEED ?? Date.now() % 100_000);

interface Exit {
  readonly code: number | null;
  readonly signal: string | null;
  readonly stderr: string;
  /** From "migrating" to the exit, in ms. */
  readonly migratingMs: number;
}

/**
 * Run the worker; with `killAfterMs`, SIGKILL it that long after it starts
 * migrating.
 */
function runWorker(
  db: TestDatabase,
  extra: boolean | 'indexed',
  killAfterMs?: number,
): Promise<Exit> {
  const child = spawn(process.execPath, ['--no-deprecation', WORKER], {
    env: {
      ...process.env,
      LSM_DATASOURCE: JSON.stringify(db.dataSourceConfig),
      LSM_MODELS: String(MODELS),
      LSM_EXTRA: extra === 'indexed' ? 'indexed' : extra ? '1' : '0',
      LSM_ANNOUNCE: '1',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  let started = 0;
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (!started && stderr.includes('migrating\n')) {
      started = performance.now();
      if (killAfterMs !== undefined) {
        setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    }
  });
  return new Promise(resolve =>
    child.on('close', (code, signal) =>
      resolve({
        code,
        signal,
        stderr,
        migratingMs: started ? performance.now() - started : 0,
      }),
    ),
  );
}

/** A small deterministic generator (mulberry32), so a seed replays a run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SCENARIOS = [
  {name: 'a fresh create', from: undefined, to: false},
  {name: 'an update of tables holding rows', from: false, to: true},
  // Online phases: an index built CONCURRENTLY on each existing table.
  {
    name: 'an online update (indexes built concurrently) of tables holding rows',
    from: false,
    to: 'indexed',
  },
] as const;

describeEachDatabase('kill -9 at a random moment of a migration', db => {
  before(function () {
    skipOnEmbedded(this, db(), 'killed sessions need a real server');
  });

  for (const scenario of SCENARIOS) {
    it(`${scenario.name}: the next run completes, same catalog, no row lost`, async function () {
      this.timeout(60_000 + TRIALS * 20_000);
      const next = random(SEED);
      const prepare = async () => {
        await dropAllTables(db());
        if (scenario.from === undefined) return;
        expect((await runWorker(db(), scenario.from)).code).to.equal(0);
        await db().query(
          db().kind === 'postgresql'
            ? "INSERT INTO model1 (name) VALUES ('kept')"
            : "INSERT INTO `Model1` (name) VALUES ('kept')",
        );
      };
      const rows = async () =>
        scenario.from === undefined
          ? 0
          : (
              await db().query(
                db().kind === 'postgresql'
                  ? 'SELECT name FROM model1'
                  : 'SELECT name FROM `Model1`',
              )
            ).length;

      await prepare();
      const clean = await runWorker(db(), scenario.to);
      expect(clean).to.containDeep({code: 0});
      const expected = await catalog(db());
      const window = clean.migratingMs;

      for (let trial = 0; trial < TRIALS; trial++) {
        await prepare();
        const at = Math.round(next() * window);
        const killed = await runWorker(db(), scenario.to, at);
        const recovery = await runWorker(db(), scenario.to);
        const context = `seed ${SEED}, trial ${trial}, killed ${at} ms into a ${Math.round(window)} ms migration (${killed.signal ?? `exit ${killed.code}`})`;
        expect({context, code: recovery.code, stderr: recovery.stderr}).to.eql({
          context,
          code: 0,
          stderr: 'migrating\n',
        });
        expect({context, catalog: await catalog(db())}).to.eql({
          context,
          catalog: expected,
        });
        expect({context, rows: await rows()}).to.eql({
          context,
          rows: scenario.from === undefined ? 0 : 1,
        });
      }
    });
  }
});
