import {expect} from '@loopback/testlab';
import mysql from 'mysql2/promise';
import {setTimeout as sleep} from 'node:timers/promises';
import {
  migrateSchemaWithReport,
  MigrationWillFailError,
  runMigrationCli,
  type SchemaMigrationOptions,
  type SchemaMigrationReport,
} from '../../src';
import type {juggler} from '@loopback/repository';
import {DriverQueryCounter} from '../../bench/counters';
import type {JugglerConnector} from '../../src/juggler';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables, foreignKeys} from '../support/catalog';
import {captureIo} from '../support/cli-io';
import {describeOnDatabase, serverSettings} from '../support/databases';
import {rejection} from '../support/rejection';
import {waitForBlockedSession} from '../support/sessions';

const ID = {type: 'number', id: true, generated: true};
const COUNTER: ModelSpec = {name: 'Counter', properties: {id: ID}};
const TAG: ModelSpec = {
  name: 'Tag',
  properties: {
    id: ID,
    // Indexed: the key's own index is there, so the key is added at once.
    counterId: {type: 'number', index: true, mysql: {dataType: 'int'}},
  },
};
const TAG_WITH_KEY: ModelSpec = {
  ...TAG,
  settings: {
    foreignKeys: {
      fk_tag_counter: {
        name: 'fk_tag_counter',
        entity: 'Counter',
        entityKey: 'id',
        foreignKey: 'counterId',
      },
    },
  },
};
const CHECK =
  'checks the rows of the foreign key `fk_tag_counter` an interrupted run added unchecked (reads and writes go on)';
/** Rows enough for the check of the key's rows to last a while (about a second). */
const ROWS = 1_500_000;

