/**
 * The app that migrates, in a process of its own so that its CPU work
 * never delays the load's timers: build the app (stock or ours) with the
 * models of the job's version, connect, say `ready`, wait for `go`, then
 * time `app.migrateSchema(options)` as a user's app calls it, counting
 * what its drivers send. The job comes as JSON in argv[2].
 */
import type {Application} from '@loopback/core';
import type {juggler} from '@loopback/repository';
import {once} from 'node:events';
import {
  buildApp,
  closeApp,
  MigratingApp,
  StockApp,
} from '../../test/support/app-builder';
import {DriverQueryCounter} from '../counters';
import {shopModels} from './models';
import {
  type GoMessage,
  type MigrateJob,
  type MigrateMessage,
  type MigrateResult,
} from './protocol';

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as MigrateJob;
  const counter = new DriverQueryCounter();
  counter.install();
  const specs = shopModels(job.kind, job.version);
  const dataSources = {db: job.dataSource};
  const app =
    job.implementation === 'stock'
      ? buildApp(StockApp, dataSources, specs)
      : buildApp(MigratingApp, dataSources, specs);
  try {
    await connected(await app.get<juggler.DataSource>('datasources.db'));
    const go = goMessage();
    await send({type: 'ready'});
    await go;
    counter.start();
    const started = performance.now();
    let error: string | undefined;
    let warnings: string[] = [];
    try {
      warnings = reportWarnings(await app.migrateSchema(job.options));
    } catch (err) {
      error = describe(err);
    }
    const ms = performance.now() - started;
    const counts = counter.stop();
    const result: MigrateResult = {ms, ...counts, warnings, error};
    await send({type: 'done', result});
  } finally {
    await closeApp(app as Application);
  }
}

/**
 * The warnings of a report (the run's and each datasource's); none for
 * stock, whose `migrateSchema()` resolves to nothing.
 */
function reportWarnings(report: unknown): string[] {
  const warningsOf = (value: unknown): string[] => {
    const warnings: unknown =
      typeof value === 'object' && value !== null
        ? Reflect.get(value, 'warnings')
        : undefined;
    return Array.isArray(warnings) ? warnings.map(String) : [];
  };
  const dataSources: unknown =
    typeof report === 'object' && report !== null
      ? Reflect.get(report, 'dataSources')
      : undefined;
  return [
    ...warningsOf(report),
    ...(Array.isArray(dataSources) ? dataSources.flatMap(warningsOf) : []),
  ];
}

function goMessage(): Promise<void> {
  return new Promise(resolve => {
    const listener = (message: unknown) => {
      if ((message as Partial<GoMessage> | null)?.type !== 'go') return;
      process.off('message', listener);
      resolve();
    };
    process.on('message', listener);
  });
}

/** Wait until the datasource is connected (it starts connecting when built). */
async function connected(ds: juggler.DataSource): Promise<void> {
  if (ds.connected) return;
  if (ds.connecting) {
    await once(ds, 'connected');
    return;
  }
  await ds.connect();
}

function send(message: MigrateMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) {
      reject(
        new Error(
          'bench/online/migrate-child must be started by bench/online/run',
        ),
      );
      return;
    }
    process.send(message, undefined, {}, err =>
      err ? reject(err) : resolve(),
    );
  });
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as {code?: unknown}).code;
  return typeof code === 'string' ? `${code}: ${err.message}` : err.message;
}

main().then(
  () => process.exit(0),
  async (err: unknown) => {
    await send({type: 'crashed', error: describe(err)}).catch(() => undefined);
    process.exit(1);
  },
);
