import {getModelSchemaRef} from '@loopback/rest';
import {expect} from '@loopback/testlab';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {runMigrationCli, type CliIo} from '../../../src';
import {goneFileNote} from '../../../src/cli/error-output';
import {errorMessage} from '../../../src/database-error';

function io(): CliIo & {stderr: {text: string}} {
  const stdout = {text: '', write: (t: string) => (stdout.text += t)};
  const stderr = {text: '', write: (t: string) => (stderr.text += t)};
  return {stdout, stderr, env: {}};
}

/**
 * An app whose boot fails as a controller does on a model that is not
 * exported: LoopBack's `getModelSchemaRef(undefined)` reaches
 * reflect-metadata, which throws a `TypeError` without a message.
 */
function controllerOfUndefinedModel() {
  return {
    boot: async function loadControllers(): Promise<void> {
      getModelSchemaRef(
        undefined as unknown as Parameters<typeof getModelSchemaRef>[0],
      );
    },
    migrateSchema: async () => undefined,
  };
}

describe('runMigrationCli, an error of the app thrown inside a dependency', () => {
  it("says where in the app's own code it was thrown, not inside node_modules", async () => {
    const streams = io();
    expect(
      await runMigrationCli(controllerOfUndefinedModel, [], streams),
    ).to.equal(1);
    const thrownAt = streams.stderr.text
      .split('\n')
      .find(line => line.startsWith('Thrown at '));
    expect(thrownAt).to.match(
      /^Thrown at (Object\.)?loadControllers .*app-error-place\.test\.(js|ts):\d+:\d+\)? \(--verbose prints the whole stack\)\.$/,
    );
    expect(thrownAt).to.not.match(/node_modules/);
  });

  it('names the error when it has no message', async () => {
    const streams = io();
    await runMigrationCli(controllerOfUndefinedModel, [], streams);
    expect(streams.stderr.text).to.match(
      /^Migration failed: TypeError \(thrown without a message\)\nThrown at /,
    );
  });

  it("names it so in every failure's message (a script's, a datasource's)", () => {
    expect(errorMessage(new TypeError())).to.equal(
      'TypeError (thrown without a message)',
    );
    expect(errorMessage(new RangeError('out of range'))).to.equal(
      'out of range',
    );
  });
});

describe('goneFileNote()', () => {
  it('says that a place names a source file deleted since the build', () => {
    const gone = path.join(tmpdir(), 'lsm-gone', 'order.repository.ts');
    expect(goneFileNote(`new OrderRepository (${gone}:12:5)`)).to.equal(
      ` ${gone} is not there any more: its stale compiled file in the build output threw. ` +
        'Clean the build (`npm run rebuild` in an app made by lb4).',
    );
    expect(goneFileNote(`${gone}:3:1`)).to.match(/is not there any more/);
  });

  it('adds nothing for a file that is there, or a place without an absolute path', () => {
    expect(goneFileNote(`Context.<anonymous> (${__filename}:10:2)`)).to.equal(
      '',
    );
    expect(
      goneFileNote(
        'process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      ),
    ).to.equal('');
    expect(goneFileNote('new Repo (dist/repo.js:1:1)')).to.equal('');
  });
});
