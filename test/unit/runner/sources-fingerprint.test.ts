import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {
  loadedBaseConnectorVersion,
  packageVersion,
} from '../../../src/discovery/connector-version';
import {dialectFor} from '../../../src/dialects';
import type {JugglerConnector, JugglerDataSource} from '../../../src/juggler';
import {sourcesFingerprint} from '../../../src/planner/fingerprint';
import {datasourceSourcesFingerprint} from '../../../src/runner/fast-path';

/** The version in an installed package's manifest, as `from` resolves it. */
function installed(name: string, from = __dirname): string {
  const manifest = require.resolve(`${name}/package.json`, {paths: [from]});
  return (JSON.parse(readFileSync(manifest, 'utf8')) as {version: string})
    .version;
}

describe('the sources fingerprint of a datasource', () => {
  const ds = new juggler.DataSource({
    name: 'db',
    connector: 'postgresql',
    lazyConnect: true,
  });
  const connector = ds.connector as unknown as JugglerConnector;
  const dialect = dialectFor('postgresql')!;
  const withRepository = (repository: string) =>
    sourcesFingerprint('sources', {
      dialect,
      dataSourceSettings: ds.settings,
      versions: {
        package: packageVersion(__filename, 'loopback-schema-migration'),
        connector: {name: 'loopback-connector-postgresql', version: '8.0.0'},
        loopbackConnector: loadedBaseConnectorVersion(connector),
        juggler: installed(
          'loopback-datasource-juggler',
          path.dirname(require.resolve('@loopback/repository')),
        ),
        repository,
      },
    });

  it("holds @loopback/repository's version, whose bridge makes the juggler models", () => {
    const fingerprint = datasourceSourcesFingerprint(
      'sources',
      ds as unknown as JugglerDataSource,
      connector,
      dialect,
      '8.0.0',
    );
    expect(fingerprint).to.equal(
      withRepository(installed('@loopback/repository')),
    );
    expect(fingerprint).to.not.equal(withRepository('0.0.0'));
  });
});
