import {expect} from '@loopback/testlab';
import {runMigrationCli, type CliIo} from '../../../src';

function io(): CliIo & {stderr: {text: string}} {
  const stdout = {text: '', write: (t: string) => (stdout.text += t)};
  const stderr = {text: '', write: (t: string) => (stderr.text += t)};
  return {stdout, stderr, env: {}};
}

/** An app whose boot fails in its own code (a stale compiled repository). */
function failingBoot() {
  return {
    boot: async function loadRepositories(): Promise<void> {
      const model = undefined as unknown as {definition: object};
      // A TypeError, as `super(Model, ds)` with an unexported model throws.
      void model.definition;
    },
    migrateSchema: async () => undefined,
  };
}

describe('runMigrationCli --verbose, an error of the app', () => {
  it("prints the error's own stack: where the app failed", async () => {
    const streams = io();
    const code = await runMigrationCli(failingBoot, ['--verbose'], streams);
    expect(code).to.equal(1);
    expect(streams.stderr.text).to.match(
      /^Migration failed: Cannot read properties of undefined \(reading 'definition'\)\n/,
    );
    expect(streams.stderr.text).to.match(
      /\n {4}at (Object\.)?loadRepositories .*verbose-app-error\.test\.(js|ts)/,
    );
  });

  it('prints no stack without --verbose', async () => {
    const streams = io();
    expect(await runMigrationCli(failingBoot, [], streams)).to.equal(1);
    expect(streams.stderr.text).to.not.match(/\n\s+at /);
  });
});
