import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {
  migrateSchemaWithReport,
  MigrationWillFailError,
  type SchemaMigrationOptions,
} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {columns, foreignKeys, indexes} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

const ID: PropertyDefinition = {type: 'number', id: true, generated: true};
const INT: PropertyDefinition = {
  type: 'number',
  postgresql: {dataType: 'integer'},
  mysql: {dataType: 'int'},
};
const BIGINT: PropertyDefinition = {
  type: 'number',
  postgresql: {dataType: 'bigint'},
  mysql: {dataType: 'bigint'},
};

describeEachDatabase(
  'online forms of changes to existing tables',
  (db, kind) => {
    const apps: MigratingApp[] = [];
    const mysql = kind === 'mysql';
    afterEach(async () => {
      for (const app of apps.splice(0)) await closeApp(app);
    });

    const counter = (
      properties: Record<string, PropertyDefinition>,
    ): ModelSpec => ({
      name: 'Counter',
      properties: {id: ID, n: INT, ...properties},
    });
    function migrate(
      models: ModelSpec[],
      options: SchemaMigrationOptions = {},
    ) {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
      apps.push(app);
      return migrateSchemaWithReport(app, options);
    }
    const typeOf = async (column: string) =>
      (await columns(db(), 'counter')).find(c => c.column === column)?.type;

    /**
     * Fill a model's one string column with 3000 rows (more than a table
     * copied without notice, SMALL_TABLE_ROWS), all `'x'` or all distinct,
     * and give the planner the table's statistics.
     */
    async function fill(
      model: string,
      column: string,
      values: 'same' | 'distinct',
    ): Promise<void> {
      const table = mysql ? `\`${model}\`` : model.toLowerCase();
      const value = values === 'same' ? "'x'" : mysql ? 'seq' : 'g::text';
      await db().query(
        mysql
          ? `INSERT INTO ${table} (${column}) SELECT ${value} FROM seq_1_to_3000`
          : `INSERT INTO ${table} (${column}) SELECT ${value} FROM generate_series(1, 3000) g`,
      );
      await db().query(mysql ? `ANALYZE TABLE ${table}` : `ANALYZE ${table}`);
    }

    /** `model` with one string column `column`, a VARCHAR(length) on both databases. */
    const varchar = (
      model: string,
      column: string,
      length: number,
      {index, unique}: {index?: boolean; unique?: string} = {},
    ): ModelSpec => ({
      name: model,
      properties: {
        id: ID,
        [column]: {
          type: 'string',
          ...(index && {index: true}),
          postgresql: {dataType: 'varchar', dataLength: length},
          mysql: {dataType: 'varchar', dataLength: length},
        },
      },
      ...(unique && {
        settings: {
          indexes: {[unique]: {keys: {[column]: 1}, options: {unique: true}}},
        },
      }),
    });

    /** A full plan of `models` finds the schema up to date. */
    async function expectUpToDate(models: ModelSpec[]): Promise<void> {
      const again = await migrate(models, {fullCheck: true});
      expect(again.dataSources[0]).to.containDeep({
        status: 'up-to-date',
        statements: [],
      });
    }

    before(async () => {
      await migrate([counter({})]);
      // More rows than a table copied without notice (SMALL_TABLE_ROWS).
      await db().query(
        mysql
          ? 'INSERT INTO `Counter` (n) SELECT seq FROM seq_1_to_3000'
          : 'INSERT INTO counter (n) SELECT generate_series(1, 3000)',
      );
      await db().query(mysql ? 'ANALYZE TABLE `Counter`' : 'ANALYZE counter');
    });

    it('runs a change of an existing table in its online form, and a new table in its plain form', async () => {
      const report = await migrate([
        counter({note: {type: 'string'}}),
        {name: 'Fresh', properties: {id: ID, name: {type: 'string'}}},
      ]);
      const statements = report.dataSources[0].statements;
      const create = statements.find(s => /^CREATE TABLE/i.test(s.sql))!;
      const add = statements.find(s => /ADD COLUMN/i.test(s.sql))!;
      expect(create.sql).not.to.match(/ALGORITHM/);
      expect(create.lock).to.equal('none');
      expect(add.lock).to.equal('brief');
      if (mysql) expect(add.sql).to.match(/, ALGORITHM=INSTANT$/);
      else expect(add.sql).not.to.match(/ALGORITHM/);
      expect((await columns(db(), 'counter')).map(c => c.column)).to.containEql(
        'note',
      );
    });

    it('refuses (MySQL) a change that can only copy the table, and makes it with online: false', async () => {
      const models = [counter({note: {type: 'string'}, n: BIGINT})];
      const plan = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
      apps.push(plan);
      const [change] = (await plan.planSchemaMigration()).dataSources[0]
        .statements;
      expect(change.rewritesTable).to.be.true();
      if (mysql) {
        expect(change.lock).to.equal('blocks-writes');
        expect(change.willFail).to.match(
          /no online form: changing the column type from int(\(11\))? to BIGINT copies the table on (MariaDB|MySQL) /,
        );
        const error = await rejection(migrate(models));
        expect(error).to.be.instanceOf(MigrationWillFailError);
        expect(error.message).to.match(/online: false \(CLI --offline\)/);
        expect(error.message).to.match(/CHANGE COLUMN `n`/);
        expect(await typeOf('n')).to.match(/^int/);
      } else {
        // PostgreSQL has no online form to refuse: the rewrite is said.
        expect(change.lock).to.equal('blocks-reads-and-writes');
        expect(change.willFail).to.be.undefined();
      }
      const report = await migrate(models, {online: false});
      expect(report.dataSources[0].status).to.equal('migrated');
      expect(report.dataSources[0].statements[0].sql).not.to.match(/ALGORITHM/);
      expect(await typeOf('n')).to.match(/^bigint/);
    });

    it('widens a VARCHAR online while its length prefix stays, and refuses (MariaDB) one past 255 bytes', async () => {
      const word = (length: number) => varchar('Word', 'w', length);
      await migrate([word(20)]);
      await fill('Word', 'w', 'same');
      const wType = async () =>
        (await columns(db(), 'word')).find(c => c.column === 'w')?.type;
      // utf8mb4: 80 bytes, then 240; the length prefix stays one byte.
      const within = await migrate([word(60)]);
      expect(within.dataSources[0].statements[0].lock).to.equal('brief');
      if (mysql) {
        expect(within.dataSources[0].statements[0].sql).to.match(
          /, ALGORITHM=(INSTANT|INPLACE, LOCK=NONE)$/,
        );
      }
      expect(await wType()).to.match(/^(varchar\(60\)|character varying)$/);
      // 240 bytes, then 400: the prefix grows to two bytes.
      if (mysql) {
        const error = await rejection(migrate([word(100)]));
        expect(error).to.be.instanceOf(MigrationWillFailError);
        expect(error.message).to.match(/past 255 bytes copies the table/);
        expect(await wType()).to.equal('varchar(60)');
      }
      const past = await migrate([word(100)], {online: false});
      expect(past.dataSources[0].status).to.equal('migrated');
      expect(await wType()).to.match(/^(varchar\(100\)|character varying)$/);
      await expectUpToDate([word(100)]);
    });

    it('widens an indexed VARCHAR past the longest index key online (MariaDB: in place, the index becoming a prefix index)', async () => {
      const word = (length: number) =>
        varchar('Word', 'w', length, {index: true});
      await migrate([word(100)]);
      await fill('Word', 'w', 'same');
      // utf8mb4: 400 bytes, then 8000, past the 3072 of an index key. It
      // was planned INSTANT, which MariaDB refuses ("Reason: ADD INDEX").
      const widened = await migrate([word(2000)]);
      expect(widened.dataSources[0].status).to.equal('migrated');
      if (mysql) {
        expect(widened.dataSources[0].statements[0].sql).to.match(
          /, ALGORITHM=INPLACE, LOCK=NONE$/,
        );
      }
      expect(
        (await columns(db(), 'word')).find(c => c.column === 'w')?.type,
      ).to.match(/^(varchar\(2000\)|character varying)$/);
      await expectUpToDate([word(2000)]);
    });

    it('refuses (MariaDB) widening a UNIQUE-indexed VARCHAR past the longest index key, and makes it with online: false', async () => {
      const code = (length: number) =>
        varchar('Code', 'c', length, {unique: 'code_c_unique'});
      await migrate([code(100)]);
      await fill('Code', 'c', 'distinct');
      // MariaDB keeps a UNIQUE key longer than 3072 bytes as a hash in a
      // hidden column: only a copy adds it. It was planned INPLACE.
      if (mysql) {
        const error = await rejection(migrate([code(2000)]));
        expect(error).to.be.instanceOf(MigrationWillFailError);
        expect(error.message).to.match(
          /past the longest index key copies the table/,
        );
      }
      const widened = await migrate([code(2000)], {online: false});
      expect(widened.dataSources[0].status).to.equal('migrated');
      // Now any change of the table is a copy on MariaDB: an added column
      // was planned INSTANT, which it refused.
      const withNote = (): ModelSpec => ({
        ...code(2000),
        properties: {...code(2000).properties, note: {type: 'string'}},
      });
      if (mysql) {
        const error = await rejection(migrate([withNote()]));
        expect(error).to.be.instanceOf(MigrationWillFailError);
        expect(error.message).to.match(
          /UNIQUE key `code_c_unique` is longer than an index key/,
        );
      }
      await migrate([withNote()], {online: false});
      await expectUpToDate([withNote()]);
    });

    it('refuses (MariaDB) a UNIQUE index longer than an index key on a big table, and builds it with online: false', async () => {
      const long = (unique: boolean) =>
        varchar('Slug', 's', 1000, unique ? {unique: 'slug_s_unique'} : {});
      await migrate([long(false)]);
      await fill('Slug', 's', 'distinct');
      // 4000 bytes in utf8mb4: MariaDB keeps the key as a hash in a hidden
      // column. It was planned INPLACE, which the server refused.
      if (mysql) {
        const error = await rejection(migrate([long(true)]));
        expect(error).to.be.instanceOf(MigrationWillFailError);
        expect(error.message).to.match(
          /UNIQUE index longer than an index key is a hash of the values/,
        );
      }
      await migrate([long(true)], {online: false});
      await expectUpToDate([long(true)]);
    });

    const TAG: ModelSpec = {name: 'Tag', properties: {id: ID, counterId: INT}};
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
    const COUNTER_NOW = () => counter({note: {type: 'string'}, n: BIGINT});
    const tagKeys = async () =>
      (await foreignKeys(db())).filter(k => k.table === 'tag');

    it('adds a foreign key to an existing table online: MariaDB in place, then checked; PostgreSQL NOT VALID, then validated', async () => {
      await migrate([COUNTER_NOW(), TAG]);
      await db().query(
        mysql
          ? 'INSERT INTO `Tag` (counterId) VALUES (1), (2), (NULL)'
          : 'INSERT INTO tag (counterid) VALUES (1), (2), (NULL)',
      );
      const report = await migrate([COUNTER_NOW(), TAG_WITH_KEY]);
      const [add] = report.dataSources[0].statements;
      expect(add.sql).to.match(/FOREIGN KEY/);
      expect(add.willFail).to.be.undefined();
      // Brief either way: no copy of the table, no scan under a write lock.
      expect(add.lock).to.equal('brief');
      if (mysql) {
        expect(add.sql).to.match(/^BEGIN NOT ATOMIC\n/);
        expect(add.sql).to.match(
          /SET foreign_key_checks = 0;\nALTER TABLE `Tag` ADD CONSTRAINT `fk_tag_counter` FOREIGN KEY \(`counterId`\) REFERENCES `Counter`\(`id`\), ALGORITHM=INPLACE, LOCK=NONE;/,
        );
        expect(add.scansTable).to.be.true();
        // InnoDB keeps statistics from the start; PostgreSQL after ANALYZE.
        expect(add.estimatedRows).to.be.below(1000);
      }
      expect((await tagKeys()).map(k => k.name)).to.eql(['fk_tag_counter']);
      const again = await migrate([COUNTER_NOW(), TAG_WITH_KEY]);
      expect(again.dataSources[0].status).to.equal('up-to-date');
    });

    it('MariaDB: a row written between the check and the key makes the checked statement drop the key again and fail', async function () {
      if (!mysql) this.skip();
      await migrate([COUNTER_NOW(), TAG]);
      await db().query('INSERT INTO `Tag` (counterId) VALUES (1), (2)');
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        COUNTER_NOW(),
        TAG_WITH_KEY,
      ]);
      apps.push(app);
      const plan = await app.planSchemaMigration();
      const [add] = plan.dataSources[0].statements;
      expect(add.willFail).to.be.undefined();
      // Written after the plan checked the rows: only the statement sees it.
      await db().query('INSERT INTO `Tag` (counterId) VALUES (999999)');
      const error = await rejection(db().query(add.sql));
      expect(error.message).to.match(
        /a row of Tag points at no row that fk_tag_counter references: the key was dropped again/,
      );
      expect(await tagKeys()).to.eql([]);
      const tagIndexes = (await indexes(db())).filter(i => i.table === 'tag');
      expect(tagIndexes.map(i => i.name)).to.not.containEql('fk_tag_counter');
      const [{checks}] = await db().query<{checks: number}>(
        'SELECT @@foreign_key_checks AS checks',
      );
      expect(Number(checks)).to.equal(1);
    });

    it('MariaDB: says a foreign key added with online: false blocks writes (with its checks on, the server copies the table)', async function () {
      if (!mysql) this.skip();
      await migrate([COUNTER_NOW(), TAG]);
      await db().query('INSERT INTO `Tag` (counterId) VALUES (1), (2)');
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        COUNTER_NOW(),
        TAG_WITH_KEY,
      ]);
      apps.push(app);
      const plan = await app.planSchemaMigration({online: false});
      const [add] = plan.dataSources[0].statements;
      expect(add.sql).to.match(
        /^ALTER TABLE `Tag` ADD CONSTRAINT `fk_tag_counter` FOREIGN KEY \(`counterId`\) REFERENCES `Counter`\(`id`\)$/,
      );
      expect(add).to.containDeep({
        lock: 'blocks-writes',
        rewritesTable: true,
        scansTable: true,
      });
      // The server will not add it in place with the checks on: it copies.
      const error = await rejection(
        db().query(`${add.sql}, ALGORITHM=INPLACE, LOCK=NONE`),
      );
      expect(error.message).to.match(/foreign_key_checks/);
      expect(await tagKeys()).to.eql([]);
    });
  },
);
