import {expect} from '@loopback/testlab';
import {spawn} from 'node:child_process';
import path from 'node:path';
import type {SchemaMigrationReport} from '../../src';
import {dropAllTables} from '../support/catalog';
import {
  describeEachDatabase,
  skipOnEmbedded,
  type TestDatabase,
} from '../support/databases';
import {ledgerVersions, notes} from '../support/scripts';

const WORKER = path.resolve(__dirname, '../fixtures/scripts/worker.js');
const SCRIPTS = 6;
const PROCESSES = 5;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function startWorker(
  db: TestDatabase,
  env: Record<string, string>,
): Promise<Run> {
  const child = spawn(process.execPath, ['--no-deprecation', WORKER], {
    env: {
      ...process.env,
      LSM_DATASOURCE: JSON.stringify(db.dataSourceConfig),
      LSM_SCRIPTS: String(SCRIPTS),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', chunk => (stdout += chunk));
  child.stderr.on('data', chunk => (stderr += chunk));
  return new Promise(resolve =>
    child.on('close', code => resolve({code, stdout, stderr})),
  );
}

const versions = Array.from({length: SCRIPTS}, (_, i) => `1.${i}.0`);

describeEachDatabase(
  'migration scripts with replicas starting at once (separate Node processes)',
  db => {
    before(function () {
      skipOnEmbedded(
        this,
        db(),
        'racing processes need separate database sessions; PGlite has one',
      );
    });
    beforeEach(() => dropAllTables(db()));

    const cases = [
      ['with the schema sync', {}],
      [
        'syncing no model (only the scripts take the lock)',
        {LSM_SCRIPTS_ONLY: '1'},
      ],
    ] as const;
    for (const [title, env] of cases) {
      it(`runs every script exactly once when ${PROCESSES} processes migrate together, ${title}`, async () => {
        if (env !== cases[0][1]) {
          // The table exists already; the processes only run scripts.
          const first = await startWorker(db(), {LSM_SCRIPTS: '0'});
          expect(first.code).to.equal(0);
        }
        const runs = await Promise.all(
          Array.from({length: PROCESSES}, () => startWorker(db(), env)),
        );
        for (const run of runs) {
          expect({code: run.code, stderr: run.stderr}).to.eql({
            code: 0,
            stderr: '',
          });
        }
        // Each script's note once, in version order.
        expect(await notes(db())).to.eql(versions.map(v => `up:${v}`));
        expect((await ledgerVersions(db())).sort()).to.eql(
          [...versions].sort(),
        );
        // Together, the processes applied each script once.
        const applied = runs
          .flatMap(
            run => (JSON.parse(run.stdout) as SchemaMigrationReport).scripts,
          )
          .map(s => `${s.version} ${s.status}`)
          .sort();
        expect(applied).to.eql(versions.map(v => `${v} applied`).sort());
      });
    }
  },
);
