import {expect} from '@loopback/testlab';
import {CliUsageError, helpText, parseArgs} from '../../../src/cli';

describe('parseArgs() of the migration script flags', () => {
  it('migrates by default, with scripts', () => {
    expect(parseArgs([])).to.containDeep({action: 'migrate', options: {}});
    expect(parseArgs([]).options.scripts).to.be.undefined();
  });

  it('--no-scripts and --accept-checksum-changes set the options', () => {
    expect(parseArgs(['--no-scripts']).options).to.eql({scripts: false});
    expect(parseArgs(['--accept-checksum-changes']).options).to.eql({
      acceptChecksumChanges: true,
    });
  });

  it('--full-check sets fullCheck, for migrating only', () => {
    expect(parseArgs(['--full-check', '--check']).options).to.eql({
      dryRun: true,
      fullCheck: true,
    });
    expect(() => parseArgs(['--status', '--full-check'])).to.throw(
      /--full-check is for migrating/,
    );
  });

  it('--offline, --lock-timeout and --statement-lock-timeout set the options', () => {
    expect(
      parseArgs([
        '--offline',
        '--lock-timeout',
        '2000',
        '--statement-lock-timeout=250',
      ]).options,
    ).to.eql({online: false, lockTimeoutMs: 2000, statementLockTimeoutMs: 250});
    expect(() => parseArgs(['--statement-lock-timeout', 'soon'])).to.throw(
      /--statement-lock-timeout needs a whole number of milliseconds \(0 or more\), got "soon"/,
    );
    // Only plain decimal digits: Number() would read these as 16, 1000 and 1.5.
    for (const odd of ['0x10', '1e3', '1.5', ' 20', '+20']) {
      expect(() => parseArgs([`--lock-timeout=${odd}`])).to.throw(
        `--lock-timeout needs a whole number of milliseconds (0 or more), got ${JSON.stringify(odd)}`,
      );
    }
    // 0 as the options take it: the lock and a busy table tried once; a
    // script needs a limit of 1 ms or more.
    expect(
      parseArgs(['--lock-timeout', '0', '--statement-lock-timeout=0']).options,
    ).to.eql({lockTimeoutMs: 0, statementLockTimeoutMs: 0});
    expect(() => parseArgs(['--script-timeout', '0'])).to.throw(
      '--script-timeout needs a whole number of milliseconds (1 or more), got "0"',
    );
    // An empty value is shown as one, not as nothing after "got".
    expect(() => parseArgs(['--lock-timeout='])).to.throw(/got ""$/);
    expect(() => parseArgs(['--lock-timeout'])).to.throw(/got nothing$/);
    expect(() => parseArgs(['--script-timeout', '10000000000'])).to.throw(
      /--script-timeout must be at most 2147483647 ms \(about 24\.8 days\), got 10000000000/,
    );
    expect(() => parseArgs(['--status', '--offline'])).to.throw(
      /--offline is for migrating, not for --status/,
    );
  });

  it('accepts --accept-data-loss beside --rebuild, which destroys data by definition', () => {
    expect(parseArgs(['--rebuild', '--accept-data-loss']).options).to.eql({
      existingSchema: 'drop',
      acceptDataLoss: true,
    });
    expect(
      parseArgs(['--rebuild', '--dry-run', '--accept-data-loss']).options,
    ).to.eql({existingSchema: 'drop', dryRun: true, acceptDataLoss: true});
  });

  it('--status lists; --revert reverts one; --revert-to names a version', () => {
    expect(parseArgs(['--status', '--json'])).to.containDeep({
      action: 'status',
      json: true,
    });
    expect(parseArgs(['--revert'])).to.containDeep({
      action: 'revert',
      revert: {steps: 1},
    });
    expect(parseArgs(['--revert-to', '1.2.0']).revert).to.eql({to: '1.2.0'});
    expect(
      parseArgs(['--revert-to=1.2.0', '--accept-checksum-changes']).revert,
    ).to.eql({to: '1.2.0', acceptChecksumChanges: true});
    expect(parseArgs(['--revert', '--accept-data-loss']).revert).to.eql({
      steps: 1,
      acceptDataLoss: true,
    });
  });

  it('--baseline records all scripts, or those up to a version, of some datasources', () => {
    expect(parseArgs(['--baseline'])).to.containDeep({
      action: 'baseline',
      baseline: {},
    });
    expect(parseArgs(['--baseline']).baseline).to.eql({});
    expect(parseArgs(['--baseline', '1.2.0', '--json'])).to.containDeep({
      action: 'baseline',
      json: true,
      baseline: {to: '1.2.0'},
    });
    expect(parseArgs(['--baseline=1.2.0']).baseline).to.eql({to: '1.2.0'});
    // Reverting and baselining wait for the migration lock too.
    expect(parseArgs(['--baseline', '--lock-timeout', '300']).baseline).to.eql({
      lockTimeoutMs: 300,
    });
    expect(
      parseArgs(['--revert-to', '1.0.0', '--lock-timeout=300']).revert,
    ).to.eql({
      to: '1.0.0',
      lockTimeoutMs: 300,
    });
    expect(
      parseArgs(['--baseline', '--datasources', 'db,other']).baseline,
    ).to.eql({dataSources: ['db', 'other']});
  });

  it('rejects combinations that make no sense', () => {
    const bad: [string[], RegExp][] = [
      [['--status', '--revert'], /--status and --revert cannot be combined/],
      [
        ['--revert', '--dry-run'],
        /--dry-run is for migrating, not for --revert/,
      ],
      [
        ['--revert-to', '1.0.0', '--models', 'Todo', '--rebuild'],
        /--rebuild, --models are for migrating, not for --revert-to/,
      ],
      [['--status', '--accept-checksum-changes'], /--status changes nothing/],
      [['--revert-to'], /--revert-to needs a version/],
      [['--revert-to', '--json'], /--revert-to needs a version/],
      [['--revert-to', '1', '--revert-to', '2'], /--revert-to is given twice/],
      [
        ['--no-scripts', '--accept-checksum-changes'],
        /--no-scripts runs no script/,
      ],
      [
        ['--baseline', '--revert'],
        /--revert and --baseline cannot be combined/,
      ],
      [['--baseline', '1', '--baseline'], /--baseline is given twice/],
      [['--baseline='], /--baseline= needs a version/],
      [
        ['--baseline', '--models', 'Todo'],
        /--models is for migrating, not for --baseline/,
      ],
      [
        ['--baseline', '--accept-checksum-changes'],
        /--baseline runs no script/,
      ],
      [
        ['--status', '--lock-timeout', '300'],
        /--lock-timeout is for migrating, not for --status/,
      ],
      [
        ['--generate', 'x', '--lock-timeout', '300'],
        /--lock-timeout is for migrating, not for --generate/,
      ],
    ];
    for (const [argv, message] of bad) {
      expect(() => parseArgs(argv)).to.throw(message);
      expect(() => parseArgs(argv)).to.throw(CliUsageError);
    }
  });

  it('reads --offline as online: false, for migrating only', () => {
    expect(parseArgs(['--offline']).options).to.eql({online: false});
    expect(parseArgs([]).options).to.eql({});
    expect(() => parseArgs(['--offline', '--offline'])).to.throw(
      /--offline is given twice/,
    );
    expect(() => parseArgs(['--status', '--offline'])).to.throw(
      /--offline is for migrating, not for --status/,
    );
  });

  it('reads --script-timeout MS and --terminate-orphaned-migrations', () => {
    expect(
      parseArgs(['--script-timeout', '1500', '--terminate-orphaned-migrations'])
        .options,
    ).to.eql({scriptTimeoutMs: 1500, terminateOrphanedMigrations: true});
    expect(parseArgs(['--script-timeout=90000']).options).to.eql({
      scriptTimeoutMs: 90000,
    });
    for (const argv of [
      ['--script-timeout'],
      ['--script-timeout', 'soon'],
      ['--script-timeout', '0'],
      ['--script-timeout', '5', '--script-timeout', '6'],
      ['--status', '--script-timeout', '5'],
    ]) {
      expect(() => parseArgs(argv)).to.throw(CliUsageError);
    }
  });

  it('lists the flags in --help', () => {
    for (const flag of [
      '--status',
      '--revert ',
      '--revert-to VERSION',
      '--baseline [VERSION]',
      '--no-scripts',
      '--accept-checksum-changes',
    ]) {
      expect(helpText()).to.containEql(flag);
    }
  });
});

