import {expect} from '@loopback/testlab';
import {CliUsageError, parseArgs} from '../../../src/cli';

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
});
