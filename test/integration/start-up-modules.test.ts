import {expect} from '@loopback/testlab';
import {execFile} from 'node:child_process';
import path from 'node:path';
import {promisify} from 'node:util';
import {describeEachDatabase, type TestDatabase} from '../support/databases';

const WORKER = path.resolve(__dirname, '../fixtures/start-up/worker.js');

/** What a planning run needs and an up-to-date start must not load. */
const PLANNING_MODULES = [
  'runner/guarded-plan.js',
  'planner/plan.js',
  'runner/lock.js',
  'runner/guard.js',
];

/** Never needed by `migrateSchema()` without scripts, a plan or not. */
const OTHER_COMMANDS = [
  'cli/run-migration-cli.js',
  'generate/generate.js',
  'scripts/run-pending.js',
  'scripts/revert.js',
  'scripts/baseline.js',
  'scripts/migration-status.js',
];

/** Migrate the app in a process of its own: its statuses and loaded modules. */
async function start(
  db: TestDatabase,
  env: Record<string, string> = {},
): Promise<{statuses: string[]; loaded: string[]}> {
  const {stdout} = await promisify(execFile)(
    process.execPath,
    ['--no-deprecation', WORKER],
    {
      env: {
        ...process.env,
        LSM_DATASOURCE: JSON.stringify(db.dataSourceConfig),
        ...env,
      },
    },
  );
  return JSON.parse(stdout) as {statuses: string[]; loaded: string[]};
}

describeEachDatabase('what a start loads', (db, kind) => {
  const ownPlanning = `dialects/${kind}/planning.js`;
  const otherKind = kind === 'postgresql' ? 'mysql' : 'postgresql';

  it('loads the planning code on the runs that plan, and not on an up-to-date start', async () => {
    const first = await start(db());
    expect(first.statuses).to.eql(['migrated']);
    expect(first.loaded).to.containDeep([ownPlanning, ...PLANNING_MODULES]);
    expect(first.loaded).to.not.containEql(`dialects/${otherKind}/planning.js`);

    // The run after a change plans in full once, verifying what it left.
    const verified = await start(db());
    expect(verified.statuses).to.eql(['up-to-date']);
    expect(verified.loaded).to.containDeep([ownPlanning]);

    const again = await start(db());
    expect(again.statuses).to.eql(['up-to-date']);
    for (const module of [
      ownPlanning,
      `dialects/${otherKind}/planning.js`,
      ...PLANNING_MODULES,
      ...OTHER_COMMANDS,
    ]) {
      expect(again.loaded).to.not.containEql(module);
    }
    // The package's modules an up-to-date start loads, against 399 when
    // everything was loaded with it.
    expect(again.loaded.length).to.be.below(first.loaded.length / 2);

    const changed = await start(db(), {LSM_EXTRA: '1'});
    expect(changed.statuses).to.eql(['migrated']);
    expect(changed.loaded).to.containDeep([ownPlanning, ...PLANNING_MODULES]);
  });

  it('loads no planning code on an up-to-date start of an app with an applied migration script', async () => {
    const withScript = {LSM_EXTRA: '1', LSM_SCRIPT: '1'};
    // The script runs (its runner is loaded), then the run after verifies.
    const ran = await start(db(), withScript);
    expect(ran.loaded).to.containEql('scripts/run-pending.js');
    await start(db(), withScript);

    const again = await start(db(), withScript);
    expect(again.statuses).to.eql(['up-to-date']);
    // Its ledger is read (the script is applied): by the dialect's core.
    expect(again.loaded).to.containEql(`dialects/${kind}/ledger.js`);
    for (const module of [ownPlanning, ...PLANNING_MODULES]) {
      expect(again.loaded).to.not.containEql(module);
    }
  });
});
