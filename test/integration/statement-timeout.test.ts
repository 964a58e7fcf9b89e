import {expect} from '@loopback/testlab';
import {Client} from 'pg';
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
import {
  describeOnDatabase,
  serverSettings,
  skipOnEmbedded,
} from '../support/databases';
import {waitForBlockedSession} from '../support/sessions';

const NOTE_WITH_SHORT_TITLE = noteWithShortTitle('postgresql');

/** The app's `statement_timeout`, set by its datasource (pg's own setting). */
const APP_STATEMENT_TIMEOUT_MS = 300;

/**
 * An app whose datasource sets `statement_timeout` (as production setups
 * do) migrates with it: the data checks and guards that scan a table (the
 * values of a column to drop, the values a type change keeps) are the run's
 * own work, not the app's, and must not be cut off where the stock
 * `autoupdate`, which does not scan, would succeed. The scan is made to
 * outlast the timeout by a session holding the table, released well after.
 */
describeOnDatabase(
  'postgresql',
  "the app's statement_timeout and the run's data checks (postgresql)",
  db => {
    let app: MigratingApp | undefined;

    before(function () {
      skipOnEmbedded(this, db(), 'holding a table needs a second session');
    });
    beforeEach(async () => {
      await db().query('DROP TABLE IF EXISTS note');
      await migrateWith([NOTE_WITH_BODY]);
      await db().query(
        "INSERT INTO note (title) SELECT 't' || n FROM generate_series(1, 100) AS n",
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
        {
          db: {
            ...db().dataSourceConfig,
            statement_timeout: APP_STATEMENT_TIMEOUT_MS,
          },
        },
        models,
      );
      return migrateSchemaWithReport(app);
    }

    /**
     * Hold the table (ACCESS EXCLUSIVE) until the run's statement starting
     * with `scan` has waited for it three times the app's timeout.
     */
    async function holdTableWhile(scan: string): Promise<void> {
      const holder = new Client({
        ...serverSettings('postgresql'),
        database: db().name,
      });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('LOCK TABLE note IN ACCESS EXCLUSIVE MODE');
        await waitForBlockedSession(db(), scan);
        await sleep(APP_STATEMENT_TIMEOUT_MS * 3);
        await holder.query('COMMIT');
      } finally {
        await holder.end();
      }
    }

    it('counts the values of a column it drops past the timeout, and drops it', async () => {
      const [report] = await Promise.all([
        migrateWith([NOTE]),
        holdTableWhile('SELECT COUNT("body")'),
      ]);
      expect(report.dataSources[0].status).to.equal('migrated');
      expect((await columns(db(), 'note')).map(c => c.column)).to.eql([
        'id',
        'title',
      ]);
    });

    it('judges a type change past the timeout, and makes it', async () => {
      const [report] = await Promise.all([
        migrateWith([NOTE_WITH_SHORT_TITLE]),
        holdTableWhile('SELECT count(("title")::'),
      ]);
      expect(report.dataSources[0].status).to.equal('migrated');
      const title = (await columns(db(), 'note')).find(
        c => c.column === 'title',
      );
      expect(title?.type).to.match(/character varying/);
    });

    it('predicts the duplicates of a unique index past the timeout, and makes it', async () => {
      const [report] = await Promise.all([
        migrateWith([NOTE_WITH_UNIQUE_TITLE]),
        holdTableWhile('COUNT(DISTINCT'),
      ]);
      expect(report.dataSources[0].status).to.equal('migrated');
      const [{n}] = await db().query<{n: number | string}>(
        "SELECT COUNT(*) AS n FROM pg_indexes WHERE indexname = 'note_title_uniq'",
      );
      expect(Number(n)).to.equal(1);
    });
  },
);
