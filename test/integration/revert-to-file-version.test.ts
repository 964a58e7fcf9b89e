import {expect} from '@loopback/testlab';
import {InvalidMigrationOptionsError, migrateSchemaWithReport} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {
  createTestDatabase,
  describeOnDatabase,
  type TestDatabase,
} from '../support/databases';
import {
  defineScript,
  ledgerVersions,
  NOTE_MODEL,
  notes,
  noteScript,
} from '../support/scripts';
import {rejection} from '../support/rejection';

// Versions as `--generate` writes them (the UTC time): a file of this
// version, and a later one.
const FILE = '20261201090000';
const LATER = '20261201100000';

/** A script version and its datasource: `db` (PostgreSQL) or `maria`. */
type Scripts = readonly (readonly [string, 'db' | 'maria'])[];

describeOnDatabase(
  'postgresql',
  'revertMigrations({to}) with a generated file',
  db => {
    let maria: TestDatabase | undefined;
    before(async function () {
      maria = await createTestDatabase('mysql');
      if (!maria) this.skip();
    });
    after(() => maria?.drop());
    beforeEach(async () => {
      await dropAllTables(db());
      await dropAllTables(maria!);
    });

    /** The app with `Note` on PostgreSQL `db`, a MariaDB `maria`, and these scripts. */
    function appWithScripts(scripts: Scripts): MigratingApp {
      const app = buildApp(
        MigratingApp,
        {db: db().dataSourceConfig, maria: maria!.dataSourceConfig},
        [NOTE_MODEL],
      );
      for (const [version, dataSource] of scripts) {
        app.migrationScript(
          dataSource === 'db'
            ? noteScript(version, undefined, {dataSource})
            : defineScript({
                version,
                dataSource,
                up: async () => undefined,
                down: async () => undefined,
              }),
        );
      }
      return app;
    }

    /** Apply the scripts, then revert to `to`: the reverted versions. */
    async function revertTo(scripts: Scripts, to: string): Promise<string[]> {
      const app = appWithScripts(scripts);
      try {
        await migrateSchemaWithReport(app);
        const report = await app.revertMigrations({to});
        return report.scripts.map(s => `${s.version} ${s.status}`);
      } finally {
        await closeApp(app);
      }
    }

    it("keeps the classes of a file of two datasources (<version>-<datasource>) applied when given the file's version", async () => {
      const scripts: Scripts = [
        [`${FILE}-db`, 'db'],
        [`${FILE}-db+online`, 'db'],
        [`${FILE}-maria`, 'maria'],
        [LATER, 'db'],
      ];
      expect(await revertTo(scripts, FILE)).to.eql([`${LATER} reverted`]);
      expect(await ledgerVersions(db())).to.eql([
        `${FILE}-db`,
        `${FILE}-db+online`,
      ]);
      expect(await ledgerVersions(maria!)).to.eql([`${FILE}-maria`]);
      expect((await notes(db())).slice(-1)).to.eql([`down:${LATER}`]);
    });

    it("keeps a file's later parts (+02, +online) applied with its version", async () => {
      const scripts: Scripts = [
        [FILE, 'db'],
        [`${FILE}+02`, 'db'],
        [`${FILE}+online`, 'db'],
        [LATER, 'db'],
      ];
      expect(await revertTo(scripts, FILE)).to.eql([`${LATER} reverted`]);
      expect(await ledgerVersions(db())).to.eql([
        FILE,
        `${FILE}+02`,
        `${FILE}+online`,
      ]);
    });

    it('still refuses a version of which nothing is applied', async () => {
      const app = appWithScripts([
        [`${FILE}-db`, 'db'],
        [LATER, 'db'],
      ]);
      try {
        await migrateSchemaWithReport(app);
        const error = await rejection(
          app.revertMigrations({to: '20261201093000'}),
        );
        expect(error).to.be.instanceOf(InvalidMigrationOptionsError);
        expect(error.message).to.equal(
          'Cannot revert to version "20261201093000": it is not applied. ' +
            `Applied versions: ${FILE}-db, ${LATER}. ` +
            'Name the version that should stay applied.',
        );
      } finally {
        await closeApp(app);
      }
    });
  },
);
