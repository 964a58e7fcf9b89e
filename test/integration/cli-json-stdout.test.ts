import {expect} from '@loopback/testlab';
import {runMigrationCli} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  TITLED_NOTE,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';

/**
 * An app that prints to stdout while it boots and migrates, as apps do
 * (`console.log` in a booter or a datasource's `autoupdate()`) and as
 * loopback-connector-postgresql before 8.0 does for a generated id it
 * cannot generate (`>>> WARNING: auto-generation is not supported ...`).
 */
class ChattyApp extends MigratingApp {
  async boot(): Promise<void> {
    console.log('>>> booting the chatty app');
    console.info('info while booting');
  }
}

describeEachDatabase('migrate --json with an app that prints', db => {
  let app: ChattyApp;
  beforeEach(async () => {
    await dropAllTables(db());
    app = buildApp(ChattyApp, {db: db().dataSourceConfig}, [TITLED_NOTE]);
  });
  afterEach(() => closeApp(app));

  /** Run the command line on the process's own streams, capturing them. */
  async function cli(args: string[]) {
    const err = await captured(process.stderr, () =>
      captured(process.stdout, () =>
        runMigrationCli(() => app, args, {
          stdout: process.stdout,
          stderr: process.stderr,
          env: {NO_COLOR: '1'},
        }),
      ),
    );
    return {code: err.result.result, stdout: err.result.text, stderr: err.text};
  }

  it('keeps stdout JSON alone, moving what the app prints to stderr', async () => {
    const {code, stdout, stderr} = await cli(['--json', '--dry-run']);
    expect(code).to.equal(0);
    const report = JSON.parse(stdout) as {dryRun: boolean};
    expect(report.dryRun).to.be.true();
    expect(stderr).to.containEql(
      '>>> booting the chatty app\ninfo while booting\n',
    );
  });

  it('leaves console.log on stdout without --json, and after the run', async () => {
    const {stdout} = await cli(['--dry-run']);
    expect(stdout).to.startWith('>>> booting the chatty app\n');
    const after = await cli(['--json', '--dry-run']);
    expect(after.stdout).to.not.match(/booting/);
    const printed = await captured(process.stdout, async () =>
      console.log('after'),
    );
    expect(printed.text).to.equal('after\n');
  });
});

/** Run `body` keeping what is written to `stream` instead of printing it. */
async function captured<T>(
  stream: NodeJS.WriteStream,
  body: () => Promise<T>,
): Promise<{result: T; text: string}> {
  let text = '';
  const write = stream.write;
  stream.write = ((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  }) as typeof stream.write;
  try {
    const result = await body();
    return {result, text};
  } finally {
    stream.write = write;
  }
}
