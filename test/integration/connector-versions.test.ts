import {expect} from '@loopback/testlab';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  TITLED_NOTE,
} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';

/**
 * A copy of the installed connector package that says it is `version`: its
 * module re-exports the real connector, from a folder of its own.
 */
function connectorAtVersion(
  root: string,
  packageName: string,
  version: string,
): object {
  const dir = path.join(root, 'node_modules', packageName);
  mkdirSync(dir, {recursive: true});
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({name: packageName, version, main: 'index.js'}),
  );
  writeFileSync(
    path.join(dir, 'index.js'),
    `module.exports = {...require(${JSON.stringify(require.resolve(packageName))})};\n`,
  );
  return createRequire(__filename)(dir) as object;
}

describeEachDatabase('connector versions', (db, kind) => {
  const packageName = `loopback-connector-${kind}`;
  let root: string;
  beforeEach(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'lsm-connector-'));
    await dropAllTables(db());
  });
  afterEach(() => rmSync(root, {recursive: true, force: true}));

  async function migrateWith(connector: object) {
    const app = buildApp(
      MigratingApp,
      {db: {...db().dataSourceConfig, connector}},
      [TITLED_NOTE],
    );
    try {
      return await migrateSchemaWithReport(app);
    } finally {
      await closeApp(app);
    }
  }

  it('plans a connector within the tested versions', async () => {
    const report = await migrateWith(
      connectorAtVersion(root, packageName, '9.0.3'),
    );
    expect(report.dataSources[0]).to.containDeep({status: 'migrated'});
    expect(report.dataSources[0].statements).to.not.be.empty();
    expect(report.dataSources[0].warnings.join()).to.not.match(/tested/);
  });

  it('migrates an untested connector version the way LoopBack does, and says why', async () => {
    const report = await migrateWith(
      connectorAtVersion(root, packageName, '10.1.0'),
    );
    const [result] = report.dataSources;
    expect(result.status).to.equal('migrated');
    expect(result.statements).to.eql([]);
    expect(result.warnings).to.containEql(
      `${packageName} 10.1.0 is outside the versions this package is tested ` +
        `with (>=${kind === 'postgresql' ? '7.2.3' : '7.1.6'} <10.0.0), so its ` +
        'statements are not planned: the datasource is migrated the way ' +
        'LoopBack does it (no plan, no data-loss guard). Use a connector ' +
        'version within that range, or a version of loopback-schema-migration ' +
        'that supports it',
    );
    // LoopBack's own autoupdate made the table.
    expect(await tables(db())).to.eql(['note']);
  });
});
