import {expect} from '@loopback/testlab';
import {runMigrationCli, type CliIo} from '../../../src';

function io(): CliIo & {stdout: {text: string}; stderr: {text: string}} {
  const stdout = {text: '', write: (t: string) => (stdout.text += t)};
  const stderr = {text: '', write: (t: string) => (stderr.text += t)};
  return {stdout, stderr, env: {}};
}

const noApp = () => {
  throw new Error('a usage error must not create the app');
};

describe('runMigrationCli usage errors', () => {
  it('prints a usage error as JSON on stdout with --json, and nothing else', async () => {
    const streams = io();
    const code = await runMigrationCli(noApp, ['--json', '--force'], streams);
    expect(code).to.equal(2);
    expect(streams.stderr.text).to.equal('');
    const printed = JSON.parse(streams.stdout.text);
    expect(printed.error).to.containDeep({
      name: 'CliUsageError',
      code: 'USAGE',
      message: 'unknown flag "--force"',
    });
    expect(printed.error.usage).to.match(/^usage: migrate \[--rebuild\]/);
  });

  it('prints it as JSON when --json itself is given a value', async () => {
    const streams = io();
    expect(await runMigrationCli(noApp, ['--json=yes'], streams)).to.equal(2);
    expect(streams.stderr.text).to.equal('');
    expect(JSON.parse(streams.stdout.text).error).to.containDeep({
      code: 'USAGE',
      message: '--json takes no value (got "--json=yes")',
    });
  });

  it('prints --help as JSON on stdout with --json', async () => {
    const streams = io();
    expect(
      await runMigrationCli(noApp, ['--help', '--json'], streams),
    ).to.equal(0);
    expect(streams.stderr.text).to.equal('');
    expect(JSON.parse(streams.stdout.text).help).to.match(/--accept-data-loss/);
  });

  it('prints it as text on stderr without --json', async () => {
    const streams = io();
    expect(await runMigrationCli(noApp, ['--force'], streams)).to.equal(2);
    expect(streams.stdout.text).to.equal('');
    expect(streams.stderr.text).to.match(/^migrate: unknown flag "--force"\n/);
  });

  it('names the flag a misspelt one is within two edits of', async () => {
    for (const [given, meant] of [
      ['--dryrun', '--dry-run'],
      ['--accept-dataloss', '--accept-data-loss'],
      ['--Full-Check', '--full-check'],
      ['--lock-timout=5', '--lock-timeout'],
    ]) {
      const streams = io();
      expect(await runMigrationCli(noApp, [given], streams)).to.equal(2);
      expect(streams.stderr.text).to.startWith(
        `migrate: unknown flag "${given}" (did you mean ${meant}?)\n`,
      );
    }
  });

  it('refuses --rebuild with --schema-source scripts as a usage error', async () => {
    const streams = io();
    const code = await runMigrationCli(
      noApp,
      ['--rebuild', '--schema-source', 'scripts'],
      streams,
    );
    expect(code).to.equal(2);
    expect(streams.stderr.text).to.match(
      /^migrate: --rebuild drops and recreates the tables .* --schema-source scripts .*: pass one\n/,
    );
  });
});
