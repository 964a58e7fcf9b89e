import {expect} from '@loopback/testlab';
import {
  DataLossError,
  type MigrationContext,
  type MigrationScript,
} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {rejection} from '../support/rejection';
import {defineScript, NOTE_MODEL, noteTable} from '../support/scripts';

/** A script of fixed statements whose down() empties a table, then drops it. */
class ScratchScript implements MigrationScript {
  version = '3.0.0';
  async up(ctx: MigrationContext): Promise<void> {
    await ctx.execute('CREATE TABLE scratch (id INTEGER)');
  }
  async down(ctx: MigrationContext): Promise<void> {
    await ctx.execute('DELETE FROM scratch');
    await ctx.execute('DROP TABLE scratch');
  }
}

/** A script of fixed statements whose down() drops a table after another. */
class DropsScratch implements MigrationScript {
  version = '3.0.1';
  async up(ctx: MigrationContext): Promise<void> {
    await ctx.execute('CREATE TABLE scratch2 (id INTEGER)');
  }
  async down(ctx: MigrationContext): Promise<void> {
    await ctx.execute('DROP TABLE scratch2');
    await ctx.execute('DROP TABLE scratch');
  }
}

describeEachDatabase(
  'reverting a script whose down() drops data',
  (db, kind) => {
    const note = noteTable(kind);
    const q = (name: string) =>
      kind === 'postgresql' ? `"${name}"` : `\`${name}\``;
    const audit = kind === 'postgresql' ? '"public"."audit"' : '`audit`';
    let app: MigratingApp | undefined;

    beforeEach(() => dropAllTables(db()));
    afterEach(async () => {
      if (app) await closeApp(app);
      app = undefined;
    });

    /** The app, with a script that adds a column and a table, undone last first. */
    async function migrated(pool: object = {}): Promise<MigratingApp> {
      app = buildApp(MigratingApp, {db: {...db().dataSourceConfig, ...pool}}, [
        NOTE_MODEL,
      ]);
      app.migrationScript(
        defineScript({
          version: '2.0.0',
          name: 'AddPriorityAndAudit',
          up: async ctx => {
            await ctx.execute(
              `ALTER TABLE ${note} ADD COLUMN ${q('priority')} INTEGER`,
            );
            await ctx.execute(
              `CREATE TABLE ${audit} (${q('id')} INTEGER PRIMARY KEY)`,
            );
          },
          down: async ctx => {
            await ctx.execute(`DROP TABLE ${audit}`);
            await ctx.execute(
              `ALTER TABLE ${note} DROP COLUMN ${q('priority')}`,
            );
          },
        }),
      );
      await app.migrateSchema();
      return app;
    }

    it('is refused without acceptDataLoss when a dropped column holds values, and keeps them', async () => {
      const current = await migrated();
      await db().query(
        `INSERT INTO ${note} (text, priority) VALUES ('a', 3), ('b', NULL)`,
      );

      const error = await rejection(current.revertMigrations());
      expect(error).to.be.instanceOf(DataLossError);
      expect((error as DataLossError).code).to.equal('MIGRATION_DATA_LOSS');
      expect(error.message).to.match(
        /^Revert refused: down\(\) of migration script 2\.0\.0 \(AddPriorityAndAudit\) drops column "priority" of \S+ holding 1 value: ALTER TABLE .* DROP COLUMN .*\. .*acceptDataLoss: true \(CLI --revert --accept-data-loss\)/,
      );
      expect((error as DataLossError).statements).to.have.length(1);
      if (kind === 'postgresql') {
        expect(error.message).to.match(/Nothing of that script was reverted/);
        expect(await tables(db())).to.containEql('audit');
      } else {
        // DDL commits on its own: the DROP TABLE before it ran.
        expect(error.message).to.match(
          /Its down\(\) already ran 1 statement before that one, which stay \(the script runs outside a transaction\): 1\. DROP TABLE `audit`\. The script stays recorded as applied/,
        );
      }
      const rows = await db().query<{priority: number | null}>(
        `SELECT priority FROM ${note} ORDER BY id`,
      );
      expect(rows.map(r => r.priority)).to.eql([3, null]);
      const [status] = await current.migrationStatus();
      expect(status).to.containDeep({version: '2.0.0', status: 'applied'});

      if (kind === 'mysql') {
        // As a revert that failed on MySQL leaves it: recreate what ran.
        await db().query(`CREATE TABLE ${audit} (id INTEGER PRIMARY KEY)`);
      }
      const reverted = await current.revertMigrations({acceptDataLoss: true});
      expect(reverted.scripts[0]).to.containDeep({status: 'reverted'});
      expect(await tables(db())).to.not.containEql('audit');
    });

    it('is refused when a dropped table holds rows, on a pool of one connection too', async () => {
      // The check reads in the script's transaction: no second connection.
      const current = await migrated({max: 1, connectionLimit: 1});
      await db().query(`INSERT INTO ${audit} VALUES (1)`);
      const error = await rejection(current.revertMigrations());
      expect(error).to.be.instanceOf(DataLossError);
      expect(error.message).to.match(
        /down\(\) of migration script 2\.0\.0 \(AddPriorityAndAudit\) drops table \S+ and its 1 row: DROP TABLE/,
      );
      expect(await db().query(`SELECT id FROM ${audit}`)).to.have.length(1);
    });

    it('refuses a down() of fixed statements before any of them runs', async () => {
      app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [NOTE_MODEL]);
      app.migrationScript(ScratchScript);
      app.migrationScript(DropsScratch);
      await app.migrateSchema();
      await db().query('INSERT INTO scratch VALUES (1)');
      const error = await rejection(app.revertMigrations());
      expect(error).to.be.instanceOf(DataLossError);
      expect(error.message).to.match(
        /^Revert refused: down\(\) of migration script 3\.0\.1 \(DropsScratch\) drops table \S+ and its 1 row: DROP TABLE scratch\. Nothing of that script was reverted \(refused before any of its statements ran\)\./,
      );
      // Its first statement did not run.
      expect(await db().query('SELECT id FROM scratch2')).to.have.length(0);
    });

    it('judges a fixed statement after a DELETE as it runs: the DELETE empties the table first', async () => {
      app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [NOTE_MODEL]);
      app.migrationScript(ScratchScript);
      await app.migrateSchema();
      await db().query('INSERT INTO scratch VALUES (1)');
      const reverted = await app.revertMigrations();
      expect(reverted.scripts[0]).to.containDeep({status: 'reverted'});
      expect(await tables(db())).to.not.containEql('scratch');
    });

    it('judges a type changed back after a statement that locked the table, on a pool of one connection', async () => {
      // down() drops an index first (its transaction then holds the table's
      // lock on PostgreSQL), then changes the column's type back: the check
      // of the values reads in that transaction, not on a connection of its
      // own that would wait for the lock until the script's time limit.
      app = buildApp(
        MigratingApp,
        {db: {...db().dataSourceConfig, max: 1, connectionLimit: 1}},
        [NOTE_MODEL],
      );
      const score = q('score');
      const scoreIndex = q('note_score_idx');
      const typeBack =
        kind === 'postgresql'
          ? `ALTER TABLE ${note} ALTER COLUMN ${score} TYPE integer USING ${score}::integer`
          : `ALTER TABLE ${note} CHANGE COLUMN ${score} ${score} INT NULL`;
      app.migrationScript(
        defineScript({
          version: '2.0.0',
          name: 'ScoreToDecimal',
          timeoutMs: 10_000,
          up: async ctx => {
            await ctx.execute(
              `ALTER TABLE ${note} ADD COLUMN ${score} DECIMAL(6,2)`,
            );
            await ctx.execute(
              `CREATE INDEX ${scoreIndex} ON ${note} (${score})`,
            );
          },
          down: async ctx => {
            await ctx.execute(
              kind === 'postgresql'
                ? `DROP INDEX ${scoreIndex}`
                : `DROP INDEX ${scoreIndex} ON ${note}`,
            );
            await ctx.execute(typeBack);
          },
        }),
      );
      await app.migrateSchema();
      await db().query(`INSERT INTO ${note} (text, score) VALUES ('a', 4.5)`);

      const error = await rejection(app.revertMigrations());
      expect(error).to.be.instanceOf(DataLossError);
      expect(error.message).to.match(
        /down\(\) of migration script 2\.0\.0 \(ScoreToDecimal\) changes column "score" of \S+ to (?:integer|INT), which would not keep 1 stored value/,
      );

      await db().query(`UPDATE ${note} SET score = 4`);
      if (kind === 'mysql') {
        // DDL commits on its own: put back the index its DROP INDEX dropped.
        await db().query(`CREATE INDEX ${scoreIndex} ON ${note} (${score})`);
      }
      const reverted = await app.revertMigrations();
      expect(reverted.scripts[0]).to.containDeep({status: 'reverted'});
      const [row] = await db().query<{score: number}>(
        `SELECT ${score} AS score FROM ${note}`,
      );
      expect(Number(row.score)).to.equal(4);
    });

    it('judges a hand-written MySQL MODIFY COLUMN that changes a type back', async function () {
      if (kind !== 'mysql') this.skip();
      app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [NOTE_MODEL]);
      app.migrationScript(
        defineScript({
          version: '2.0.0',
          name: 'ScoreToDecimal',
          up: async ctx => {
            await ctx.execute(
              `ALTER TABLE ${note} ADD COLUMN score DECIMAL(6,2)`,
            );
          },
          down: async ctx => {
            await ctx.execute(
              `ALTER TABLE ${note} MODIFY COLUMN score INT NULL`,
            );
          },
        }),
      );
      await app.migrateSchema();
      await db().query(`INSERT INTO ${note} (text, score) VALUES ('a', 4.5)`);

      const error = await rejection(app.revertMigrations());
      expect(error).to.be.instanceOf(DataLossError);
      expect(error.message).to.match(
        /changes column "score" of \S+ to INT, which would not keep 1 stored value: ALTER TABLE `Note` MODIFY COLUMN score INT NULL/,
      );
      const [row] = await db().query<{score: string}>(
        `SELECT score FROM ${note}`,
      );
      expect(Number(row.score)).to.equal(4.5);
    });

    it('goes through when what it drops holds nothing', async () => {
      const current = await migrated();
      await db().query(`INSERT INTO ${note} (text) VALUES ('a')`);
      const reverted = await current.revertMigrations();
      expect(reverted.scripts[0]).to.containDeep({status: 'reverted'});
      expect(await tables(db())).to.not.containEql('audit');
      expect(await db().query(`SELECT text FROM ${note}`)).to.have.length(1);
    });
  },
);
