import {expect} from '@loopback/testlab';
import {
  DataLossError,
  MigrationWillFailError,
  runMigrationCli,
  type MigrationContext,
} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {captureIo} from '../support/cli-io';
import {describeEachDatabase, type TestDatabase} from '../support/databases';
import {rejection} from '../support/rejection';
import {defineScript, ledgerVersions, noteTable} from '../support/scripts';

const NOTE: ModelSpec = {
  name: 'Note',
  properties: {
    id: {type: 'number', id: true, generated: true},
    title: {type: 'string', mysql: {dataType: 'varchar', dataLength: 100}},
    body: {type: 'string', mysql: {dataType: 'varchar', dataLength: 100}},
  },
};
/** `title` made required: refused while a row holds NULL in it. */
const TITLE_REQUIRED: ModelSpec = {
  ...NOTE,
  properties: {
    ...NOTE.properties,
    title: {...NOTE.properties.title, required: true},
  },
};
/** `body` removed: refused as data loss while a row holds a value in it. */
const WITHOUT_BODY: ModelSpec = {
  ...NOTE,
  properties: {id: NOTE.properties.id, title: NOTE.properties.title},
};

/** A before-schema script that commits a change but resolves nothing. */
function stamp(db: TestDatabase) {
  return defineScript({
    version: '2.0.0',
    description: 'stamp the kept note',
    dataSource: 'db',
    runs: 'before-schema',
    up: async (ctx: MigrationContext) => {
      await ctx.execute(
        `UPDATE ${noteTable(db.kind)} SET title = 'stamped' WHERE title = 'kept'`,
      );
    },
  });
}

async function titles(db: TestDatabase): Promise<string[]> {
  const rows = await db.query<{title: string | null}>(
    `SELECT title FROM ${noteTable(db.kind)} WHERE title IS NOT NULL`,
  );
  return rows.map(r => r.title!);
}

describeEachDatabase(
  'a refusal after before-schema scripts ran says they stay applied',
  db => {
    let app: MigratingApp | undefined;

    beforeEach(async () => {
      await dropAllTables(db());
      const first = buildApp(MigratingApp, {db: db().dataSourceConfig}, [NOTE]);
      await first.migrateSchema();
      await db().query(
        `INSERT INTO ${noteTable(db().kind)} (title, body) VALUES ('kept', 'text'), (NULL, NULL)`,
      );
      await closeApp(first);
    });
    afterEach(async () => {
      if (app) await closeApp(app);
      app = undefined;
    });

    it('a predicted failure names the script that stays applied', async () => {
      app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        TITLE_REQUIRED,
      ]);
      app.migrationScript(stamp(db()));
      const error = await rejection(app.migrateSchema());
      expect(error).to.be.instanceOf(MigrationWillFailError);
      const message = (error as Error).message;
      expect(message).to.not.match(/Nothing was changed/);
      expect(message).to.match(
        /No schema change was made, but the migration script 2\.0\.0 \(runs = 'before-schema'\) ran first and stays applied\./,
      );
      expect(await ledgerVersions(db())).to.eql(['2.0.0']);
      expect(await titles(db())).to.eql(['stamped']);
    });

    it('a data-loss refusal names it too', async () => {
      app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [WITHOUT_BODY]);
      app.migrationScript(stamp(db()));
      const error = await rejection(app.migrateSchema());
      expect(error).to.be.instanceOf(DataLossError);
      expect((error as Error).message).to.not.match(/Nothing was changed/);
      expect((error as Error).message).to.match(
        /No schema change was made, but the migration script 2\.0\.0 .* stays applied\./,
      );
      expect(await ledgerVersions(db())).to.eql(['2.0.0']);
    });

    it('the command line lists the script, not the refused plan, as applied', async () => {
      app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [WITHOUT_BODY]);
      app.migrationScript(stamp(db()));
      const io = captureIo();
      expect(await runMigrationCli(() => app!, [], io)).to.equal(4);
      const err = io.err();
      expect(err).to.not.match(/Nothing was changed/);
      expect(err).to.match(
        /stays applied\. To apply anyway and lose that data: migrate --accept-data-loss/,
      );
      const applied = err.split(
        'Applied before the failure (it stays applied):\n',
      )[1];
      expect(applied).to.match(
        /^ {2}script 2\.0\.0 "stamp the kept note" \(db\): applied/,
      );
      expect(applied).to.not.match(/changes pending/);
    });

    it('without a script that ran, nothing was changed', async () => {
      app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [WITHOUT_BODY]);
      const io = captureIo();
      expect(await runMigrationCli(() => app!, [], io)).to.equal(4);
      expect(io.err()).to.match(
        /acceptDataLoss is not set\. Nothing was changed\./,
      );
      expect(io.err()).to.not.match(/Applied before the failure/);
    });
  },
);
