/**
 * `npm run bench`: stock LoopBack `migrateSchema()` against ours, side by
 * side, on PostgreSQL and MySQL/MariaDB; writes bench/RESULTS.md and prints
 * it. See `--help` and the report's "How it is measured".
 */
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import {join} from 'node:path';
import type {DatabaseKind} from '../test/support/databases';
import type {BenchContext} from './alternate';
import {parseArgs, USAGE, UsageError, type BenchOptions} from './args';
import {BaseSchema} from './base-schema';
import {dropAllDatabases} from './databases';
import {describeEnvironment} from './environment';
import type {ForeignKeySpelling} from './models';
import {keepOnlineSection} from './online/report';
import {freshSchemaStatements} from './plan';
import {chooseSpelling, type SpellingChoice} from './preflight';
import {renderReport} from './report';
import {measurePackageLoad} from './package-load';
import {newSeries, type ScenarioResult} from './results';
import {runFreshCreate, runOnBase} from './scenarios';
import {killChildren} from './spawn';

process.noDeprecation = true;

async function main(options: BenchOptions, ctx: BenchContext): Promise<void> {
  const started = performance.now();
  const environment = await describeEnvironment(options.databases);
  // Before the databases work: nothing else shares the machine then.
  const packageLoad = await measurePackageLoad();
  const spelling: Partial<Record<DatabaseKind, SpellingChoice>> = {};
  const main: ScenarioResult[] = [];
  const scaling: ScenarioResult[] = [];
  const large: ScenarioResult[] = [];
  for (const kind of options.databases) {
    const choice = await chooseSpelling(ctx, kind);
    spelling[kind] = choice;
    const results = options.main
      ? await mainScenarios(ctx, options, kind, choice.spelling)
      : [];
    main.push(...results);
    for (const models of options.scaling) {
      const reused = results.find(
        r => r.scenario === 'up-to-date' && r.models === models,
      );
      scaling.push(
        ...(await scalingPoint(
          ctx,
          options,
          kind,
          {models, spelling: choice.spelling},
          reused,
        )),
      );
    }
    if (options.large > 0) {
      large.push(...(await largePoint(ctx, options, kind, choice.spelling)));
    }
  }
  environment.load.end = os.loadavg()[0];
  const markdown = renderReport({
    command: ['npm run bench', '--', ...process.argv.slice(2)]
      .join(' ')
      .replace(/ --$/, ''),
    options,
    environment,
    spelling,
    main,
    scaling,
    large,
    packageLoad,
    durationSeconds: (performance.now() - started) / 1000,
  });
  const previous = await readFile(options.out, 'utf8').catch(() => '');
  await writeFile(options.out, keepOnlineSection(previous, markdown));
  console.log(`\n${markdown}`);
  console.error(`written to ${options.out}`);
}

/** Scenarios (a), (b) and (c) on one database. */
async function mainScenarios(
  ctx: BenchContext,
  options: BenchOptions,
  kind: DatabaseKind,
  spelling: ForeignKeySpelling,
): Promise<ScenarioResult[]> {
  const {models, runs} = options;
  const statements = await freshSchemaStatements(kind, models, spelling);
  const separate = await freshSchemaStatements(kind, models, spelling, true);
  ctx.log(
    `[${kind}] our plan for ${models} models: ${statements.length} statements ` +
      `(the connector's own: ${separate.length})`,
  );
  const fresh = await runFreshCreate(ctx, {
    kind,
    models,
    runs,
    spelling,
    repositories: true,
    floors: [
      {label: 'our statements', statements},
      {
        label: "the connector's statements, keys by ALTER TABLE",
        statements: separate,
      },
    ],
  });
  const script = join(ctx.workDir, `${kind}-${models}.sql`);
  const base = await BaseSchema.create(kind, statements, script);
  try {
    const common = {kind, models, runs, spelling};
    const upToDate = await runOnBase(ctx, base, {
      ...common,
      scenario: 'up-to-date',
      repositories: true,
    });
    const added = await runOnBase(ctx, base, {
      ...common,
      scenario: 'add-property',
    });
    return [fresh, upToDate, added];
  } finally {
    await base.dispose();
  }
}