describe('parseArgs(): --generate, --initial and --schema-source', () => {
  it('--generate NAME generates, with the datasources, models and --initial', () => {
    expect(
      parseArgs([
        '--generate',
        'add-todo-priority',
        '--initial',
        '--datasources',
        'db',
        '--models=Todo',
      ]),
    ).to.containDeep({
      action: 'generate',
      generate: {
        name: 'add-todo-priority',
        options: {initial: true, dataSources: ['db'], models: ['Todo']},
      },
    });
  });

  it('refuses --generate without a name, --initial alone, and migrate-only flags with it', () => {
    expect(() => parseArgs(['--generate'])).to.throw(
      /--generate needs a migration name/,
    );
    expect(() => parseArgs(['--initial'])).to.throw(
      /--initial is for --generate NAME/,
    );
    expect(() => parseArgs(['--generate', 'x', '--dry-run'])).to.throw(
      CliUsageError,
    );
    expect(() => parseArgs(['--generate', 'x', '--status'])).to.throw(
      /cannot be combined/,
    );
  });

  it('--shadow-url URL plans on that database, for --generate and --check --schema-source scripts only', () => {
    const url = 'postgres://ci@localhost/shadow';
    expect(
      parseArgs(['--generate', 'x', '--shadow-url', url]).generate.options,
    ).to.eql({shadowDatabase: url});
    expect(
      parseArgs(['--check', '--schema-source=scripts', `--shadow-url=${url}`])
        .generate.options,
    ).to.eql({shadowDatabase: url});
    for (const argv of [
      ['--shadow-url', url],
      ['--check', '--shadow-url', url],
      ['--status', '--shadow-url', url],
    ]) {
      expect(() => parseArgs(argv)).to.throw(
        /--shadow-url is for --generate NAME and --check --schema-source scripts/,
      );
    }
    expect(() => parseArgs(['--generate', 'x', '--shadow-url'])).to.throw(
      /--shadow-url needs a database URL/,
    );
  });

  it('--import-from MODULE and --directory DIR set where the file goes and what it imports, for --generate only', () => {
    expect(
      parseArgs(['--generate', 'x', '--import-from', '../../src']).generate
        .options,
    ).to.eql({importFrom: '../../src'});
    expect(() => parseArgs(['--import-from', 'x'])).to.throw(
      /--import-from is for --generate NAME/,
    );
    expect(
      parseArgs(['--generate', 'x', '--directory=db/migrations']).generate
        .options,
    ).to.eql({directory: 'db/migrations'});
    expect(() => parseArgs(['--directory', 'x'])).to.throw(
      /--directory is for --generate NAME/,
    );
  });

  it('says what --import-from and --directory need when their value is missing', () => {
    expect(() => parseArgs(['--generate', 'x', '--import-from'])).to.throw(
      '--import-from needs a module name, e.g. --import-from ../../src',
    );
    expect(() => parseArgs(['--generate', 'x', '--directory='])).to.throw(
      '--directory needs a folder, e.g. --directory db/migrations',
    );
  });

  it('--schema-source takes models or scripts', () => {
    expect(parseArgs(['--check', '--schema-source', 'scripts']).options).to.eql(
      {dryRun: true, schemaSource: 'scripts'},
    );
    expect(parseArgs(['--schema-source=models']).options).to.eql({
      schemaSource: 'models',
    });
    expect(() => parseArgs(['--schema-source', 'files'])).to.throw(
      /--schema-source must be models or scripts, got "files"/,
    );
  });

  it('refuses --schema-source scripts with --no-scripts: nothing would change the schema, and drift would blame pending scripts', () => {
    for (const check of [[], ['--check'], ['--dry-run']]) {
      expect(() =>
        parseArgs([...check, '--no-scripts', '--schema-source', 'scripts']),
      ).to.throw(
        /--no-scripts runs no migration script; --schema-source scripts changes the schema only through them: pass one/,
      );
    }
    expect(
      parseArgs(['--no-scripts', '--schema-source', 'models']).options,
    ).to.eql({scripts: false, schemaSource: 'models'});
  });
});
