/**
 * `npm run bench:online`: a 1,000,000-row table migrated under a steady
 * read and write load, by stock LoopBack `migrateSchema()` and by ours, on
 * PostgreSQL and MySQL/MariaDB; writes the online section of
 * bench/RESULTS.md and prints it. See `--help` and the section's "How it is
 * measured".
 */
import {readFile, writeFile} from 'node:fs/promises';
import os from 'node:os';
import {UsageError} from '../args';
import {dropAllDatabases} from '../databases';
import {describeEnvironment} from '../environment';
import {ONLINE_USAGE, parseOnlineArgs, type OnlineBenchOptions} from './args';
import {measureOnline, type OnlineRun} from './measure';
import {killMigrations} from './migration-process';
import {renderOnlineSection, withOnlineSection} from './report';
import {VARIANTS} from './variants';

process.noDeprecation = true;

async function main(options: OnlineBenchOptions): Promise<void> {
  const started = performance.now();
  const log = (line: string) => console.error(line);
  log(`online benchmark: ${JSON.stringify(options)}`);
  const environment = await describeEnvironment(options.databases);
  const runs: OnlineRun[] = [];
  for (const kind of options.databases) {
    for (const scenario of options.scenarios) {
      for (const variant of VARIANTS) {
        if (!options.variants.includes(variant.name)) continue;
        log(`[${kind}] ${scenario}: ${variant.name}`);
        const run = await measureOnline(kind, scenario, variant, options, log);
        log(`  ${summaryLine(run)}`);
        runs.push(run);
      }
    }
  }
  environment.load.end = os.loadavg()[0];
  const section = renderOnlineSection({
    command: ['npm run bench:online', '--', ...process.argv.slice(2)]
      .join(' ')
      .replace(/ --$/, ''),
    options,
    environment,
    runs,
    durationSeconds: (performance.now() - started) / 1000,
  });
  const file = await readFile(options.out, 'utf8').catch(() => '');
  await writeFile(options.out, withOnlineSection(file, section));
  console.log(`\n${section}`);
  console.error(`written to ${options.out}`);
}

function summaryLine(run: OnlineRun): string {
  const {writes, reads} = run.during;
  return (
    `migration ${Math.round(run.migration.ms)} ms` +
    `${run.migration.error ? ` FAILED (${run.migration.error})` : ''}; ` +
    `stall writes ${Math.round(writes.stallMs)} ms, reads ${Math.round(reads.stallMs)} ms; ` +
    `p99 writes ${Math.round(writes.p99Ms)} ms, reads ${Math.round(reads.p99Ms)} ms` +
    (run.missing.length ? `; missing: ${run.missing.join(', ')}` : '') +
    run.migration.ddlSamples.map(sql => `\n    ${sql}`).join('')
  );
}

async function cleanUp(): Promise<void> {
  killMigrations();
  const failures = await dropAllDatabases();
  for (const failure of failures) console.error(`could not drop ${failure}`);
}

async function start(): Promise<number> {
  let options: OnlineBenchOptions | undefined;
  try {
    options = parseOnlineArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(err.message);
    return 2;
  }
  if (!options) {
    console.log(ONLINE_USAGE);
    return 0;
  }
  const interrupted = () => {
    console.error('interrupted: cleaning up');
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    await main(options);
    return 0;
  } catch (err) {
    console.error('online benchmark failed:', err);
    return 1;
  } finally {
    await cleanUp();
  }
}

start().then(code => process.exit(code));
