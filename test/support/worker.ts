import type {Application} from '@loopback/core';
import {closeApp} from './app-builder';

/**
 * The body of a worker process (a fixture a test starts): the app `build`
 * makes with the `db` datasource settings of `LSM_DATASOURCE` (JSON), then
 * `job` on it. Exits 0 when the job resolves, 1 with the error's stack on
 * stderr when it throws; the app's datasources are closed first either way.
 */
export function runWorker<A extends Application>(
  build: (config: Record<string, unknown>) => A,
  job: (app: A) => Promise<void>,
): void {
  const config = JSON.parse(process.env.LSM_DATASOURCE ?? '{}') as Record<
    string,
    unknown
  >;
  const app = build(config);
  job(app)
    .then(
      () => 0,
      (err: unknown) => {
        process.stderr.write(
          `${err instanceof Error ? err.stack : String(err)}\n`,
        );
        return 1;
      },
    )
    .then(async code => {
      await closeApp(app);
      process.exit(code);
    });
}