describeOnDatabase(
  'mysql',
  'MariaDB: a foreign key its run added but never checked (the session was killed)',
  db => {
    const counter = new DriverQueryCounter();
    before(() => counter.install());
    after(() => counter.uninstall());
    beforeEach(() => dropAllTables(db()));

    /** A run of a fresh app, and its round trips. */
    async function run(
      models: ModelSpec[],
      options: SchemaMigrationOptions = {},
    ) {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
      try {
        counter.start();
        const report = await migrateSchemaWithReport(app, options);
        return {report, roundTrips: counter.stop().roundTrips};
      } finally {
        counter.stop();
        await closeApp(app);
      }
    }

    /** A run of a fresh app, and the SQL its connector was sent. */
    async function sent(
      models: ModelSpec[],
      options: SchemaMigrationOptions = {},
    ) {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
      const connector = app.getSync<juggler.DataSource>('datasources.db')
        .connector as JugglerConnector;
      const execute = connector.execute!;
      const sql: string[] = [];
      connector.execute = (text, params, callback) => {
        sql.push(text);
        return execute.call(connector, text, params, callback);
      };
      try {
        const report = await migrateSchemaWithReport(app, options);
        return {report, sql};
      } finally {
        await closeApp(app);
      }
    }

    const marks = async () =>
      (
        await db().query<{key: string}>(
          "SELECT state_key AS `key` FROM schema_migration_state WHERE state_key LIKE 'unchecked-%'",
        )
      ).map(r => r.key);
    const tagKeys = async () =>
      (await foreignKeys(db())).filter(k => k.table === 'tag').map(k => k.name);

    /**
     * Add the key to a Tag of {@link ROWS} rows, and kill the migrating
     * session (as an operator would: `KILL`) while it reads the rows for
     * ones that point nowhere. Before it adds the key, a transaction the
     * plan's own check could not see writes a row that points nowhere
     * (`999999`): the migration waits for it (a metadata lock), and the
     * key is added over it, unchecked.
     */
    async function killedWhileChecking(): Promise<number> {
      const writer = await mysql.createConnection({
        ...serverSettings('mysql'),
        database: db().name,
      });
      try {
        await writer.query('START TRANSACTION');
        await writer.query('INSERT INTO `Tag` (counterId) VALUES (999999)');
        const running = run([COUNTER, TAG_WITH_KEY]).then(
          () => new Error('the run was not killed'),
          (err: Error) => err,
        );
        const id = await waitForBlockedSession(db(), 'fk_tag_counter', 60_000);
        await writer.query('COMMIT');
        // The key is there: the migration now reads the rows.
        const deadline = Date.now() + 20_000;
        while ((await tagKeys()).length === 0) {
          if (Date.now() > deadline) throw new Error('the key was not added');
          await sleep(5);
        }
        await db().query(`KILL ${Number(id)}`);
        const error = await running;
        expect(error.message).to.not.equal('the run was not killed');
        const [{orphan}] = await db().query<{orphan: number}>(
          'SELECT id AS orphan FROM `Tag` WHERE counterId = 999999',
        );
        return orphan;
      } finally {
        await writer.end();
      }
    }

    it('refuses the next run while rows point nowhere; once fixed, checks the key, forgets its mark, and the fast path comes back', async () => {
      expect((await run([COUNTER, TAG])).report.dataSources[0].status).to.equal(
        'migrated',
      );
      await db().query(
        'INSERT INTO `Counter` (id) SELECT seq FROM seq_1_to_10',
      );
      await db().query(
        `INSERT INTO \`Tag\` (counterId) SELECT 1 + seq % 10 FROM seq_1_to_${ROWS}`,
      );
      await db().query('ANALYZE TABLE `Tag`');
      const orphan = await killedWhileChecking();
      // Killed after the key and before the end of its check: the key
      // stays, over a row that points nowhere; the next run says so.
      expect(await tagKeys()).to.eql(['fk_tag_counter']);

      const refused = await rejection(run([COUNTER, TAG_WITH_KEY]));
      expect(refused).to.be.instanceOf(MigrationWillFailError);
      expect(refused.message).to.match(
        new RegExp(
          'foreign key `fk_tag_counter`, added by an earlier run that was stopped before it checked ' +
            `the rows, does not hold: 1 row of "Tag" \\(id ${orphan}\\) points at no row of "Counter"`,
        ),
      );
      expect(refused.message).to.match(/To fix it, add the missing rows/);
      // The mark stays until the key's rows are found fine.
      expect(await marks()).to.eql([
        `unchecked-foreign-key ["${db().name}", "Tag", "fk_tag_counter"]`,
      ]);

      // A run with online: false checks it too.
      const offline = await rejection(
        run([COUNTER, TAG_WITH_KEY], {online: false}),
      );
      expect(offline).to.be.instanceOf(MigrationWillFailError);
      expect(offline.message).to.match(
        /foreign key `fk_tag_counter`, added by/,
      );
      // A run of models whose tables have no mark does not check it, but
      // never takes the fast path while the mark stays.
      for (let again = 0; again < 2; again++) {
        const other = await run([COUNTER, TAG_WITH_KEY], {models: ['Counter']});
        expect(other.report.dataSources[0]).to.containDeep({
          status: 'up-to-date',
          statements: [],
        });
        expect(other.roundTrips).to.be.above(2);
        // ... and says so, and what finishes it.
        expect(other.report.dataSources[0].warnings).to.containEql(
          'an interrupted run left the check of the rows of the foreign key `fk_tag_counter` of table `Tag` ' +
            "unfinished (a mark in the state table), and this run's models leave that table out: " +
            'a run of model Tag finishes it; until then the up-to-date fast path stays off',
        );
      }

      await db().query('DELETE FROM `Tag` WHERE counterId = 999999');
      // --check says a check is pending (exit code 3), and which.
      const io = captureIo();
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        COUNTER,
        TAG_WITH_KEY,
      ]);
      try {
        expect(
          await runMigrationCli(() => app, ['--check', '--json'], io),
        ).to.equal(3);
      } finally {
        await closeApp(app);
      }
      const pending = (JSON.parse(io.out()) as SchemaMigrationReport)
        .dataSources[0].statements;
      expect(pending.map(s => [s.reason, s.willFail])).to.eql([
        [CHECK, undefined],
      ]);
      expect(await marks()).to.have.length(1);

      const checked = await run([COUNTER, TAG_WITH_KEY]);
      expect(checked.report.dataSources[0].status).to.equal('migrated');
      expect(
        checked.report.dataSources[0].statements.map(s => s.reason),
      ).to.eql([CHECK]);
      expect(await marks()).to.eql([]);
      expect(await tagKeys()).to.eql(['fk_tag_counter']);
      // A run that changed something is verified by the next, in full;
      // then the fast path answers.
      const verifying = await run([COUNTER, TAG_WITH_KEY]);
      expect(verifying.report.dataSources[0]).to.containDeep({
        status: 'up-to-date',
        statements: [],
      });
      expect(verifying.roundTrips).to.be.above(2);
      const fast = await run([COUNTER, TAG_WITH_KEY]);
      expect(fast.report.dataSources[0].status).to.equal('up-to-date');
      expect(fast.roundTrips).to.equal(1);
    });

    it('forgets the mark of a key its run never added (killed while it waited to add it)', async () => {
      await run([COUNTER, TAG]);
      const reader = await mysql.createConnection({
        ...serverSettings('mysql'),
        database: db().name,
      });
      try {
        // A transaction that read Tag keeps the key from being added.
        await reader.query('START TRANSACTION');
        await reader.query('SELECT * FROM `Tag` LIMIT 1');
        const running = run([COUNTER, TAG_WITH_KEY]).then(
          () => new Error('the run was not killed'),
          (err: Error) => err,
        );
        const id = await waitForBlockedSession(db(), 'fk_tag_counter');
        await db().query(`KILL ${Number(id)}`);
        expect((await running).message).to.not.equal('the run was not killed');
      } finally {
        await reader.end();
      }
      expect(await tagKeys()).to.eql([]);
      expect(await marks()).to.have.length(1);
      // The model no longer declares the key: its mark alone is deleted.
      const next = await run([COUNTER, TAG]);
      expect(next.report.dataSources[0]).to.containDeep({
        status: 'migrated',
        statements: [
          {
            reason:
              'forgets the mark of the foreign key `fk_tag_counter` an interrupted run left unchecked: ' +
              'the key is gone, or this plan changes it',
            lock: 'none',
          },
        ],
      });
      expect(await marks()).to.eql([]);
      expect((await run([COUNTER, TAG])).report.dataSources[0].status).to.equal(
        'up-to-date',
      );
    });

    it("checks a marked key when the plan's statements only name something else the same (a column of another table)", async () => {
      await run([COUNTER, TAG]);
      // What a run killed between the key and its check leaves.
      const session = await mysql.createConnection({
        ...serverSettings('mysql'),
        database: db().name,
      });
      try {
        await session.query('SET foreign_key_checks = 0');
        await session.query(
          'ALTER TABLE `Tag` ADD CONSTRAINT `fk_tag_counter` FOREIGN KEY (`counterId`) REFERENCES `Counter` (`id`)',
        );
        await session.query(
          'INSERT INTO schema_migration_state ' +
            '(state_key, model_fingerprint, catalog_digest, warnings, recorded_at) ' +
            `VALUES (CONCAT('unchecked-foreign-key ', JSON_ARRAY(DATABASE(), 'Tag', 'fk_tag_counter')), '', '', '[]', UTC_TIMESTAMP(3))`,
        );
      } finally {
        await session.end();
      }
      // The plan adds a column named as the key to another table: its
      // statement holds `fk_tag_counter`, and changes no key.
      const counter: ModelSpec = {
        ...COUNTER,
        properties: {...COUNTER.properties, fk_tag_counter: {type: 'string'}},
      };
      const plan = await run([counter, TAG_WITH_KEY], {dryRun: true});
      const reasons = plan.report.dataSources[0].statements.map(s => s.reason);
      expect(reasons).to.containEql(CHECK);
      expect(reasons.filter(r => /forgets the mark/.test(r ?? ''))).to.eql([]);
    });

    it('forgets the mark of a table that is gone, and says how to clear the mark of a table no model maps any more', async () => {
      await run([COUNTER, TAG]);
      const mark = (table: string) =>
        db().query(
          'INSERT INTO schema_migration_state ' +
            '(state_key, model_fingerprint, catalog_digest, warnings, recorded_at) ' +
            `VALUES (CONCAT('unchecked-foreign-key ', JSON_ARRAY(DATABASE(), ?, 'fk_tag_counter')), '', '', '[]', UTC_TIMESTAMP(3))`,
          [table],
        );
      await mark('Tag');
      await mark('Gone');
      // The app no longer has Tag; its table stays.
      const first = await run([COUNTER]);
      const source = first.report.dataSources[0];
      expect(source.statements.map(s => s.reason)).to.eql([
        'forgets the mark an interrupted run left on the check of the rows of the foreign key ' +
          '`fk_tag_counter` of table `Gone`: the table is gone',
      ]);
      const warning = source.warnings.find(w => w.includes('`Tag`'));
      expect(warning).to.match(
        /no model of this datasource maps that table any more: when it needs nothing more, delete the mark \(DELETE FROM `schema_migration_state` WHERE state_key = '.*'\); until then the up-to-date fast path stays off/,
      );
      expect(await marks()).to.eql([
        `unchecked-foreign-key ["${db().name}", "Tag", "fk_tag_counter"]`,
      ]);
      // The statement the warning gives clears it: the fast path comes back.
      await db().query(/\((DELETE FROM .*)\); until/.exec(warning!)![1]);
      expect(await marks()).to.eql([]);
      await run([COUNTER]);
      const fast = await run([COUNTER]);
      expect(fast.report.dataSources[0].status).to.equal('up-to-date');
      expect(fast.roundTrips).to.equal(1);
    });

    it('reads no marks where the plan found no state table, and reads the table list once', async () => {
      const readsMarks = (sql: string) =>
        /^SELECT state_key AS `key`/.test(sql);
      const listsTables = (sql: string) =>
        /\bFROM information_schema\.TABLES\b/.test(sql) &&
        !sql.includes('information_schema.COLUMNS');
      // A fresh create: there is no state table yet.
      const fresh = await sent([COUNTER, TAG]);
      expect(fresh.report.dataSources[0].status).to.equal('migrated');
      expect(fresh.sql.filter(readsMarks)).to.eql([]);
      await db().query(
        'INSERT INTO schema_migration_state ' +
          '(state_key, model_fingerprint, catalog_digest, warnings, recorded_at) ' +
          `VALUES (CONCAT('unchecked-foreign-key ', JSON_ARRAY(DATABASE(), 'Gone', 'fk_tag_counter')), '', '', '[]', UTC_TIMESTAMP(3))`,
      );
      // The mark of a table that is gone: told from the plan's own list.
      const stray = await sent([COUNTER, TAG], {fullCheck: true});
      expect(stray.report.dataSources[0].statements.map(s => s.reason)).to.eql([
        'forgets the mark an interrupted run left on the check of the rows of the foreign key ' +
          '`fk_tag_counter` of table `Gone`: the table is gone',
      ]);
      expect(stray.sql.filter(readsMarks)).to.have.length(1);
      expect(stray.sql.filter(listsTables)).to.have.length(1);
    });

    it('says each warning of a refused plan once, its foreign key in its checked form', async () => {
      await run([COUNTER, TAG]);
      await db().query('INSERT INTO `Tag` (counterId) VALUES (NULL)');
      const tag: ModelSpec = {
        ...TAG_WITH_KEY,
        properties: {
          ...TAG_WITH_KEY.properties,
          // NOT NULL over a NULL: refused; a new NOT NULL column without a
          // default: a warning.
          counterId: {...TAG.properties.counterId, required: true},
          code: {type: 'number', required: true},
        },
      };
      const plan = await run([COUNTER, tag], {dryRun: true});
      const source = plan.report.dataSources[0];
      expect(source.statements.some(s => s.willFail)).to.be.true();
      expect(source.statements.map(s => s.sql).join('\n')).to.match(
        /^BEGIN NOT ATOMIC$/m,
      );
      expect(source.warnings.length).to.be.above(0);
      expect(new Set(source.warnings).size).to.equal(source.warnings.length);
    });

    it("leaves a mark of another database alone (a state table shared through MIGRATION_LEDGER_TABLE's database): no check, and the fast path answers", async () => {
      await run([COUNTER, TAG]);
      await run([COUNTER, TAG]);
      await db().query(
        'INSERT INTO schema_migration_state ' +
          '(state_key, model_fingerprint, catalog_digest, warnings, recorded_at) ' +
          `VALUES (CONCAT('unchecked-foreign-key ', JSON_ARRAY(?, 'Tag', 'fk_tag_counter')), '', '', '[]', UTC_TIMESTAMP(3))`,
        [`${db().name}_other`],
      );
      const fast = await run([COUNTER, TAG]);
      expect(fast.report.dataSources[0].status).to.equal('up-to-date');
      expect(fast.roundTrips).to.equal(1);
      const full = await run([COUNTER, TAG], {fullCheck: true});
      expect(full.report.dataSources[0]).to.containDeep({
        status: 'up-to-date',
        statements: [],
      });
      expect(await marks()).to.have.length(1);
    });
  },
);
