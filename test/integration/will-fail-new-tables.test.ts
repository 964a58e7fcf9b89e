import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {migrateSchemaWithReport, MigrationWillFailError} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {columns, dropAllTables, tables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

const ID: PropertyDefinition = {type: 'number', id: true, generated: true};

/** A model planned before `Note`: its CREATE TABLE runs first. */
const ALPHA: ModelSpec = {name: 'Alpha', properties: {id: ID}};

describeEachDatabase(
  'predicted failures on tables the plan creates',
  (db, kind) => {
    let app: MigratingApp | undefined;
    beforeEach(() => dropAllTables(db()));
    afterEach(async () => {
      if (app) await closeApp(app);
      app = undefined;
    });

    function withModels(models: ModelSpec[]): MigratingApp {
      app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
      return app;
    }

    const note = (indexes: object): ModelSpec[] => [
      ALPHA,
      {
        name: 'Note',
        properties: {id: ID, code: {type: 'string'}},
        settings: {indexes},
      },
    ];

    /** The plan marks one statement, and a run changes nothing. */
    async function refusedBeforeAnyChange(
      target: MigratingApp,
    ): Promise<string> {
      const plan = await target.planSchemaMigration();
      const refused = plan.dataSources[0].statements.filter(s => s.willFail);
      expect(refused).to.have.length(1);
      const error = await rejection(migrateSchemaWithReport(target));
      expect(error).to.be.instanceOf(MigrationWillFailError);
      // MySQL commits each CREATE TABLE: before, `Alpha` stayed created.
      expect(await tables(db())).to.eql([]);
      return refused[0].willFail!;
    }

    for (const unique of [false, true]) {
      const what = unique ? 'a unique index' : 'an index';
      it(`predicts ${what} naming a column the new table has not got`, async () => {
        // MySQL's `columns` is written as is; PostgreSQL's keys likewise.
        const index =
          kind === 'mysql'
            ? {columns: 'code,ownr', ...(unique ? {kind: 'UNIQUE'} : {})}
            : {
                keys: {code: 1, ownr: 1},
                ...(unique ? {options: {unique}} : {}),
              };
        const willFail = await refusedBeforeAnyChange(
          withModels(note({note_code: index})),
        );
        expect(willFail).to.match(
          new RegExp(
            `^${unique ? 'unique index' : 'index'} "note_code" on "code", "ownr" cannot be built: ` +
              '"(public"\\."note|Note)", which the plan creates, has no column "ownr"\\. ' +
              'An index names columns: .*columnName',
          ),
        );
      });
    }

    it("accepts an index naming the new table's columns as the database does", async () => {
      // MySQL compares column names without case; a `columnName` is the
      // column PostgreSQL's keys name.
      const models: ModelSpec[] =
        kind === 'mysql'
          ? note({note_code: {columns: 'CODE,Id', kind: 'UNIQUE'}})
          : [
              ALPHA,
              {
                name: 'Note',
                properties: {
                  id: ID,
                  code: {type: 'string', postgresql: {columnName: 'note_code'}},
                },
                settings: {
                  indexes: {note_code_idx: {keys: {note_code: 1, id: 1}}},
                },
              },
            ];
      const target = withModels(models);
      const plan = await target.planSchemaMigration();
      expect(plan.dataSources[0].statements.filter(s => s.willFail)).to.eql([]);
      await migrateSchemaWithReport(target);
      expect(await tables(db())).to.eql(['alpha', 'note']);
    });

    it('predicts a foreign key to a model left out of the models option, whose table does not exist', async () => {
      // `migrate --models Note` on an empty database: `--check` said 3
      // ("would apply cleanly"), and the run failed on the key (MySQL
      // kept the table it had created).
      const target = withModels([
        ALPHA,
        {
          name: 'Note',
          properties: {id: ID, alphaId: {type: 'number'}},
          settings: {
            foreignKeys: {
              fk_note_alpha: {
                name: 'fk_note_alpha',
                entity: 'Alpha',
                entityKey: 'id',
                foreignKey: 'alphaId',
              },
            },
          },
        },
      ]);
      const plan = await target.planSchemaMigration({models: ['Note']});
      const refused = plan.dataSources[0].statements.filter(s => s.willFail);
      expect(refused.map(s => s.willFail)).to.eql([
        'foreign key "fk_note_alpha" cannot be added: it references ' +
          `${kind === 'postgresql' ? '"public"."alpha"' : '"Alpha"'}, which does not exist and which ` +
          'this run does not create. To fix it, migrate the model of that table in the same run ' +
          '(add it to the models option, --models) or before this one',
      ]);
      await expect(
        migrateSchemaWithReport(target, {models: ['Note']}),
      ).to.be.rejectedWith(MigrationWillFailError);
      expect(await tables(db())).to.eql([]);
      // With its model in the run, the key is added.
      await migrateSchemaWithReport(target, {models: ['Note', 'Alpha']});
      expect(await tables(db())).to.eql(['alpha', 'note']);
    });

    describe('row size (MySQL, MariaDB)', () => {
      /** `n` string properties: VARCHAR(512), 2048 bytes each in utf8mb4. */
      const strings = (
        n: number,
        from = 0,
      ): Record<string, PropertyDefinition> =>
        Object.fromEntries(
          Array.from({length: n}, (_, i) => [`p${from + i}`, {type: 'string'}]),
        );
      const wide = (properties: Record<string, PropertyDefinition>) => [
        ALPHA,
        {name: 'Wide', properties: {id: ID, ...properties}},
      ];

      beforeEach(function () {
        if (kind !== 'mysql') this.skip();
      });

      it('predicts a new table whose string columns take more than 65535 bytes', async () => {
        const willFail = await refusedBeforeAnyChange(
          withModels(wide(strings(32))),
        );
        expect(willFail).to.match(
          /^row size too large: the columns of "Wide" take at least 65600 bytes outside TEXT\/BLOB columns .* allow 65535\. To fix it, .*dataType: 'text'/,
        );
      });

      it('accepts the widest table of strings the server takes', async () => {
        await migrateSchemaWithReport(withModels(wide(strings(31))));
        expect(await tables(db())).to.eql(['alpha', 'wide']);
      });

      it('predicts string properties added to an existing table past the limit', async () => {
        await migrateSchemaWithReport(withModels(wide(strings(20))));
        await closeApp(app!);
        // The kept columns count: 20 kept and 12 added are 32.
        const target = withModels(wide(strings(32)));
        const plan = await target.planSchemaMigration();
        const refused = plan.dataSources[0].statements.filter(s => s.willFail);
        expect(refused).to.have.length(1);
        expect(refused[0].willFail).to.match(
          /^row size too large: the columns kept and added of "Wide" take at least 65600 bytes/,
        );
        await expect(migrateSchemaWithReport(target)).to.be.rejectedWith(
          MigrationWillFailError,
        );
        await closeApp(target);
        // 11 more fit.
        await migrateSchemaWithReport(withModels(wide(strings(31))));
        expect(await columnNames('wide')).to.have.length(32);
      });

      /** `n` short string properties: VARCHAR(10), 40 bytes each in utf8mb4. */
      const short = (n: number): Record<string, PropertyDefinition> =>
        Object.fromEntries(
          Array.from({length: n}, (_, i) => [
            `s${i}`,
            {type: 'string', mysql: {dataType: 'varchar', dataLength: 10}},
          ]),
        );

      // QA on hostile models: InnoDB refuses a record that may exceed half
      // its page (innodb_strict_mode, on by default), which the 65535-byte
      // check did not see: ~200 short strings failed mid-run.
      it('predicts a new table whose record exceeds half an InnoDB page', async () => {
        const willFail = await refusedBeforeAnyChange(
          withModels(wide(short(205))),
        );
        expect(willFail).to.match(
          /^row size too large for InnoDB: a record of "Wide" takes at least \d+ bytes on its page \(206 columns: .* at 4 bytes a character; .*\), but InnoDB allows fewer than 8126 with innodb_strict_mode on\. To fix it, .*dataType: 'text'/,
        );
      });

      it('accepts a new table of as many short strings as InnoDB takes', async () => {
        // 197 such columns (and the id) are the most MariaDB 10.11 takes.
        await migrateSchemaWithReport(withModels(wide(short(197))));
        expect(await columnNames('wide')).to.have.length(198);
      });
    });

    describe('index names, one namespace per schema (PostgreSQL)', () => {
      const indexed = (name: string, indexes: object): ModelSpec => ({
        name,
        properties: {id: ID, code: {type: 'string'}},
        settings: {indexes},
      });
      const byCode = {by_code: {keys: {code: 1}}};

      beforeEach(function () {
        if (kind !== 'postgresql') this.skip();
      });

      it('predicts two models declaring the same index name', async () => {
        const willFail = await refusedBeforeAnyChange(
          withModels([indexed('Alpha', byCode), indexed('Note', byCode)]),
        );
        expect(willFail).to.equal(
          'index "by_code" cannot be created: PostgreSQL names tables and indexes in one ' +
            'namespace per schema, and schema "public" gets an index "by_code" of table ' +
            '"alpha" from an earlier statement of this plan. Give the index a name that no ' +
            "other table or index of the schema has (its key in the model's settings.indexes)",
        );
      });

      it('predicts an index named like a table or an index of the database', async () => {
        await migrateSchemaWithReport(withModels([indexed('Alpha', byCode)]));
        await closeApp(app!);
        for (const [indexes, held] of [
          [byCode, 'holds an index "by_code" of table "alpha"'],
          [{alpha: {keys: {code: 1}}}, 'holds a table "alpha"'],
        ] as const) {
          const target = withModels([
            indexed('Alpha', byCode),
            indexed('Note', indexes),
          ]);
          const plan = await target.planSchemaMigration();
          const refused = plan.dataSources[0].statements.filter(
            s => s.willFail,
          );
          expect(refused.map(s => s.willFail)).to.match([
            new RegExp(`schema "public" ${held}\\. Give the index a name`),
          ]);
          await expect(migrateSchemaWithReport(target)).to.be.rejectedWith(
            MigrationWillFailError,
          );
          await closeApp(target);
          app = undefined;
          expect(await tables(db())).to.eql(['alpha']);
        }
      });

      it('predicts an index named like an index of the database that an enum is named like too', async () => {
        await migrateSchemaWithReport(withModels([indexed('Alpha', byCode)]));
        await closeApp(app!);
        app = undefined;
        await db().query("CREATE TYPE by_code AS ENUM ('a')");
        try {
          const target = withModels([
            indexed('Alpha', byCode),
            indexed('Note', byCode),
          ]);
          const plan = await target.planSchemaMigration();
          expect(
            plan.dataSources[0].statements.flatMap(s => s.willFail ?? []),
          ).to.match([
            /schema "public" holds an index "by_code" of table "alpha"\. Give the index a name/,
          ]);
        } finally {
          await db().query('DROP TYPE by_code');
          await db().query('DROP TABLE IF EXISTS alpha, note');
        }
      });

      it('predicts a table named like an enum or a domain of its schema, and lets an index take such a name', async () => {
        for (const [create, held] of [
          ["CREATE TYPE note AS ENUM ('a')", 'holds an enum type "note"'],
          ['CREATE DOMAIN note AS text', 'holds a domain "note"'],
        ]) {
          await db().query(create);
          try {
            const willFail = await refusedBeforeAnyChange(
              withModels([ALPHA, indexed('Note', {})]),
            );
            expect(willFail).to.equal(
              'table "note" cannot be created: PostgreSQL gives each table a row type of its ' +
                `name, and schema "public" ${held}. Drop or rename that type, or give the ` +
                'model another table name (settings.postgresql.table)',
            );
            await closeApp(app!);
            app = undefined;
            // The type does not hold index names.
            await migrateSchemaWithReport(
              withModels([indexed('Alpha', {note: {keys: {code: 1}}})]),
            );
            expect(await tables(db())).to.eql(['alpha']);
          } finally {
            if (app) await closeApp(app);
            app = undefined;
            await db().query('DROP TABLE IF EXISTS alpha');
            await db().query(`DROP ${create.split(' ')[1]} IF EXISTS note`);
          }
        }
      });

      for (const [implied, held] of [
        ['note_pkey', 'an index "note_pkey"'],
        ['note_id_seq', 'a sequence "note_id_seq"'],
      ]) {
        it(`predicts an index or a table named like the ${implied} a new table implies`, async () => {
          const note = indexed('Note', {});
          const willFail = await refusedBeforeAnyChange(
            withModels([indexed('Note', {[implied]: {keys: {code: 1}}})]),
          );
          expect(willFail).to.equal(
            `index "${implied}" cannot be created: PostgreSQL names tables and indexes in one ` +
              `namespace per schema, and schema "public" gets ${held} of table "note" from an ` +
              'earlier statement of this plan. Give the index a name that no other table or ' +
              "index of the schema has (its key in the model's settings.indexes)",
          );
          await closeApp(app!);
          const table = {...ALPHA, settings: {postgresql: {table: implied}}};
          expect(
            await refusedBeforeAnyChange(withModels([note, table])),
          ).to.startWith(`table "${implied}" cannot be created: `);
          await closeApp(app!);
          // Created first, the table keeps the name: the server names the
          // key's index or the sequence otherwise.
          await migrateSchemaWithReport(withModels([table, note]));
          expect(await tables(db())).to.eql(['note', implied]);
        });
      }

      describe('property indexes whose names PostgreSQL cuts to the same 63 bytes', () => {
        // `<table>_<column>_idx`: 40 + 1 + 30 + 4 bytes, the same first 63.
        const table = 'a_table_named_with_forty_characters_xxxx';
        const column = (n: number) => `a_column_named_with_thirty_ch_${n}`;
        const cut = `${table}_${column(1)}`.slice(0, 63);
        const indexedColumns = (count: number): ModelSpec => ({
          name: 'Note',
          properties: Object.fromEntries([
            ['id', ID],
            ...Array.from({length: count}, (_, i) => [
              column(i + 1),
              {type: 'string', index: true},
            ]),
          ]),
          settings: {postgresql: {table}},
        });
        const refusal = (held: string) =>
          `index "${table}_${column(2)}_idx" cannot be created: PostgreSQL cuts a name to its ` +
          `first 63 bytes, "${cut}", and names tables and indexes in one namespace per schema, ` +
          `where schema "public" ${held}. The connector names a property's index ` +
          '<table>_<column>_idx: give the column (its postgresql.columnName) or the table a ' +
          "shorter name, or declare the index in the model's settings.indexes, under a name " +
          "of its own, instead of the property's `index`";

        it('are predicted in a new table', async () => {
          const willFail = await refusedBeforeAnyChange(
            withModels([indexedColumns(2)]),
          );
          expect(willFail).to.equal(
            refusal(
              `gets an index "${cut}" of table "${table}" from an earlier statement of this plan`,
            ),
          );
        });

        it('are predicted against the index an existing table has', async () => {
          await migrateSchemaWithReport(withModels([indexedColumns(1)]));
          await closeApp(app!);
          const target = withModels([indexedColumns(2)]);
          const plan = await target.planSchemaMigration();
          const refused = plan.dataSources[0].statements.filter(
            s => s.willFail,
          );
          expect(refused.map(s => s.willFail)).to.eql([
            refusal(`holds an index "${cut}" of table "${table}"`),
          ]);
          await expect(migrateSchemaWithReport(target)).to.be.rejectedWith(
            MigrationWillFailError,
          );
          expect(await columns(db(), table)).to.have.length(2);
        });
      });

      it('lets an index take again the name the plan frees before it', async () => {
        await migrateSchemaWithReport(withModels([indexed('Alpha', byCode)]));
        await closeApp(app!);
        // Changed keys: DROP INDEX "by_code", then CREATE INDEX "by_code".
        const changed = withModels([
          indexed('Alpha', {by_code: {keys: {code: 1, id: 1}}}),
        ]);
        await migrateSchemaWithReport(changed);
        await closeApp(changed);
        // A rebuild drops "alpha", and its index with it, before creating both.
        const rebuilt = withModels([indexed('Alpha', byCode)]);
        await migrateSchemaWithReport(rebuilt, {existingSchema: 'drop'});
        expect(
          (await rebuilt.planSchemaMigration()).dataSources[0].status,
        ).to.equal('up-to-date');
      });
    });

    describe('foreign key names, one namespace per database (MySQL, MariaDB)', () => {
      const owner: ModelSpec = {name: 'Alpha', properties: {id: ID}};
      const owned = (name: string, key: string): ModelSpec => ({
        name,
        properties: {id: ID, alphaId: {type: 'number'}},
        settings: {
          foreignKeys: {
            [key]: {
              name: key,
              entity: 'Alpha',
              entityKey: 'id',
              foreignKey: 'alphaId',
            },
          },
        },
      });

      beforeEach(function () {
        if (kind !== 'mysql') this.skip();
      });

      it('predicts two models declaring the same foreign key name', async () => {
        const willFail = await refusedBeforeAnyChange(
          withModels([
            owner,
            owned('Note', 'fk_alpha'),
            owned('Zeta', 'fk_alpha'),
          ]),
        );
        expect(willFail).to.equal(
          'foreign key "fk_alpha" cannot be added: MySQL and MariaDB name foreign keys in one ' +
            'namespace per database, and table "Note" gets a foreign key of that name from an ' +
            "earlier statement of this plan (the server's error: errno 121, Duplicate key on " +
            'write or update). Give the foreign key a name no other foreign key of the ' +
            "database has (its name in the model's settings.foreignKeys)",
        );
      });

      it('predicts a foreign key named like one of the database, and frees the names of a rebuild', async () => {
        await migrateSchemaWithReport(
          withModels([owner, owned('Note', 'fk_alpha')]),
        );
        await closeApp(app!);
        const target = withModels([
          owner,
          owned('Note', 'fk_alpha'),
          owned('Zeta', 'fk_alpha'),
        ]);
        const plan = await target.planSchemaMigration();
        expect(
          plan.dataSources[0].statements.flatMap(s => s.willFail ?? []),
        ).to.match([/and table "Note" has one of that name \(/]);
        await expect(migrateSchemaWithReport(target)).to.be.rejectedWith(
          MigrationWillFailError,
        );
        await closeApp(target);
        // A rebuild drops "Note" and its key before adding them again.
        const rebuilt = withModels([owner, owned('Note', 'fk_alpha')]);
        await migrateSchemaWithReport(rebuilt, {existingSchema: 'drop'});
        expect(await tables(db())).to.eql(['alpha', 'note']);
      });
    });

    async function columnNames(table: string): Promise<string[]> {
      return (await columns(db(), table)).map(c => c.column);
    }
  },
);
