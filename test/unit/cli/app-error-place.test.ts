import {getModelSchemaRef} from '@loopback/rest';
import {expect} from '@loopback/testlab';
import {runMigrationCli, type CliIo} from '../../../src';
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