/**
 * Scenario (b) at one scaling size (unless `reused` has it), then the same
 * schema planned in full by ours (`fullCheck: true`; stock has no fast
 * path, its (b) is its full check).
 */
async function scalingPoint(
  ctx: BenchContext,
  options: BenchOptions,
  kind: DatabaseKind,
  {models, spelling}: {models: number; spelling: ForeignKeySpelling},
  reused: ScenarioResult | undefined,
): Promise<ScenarioResult[]> {
  const statements = await freshSchemaStatements(kind, models, spelling);
  const script = join(ctx.workDir, `${kind}-${models}.sql`);
  const base = await BaseSchema.create(kind, statements, script);
  const point = {
    kind,
    models,
    runs: options.scalingRuns,
    spelling,
    timeoutSeconds: options.scalingTimeoutSeconds,
  };
  try {
    const upToDate =
      reused ??
      (await runOnBase(ctx, base, {
        ...point,
        scenario: 'up-to-date',
        repositories: true,
        skipStock:
          models > options.stockMaxModels
            ? `above --stock-max-models ${options.stockMaxModels}`
            : undefined,
      }));
    const fullCheck = await runOnBase(ctx, base, {
      ...point,
      scenario: 'full-check',
      skipStock: 'stock has no fast path: its (b) is its full check',
    });
    return [upToDate, fullCheck];
  } finally {
    await base.dispose();
  }
}

/**
 * The large point: a fresh create and an up-to-date check of `--large`
 * models, ours only (stock needs minutes there: see the scaling series).
 */
async function largePoint(
  ctx: BenchContext,
  options: BenchOptions,
  kind: DatabaseKind,
  spelling: ForeignKeySpelling,
): Promise<ScenarioResult[]> {
  const models = options.large;
  const runs = options.scalingRuns;
  const skipStock = `not run at ${models} models (--large): stock needs minutes there, see the scaling series`;
  const statements = await freshSchemaStatements(kind, models, spelling);
  const fresh = await runFreshCreate(ctx, {
    kind,
    models,
    runs,
    spelling,
    repositories: true,
    floors: [],
    skipStock,
  });
  const script = join(ctx.workDir, `${kind}-${models}.sql`);
  let base: BaseSchema;
  try {
    base = await BaseSchema.create(kind, statements, script);
  } catch (err) {
    // E.g. PostgreSQL runs out of lock slots for one transaction this big.
    const why = String(err instanceof Error ? err.message : err);
    const ours = newSeries('ours');
    ours.stopped = `the schema to check could not be made: ${why.trim().split('\n').pop()}`;
    const stock = {...newSeries('stock'), skipped: skipStock};
    ctx.log(`[${kind} up-to-date ${models} models] ${ours.stopped}`);
    return [fresh, {kind, scenario: 'up-to-date', models, stock, ours}];
  }
  try {
    const upToDate = await runOnBase(ctx, base, {
      kind,
      scenario: 'up-to-date',
      models,
      runs,
      spelling,
      skipStock,
      repositories: true,
    });
    return [fresh, upToDate];
  } finally {
    await base.dispose();
  }
}

async function cleanUp(workDir: string): Promise<void> {
  killChildren();
  const failures = await dropAllDatabases();
  for (const failure of failures) console.error(`could not drop ${failure}`);
  await rm(workDir, {recursive: true, force: true});
}

async function start(): Promise<number> {
  let options: BenchOptions | undefined;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(err.message);
    return 2;
  }
  if (!options) {
    console.log(USAGE);
    return 0;
  }
  const workDir = await mkdtemp(join(os.tmpdir(), 'lsm-bench-'));
  const ctx: BenchContext = {
    timeoutSeconds: options.timeoutSeconds,
    workDir,
    log: line => console.error(line),
  };
  const interrupted = () => {
    console.error('interrupted: cleaning up');
    void cleanUp(workDir).finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    await main(options, ctx);
    return 0;
  } catch (err) {
    console.error('benchmark failed:', err);
    return 1;
  } finally {
    await cleanUp(workDir);
  }
}

start().then(code => process.exit(code));
