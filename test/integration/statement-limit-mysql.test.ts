import {expect} from '@loopback/testlab';
import mysql from 'mysql2/promise';
import {randomBytes} from 'node:crypto';
import {setTimeout as sleep} from 'node:timers/promises';
import {migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {columns} from '../support/catalog';
import {
  NOTE,
  NOTE_WITH_BODY,
  NOTE_WITH_UNIQUE_TITLE,
  noteWithShortTitle,
} from '../support/note-models';
import {describeOnDatabase, serverSettings} from '../support/databases';
import {waitForBlockedSession} from '../support/sessions';

const NOTE_WITH_SHORT_TITLE = noteWithShortTitle('mysql');

/** The datasource user's `MAX_STATEMENT_TIME`, in seconds. */
const USER_STATEMENT_LIMIT_S = 0.3;

/**
 * An app whose datasource user has a statement limit (MariaDB's
 * `CREATE USER ... WITH MAX_STATEMENT_TIME`) migrates with it: the run's own
 * scans (the values of a column to drop, the probe of a type change, the
 * guard's recount) are not cut off by it where the stock `autoupdate`,
 * which reads no row, succeeds. The scan is made to outlast the limit by a
 * session holding the table (`LOCK TABLES ... WRITE`), released well after.
 */
describeOnDatabase(
  'mysql',
  "the datasource user's statement limit and the run's data checks (mariadb)",
  db => {
    const prefix = process.env.LSM_TEST_DB_PREFIX ?? 'lsm';
    const user = `${prefix}_limit_${randomBytes(3).toString('hex')}`;
    let app: MigratingApp | undefined;

    before(async function () {
      const [{version}] = await db().query<{version: string}>(
        'SELECT VERSION() AS version',
      );
      if (!/mariadb/i.test(version)) this.skip();
      await db().query(
        `CREATE USER '${user}'@'%' WITH MAX_STATEMENT_TIME ${USER_STATEMENT_LIMIT_S}`,
      );
      await db().query(`GRANT ALL ON \`${db().name}\`.* TO '${user}'@'%'`);
    });
    after(() => db().query(`DROP USER IF EXISTS '${user}'@'%'`));
    beforeEach(async () => {
      await db().query('DROP TABLE IF EXISTS Note');
      await migrateWith([NOTE_WITH_BODY]);
      await db().query(
        "INSERT INTO Note (title) SELECT CONCAT('t', seq) FROM seq_1_to_100",
      );
    });
    afterEach(async () => {
      if (app) await closeApp(app);
      app = undefined;
    });

    async function migrateWith(models: ModelSpec[]) {
      if (app) await closeApp(app);
      app = buildApp(
        MigratingApp,
        {db: {...db().dataSourceConfig, user, password: ''}},
        models,
      );
      return migrateSchemaWithReport(app);
    }

    /**
     * Hold the table (`LOCK TABLES ... WRITE`) until the run's statement
     * containing `scan` has waited for it three times the user's limit.
     */
    async function holdTableWhile(scan: string): Promise<void> {
      const holder = await mysql.createConnection({
        ...serverSettings('mysql'),
        database: db().name,
      });
      try {
        await holder.query('LOCK TABLES Note WRITE');
        await waitForBlockedSession(db(), scan);
        await sleep(USER_STATEMENT_LIMIT_S * 1000 * 3);
        await holder.query('UNLOCK TABLES');
      } finally {
        await holder.end();
      }
    }

    it('counts the values of a column it drops past the limit, and drops it', async () => {
      const [report] = await Promise.all([
        migrateWith([NOTE]),
        holdTableWhile('COUNT(`body`)'),
      ]);
      expect(report.dataSources[0].status).to.equal('migrated');
      expect((await columns(db(), 'note')).map(c => c.column)).to.eql([
        'id',
        'title',
      ]);
    });

    it('judges a type change past the limit, and makes it', async () => {
      const [report] = await Promise.all([
        migrateWith([NOTE_WITH_SHORT_TITLE]),
        holdTableWhile('INSERT INTO lsm_probe_'),
      ]);
      expect(report.dataSources[0].status).to.equal('migrated');
      const title = (await columns(db(), 'note')).find(
        c => c.column === 'title',
      );
      expect(title?.type).to.match(/varchar\(20\)/);
    });

    it('predicts the duplicates of a unique index past the limit, and makes it', async () => {
      const [report] = await Promise.all([
        migrateWith([NOTE_WITH_UNIQUE_TITLE]),
        holdTableWhile('COUNT(DISTINCT'),
      ]);
      expect(report.dataSources[0].status).to.equal('migrated');
      const [{n}] = await db().query<{n: number | string}>(
        "SELECT COUNT(*) AS n FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME = 'note_title_uniq'",
      );
      expect(Number(n)).to.equal(1);
    });
  },
);
