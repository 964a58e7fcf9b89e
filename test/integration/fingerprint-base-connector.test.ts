import {expect} from '@loopback/testlab';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {migrateSchemaWithReport} from '../../src';
import {DriverQueryCounter} from '../../bench/counters';
import {
  buildApp,
  closeApp,
  MigratingApp,
  TITLED_NOTE,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';

/** The SQL connector classes every SQL connector extends. */
const BASE = 'loopback-connector';

/**
 * The installed connector package, copied with a copy of loopback-connector
 * that says it is `version` into `root`'s node_modules, whose other packages
 * are links to the installed ones: the connector as `npm update` leaves it
 * when it updates loopback-connector alone.
 */
function connectorOnBase(
  root: string,
  packageName: string,
  version: string,
): object {
  const installed = path.dirname(
    path.dirname(require.resolve(`${packageName}/package.json`)),
  );
  const modules = path.join(root, 'node_modules');
  mkdirSync(modules);
  for (const entry of readdirSync(installed)) {
    const target = path.join(installed, entry);
    if (entry === packageName || entry === BASE) {
      cpSync(target, path.join(modules, entry), {recursive: true});
    } else {
      symlinkSync(target, path.join(modules, entry));
    }
  }
  const manifest = path.join(modules, BASE, 'package.json');
  const base = JSON.parse(readFileSync(manifest, 'utf8')) as object;
  writeFileSync(manifest, JSON.stringify({...base, version}));
  return createRequire(__filename)(path.join(modules, packageName)) as object;
}

// The connector's own version was part of the fingerprint, not that of
// loopback-connector, whose classes hold the PostgreSQL connector's
// autoupdate and both connectors' column nullability: updated alone, the
// fast path still trusted what the earlier one planned.
describeEachDatabase(
  'fingerprint of the loopback-connector version',
  (db, kind) => {
    const counter = new DriverQueryCounter();
    let root: string;
    before(() => counter.install());
    after(() => counter.uninstall());
    beforeEach(async () => {
      root = mkdtempSync(path.join(tmpdir(), 'lsm-base-connector-'));
      await dropAllTables(db());
    });
    afterEach(() => rmSync(root, {recursive: true, force: true}));

    async function runWith(connector: unknown) {
      const app = buildApp(
        MigratingApp,
        {db: {...db().dataSourceConfig, connector}},
        [TITLED_NOTE],
      );
      try {
        counter.start();
        const report = await migrateSchemaWithReport(app);
        return {
          status: report.dataSources[0].status,
          roundTrips: counter.stop().roundTrips,
        };
      } finally {
        counter.stop();
        await closeApp(app);
      }
    }

    it('plans in full on another loopback-connector version', async () => {
      const installed = db().dataSourceConfig.connector;
      await runWith(installed);
      await runWith(installed);
      expect(await runWith(installed)).to.eql({
        status: 'up-to-date',
        roundTrips: 1,
      });
      const updated = await runWith(
        connectorOnBase(root, `loopback-connector-${kind}`, '99.0.0'),
      );
      expect(updated.status).to.equal('up-to-date');
      expect(updated.roundTrips).to.be.above(2);
    });
  },
);
