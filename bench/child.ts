/**
 * One measurement, in a process of its own: build the app, let its
 * datasource connect, then time `app.migrateSchema()` alone (or, for
 * `repositories`, resolving the repositories alone), counting the driver's
 * queries and sampling memory. The job comes as JSON in argv[2]; results
 * go to the parent over IPC.
 */
import type {Application} from '@loopback/core';
import type {juggler} from '@loopback/repository';
import {once} from 'node:events';
import {
  buildApp,
  closeApp,
  MigratingApp,
  StockApp,
} from '../test/support/app-builder';
import {DriverQueryCounter} from './counters';
import {MemorySampler} from './memory';
import {benchModels} from './models';
import type {
  AbortRequest,
  ChildMessage,
  MeasureJob,
  Measurement,
} from './protocol';

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as MeasureJob;
  const counter = new DriverQueryCounter();
  counter.install();
  const specs = benchModels(job.models, job.spelling, job.scenario);
  const dataSources = {db: job.dataSource};
  const app =
    job.implementation === 'ours'
      ? buildApp(MigratingApp, dataSources, specs)
      : buildApp(StockApp, dataSources, specs);
  try {
    await connected(await app.get<juggler.DataSource>('datasources.db'));
    await send({type: 'started'});
    const sampler = new MemorySampler();
    sampler.start();
    counter.start();
    const started = performance.now();
    process.on('message', (message: unknown) => {
      if ((message as Partial<AbortRequest> | null)?.type !== 'abort') return;
      const measurement: Measurement = {
        ms: performance.now() - started,
        ...counter.peek(),
        ...sampler.peek(),
      };
      void send({type: 'partial', measurement}).catch(() => undefined);
    });
    let failure: unknown;
    try {
      await (job.implementation === 'repositories'
        ? resolveRepositories(app)
        : app.migrateSchema(
            job.scenario === 'full-check' ? {fullCheck: true} : undefined,
          ));
    } catch (err) {
      failure = err;
    }
    const ms = performance.now() - started;
    const measurement: Measurement = {
      ms,
      ...counter.stop(),
      ...sampler.stop(),
    };
    await send(
      failure === undefined
        ? {type: 'measured', measurement}
        : {type: 'failed', error: describe(failure), measurement},
    );
  } finally {
    await closeApp(app as Application);
  }
}

/** What `migrateSchema()` does first, in both implementations. */
async function resolveRepositories(app: Application): Promise<void> {
  await Promise.all(app.findByTag('repository').map(b => app.get(b.key)));
}

/**
 * Wait until the datasource's first connection is made (it starts
 * connecting when built). The MySQL connector does not say it is
 * `connecting` and answers `connect()` before its first login, while
 * juggler leaves the datasource `initialized: false` until that login:
 * without this wait, the timed call would pay for a login (its own second
 * connection) on MySQL but not on PostgreSQL.
 */
async function connected(ds: juggler.DataSource): Promise<void> {
  if (ds.connected) return;
  const initialized = (ds as {initialized?: boolean}).initialized;
  if (ds.connecting || initialized === false) {
    await once(ds, 'connected');
    return;
  }
  await ds.connect();
}

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) {
      reject(new Error('bench/child must be started by bench/run'));
      return;
    }
    process.send(message, undefined, {}, err =>
      err ? reject(err) : resolve(),
    );
  });
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

main().then(
  () => process.exit(0),
  async (err: unknown) => {
    await send({type: 'failed', error: describe(err)}).catch(() => undefined);
    process.exit(1);
  },
);
