import {expect} from '@loopback/testlab';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
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

  it('says where without --verbose: the file a SyntaxError of the boot is in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lsm-app-'));
    const file = join(dir, 'product.controller.js');
    // What tsc emits for `@param.path.number | undefined('id')`.
    writeFileSync(file, 'exports.x = 1;\n;\n@\n');
    const streams = io();
    try {
      const code = await runMigrationCli(
        () => ({
          boot: async () => {
            await import(file);
          },
          migrateSchema: async () => undefined,
        }),
        [],
        streams,
      );
      expect(code).to.equal(1);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
    expect(streams.stderr.text).to.equal(
      'Migration failed: Invalid or unexpected token\n' +
        `  thrown at ${file}:3 (--verbose prints its stack)\n`,
    );
  });

  it('says where without --verbose: the app code a TypeError of the boot comes from', async () => {
    const streams = io();
    expect(await runMigrationCli(failingBoot, [], streams)).to.equal(1);
    expect(streams.stderr.text).to.match(
      /\n {2}thrown at .*verbose-app-error\.test\.(js|ts):\d+:\d+ \(--verbose prints its stack\)\n$/,
    );
  });
});
