import {expect} from '@loopback/testlab';
import {spawn} from 'node:child_process';
import path from 'node:path';
import type {SchemaMigrationReport} from '../../src';
import {describeEachDatabase} from '../support/databases';

const WORKER = path.resolve(__dirname, '../fixtures/cli/dry-run-worker.js');

/** The worker's exit code and everything it wrote to its stdout, a pipe. */
function runWorker(
  dataSource: Record<string, unknown>,
  models: number,
): Promise<{code: number | null; stdout: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-deprecation', WORKER], {
      env: {
        ...process.env,
        LSM_DATASOURCE: JSON.stringify(dataSource),
        LSM_MODELS: String(models),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', code =>
      resolve({code, stdout: Buffer.concat(chunks).toString('utf8')}),
    );
  });
}

describeEachDatabase('the command line writing to a pipe', db => {
  it('writes the whole report before the process exits, far over 64 KiB', async () => {
    const models = 300;
    const {code, stdout} = await runWorker(db().dataSourceConfig, models);
    expect(code).to.equal(0);
    expect(stdout.length).to.be.above(3 * 65536);
    const report = JSON.parse(stdout) as SchemaMigrationReport;
    expect(report.dataSources[0].statements.length).to.be.aboveOrEqual(models);
  });
});
