import {expect} from '@loopback/testlab';
import {juggler, type PropertyDefinition} from '@loopback/repository';
import type {EventEmitter} from 'node:events';
import {
  DataLossError,
  migrateSchemaWithReport,
  MigrationWillFailError,
  type PlannedStatement,
  type SchemaMigrationReport,
} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {columns, dropAllTables, foreignKeys, tables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

type Properties = Record<string, PropertyDefinition>;

const ID: PropertyDefinition = {type: 'number', id: true, generated: true};
const CODE: PropertyDefinition = {
  type: 'string',
  postgresql: {dataType: 'varchar', dataLength: 64},
  mysql: {dataType: 'varchar', dataLength: 64},
};

describeEachDatabase('predicted failures', (db, kind) => {
  let app: MigratingApp | undefined;
  const pg = () => db().kind === 'postgresql';

  async function withModels(models: ModelSpec[]): Promise<MigratingApp> {
    if (app) await closeApp(app);
    app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
    return app;
  }
  const note = (properties: Properties) =>
    withModels([{name: 'Note', properties: {id: ID, ...properties}}]);

  async function sql(text: string): Promise<void> {
    await db().query(pg() ? text.replace(/`/g, '') : text);
  }

  /** The one statement of the plan the database would refuse. */
  async function failing(target: MigratingApp): Promise<PlannedStatement> {
    const plan = await target.planSchemaMigration();
    expect(plan.dataSources[0].status).to.equal('planned');
    const refused = plan.dataSources[0].statements.filter(s => s.willFail);
    expect(refused).to.have.length(1);
    expect(refused[0].destructive).to.be.false();
    return refused[0];
  }

  /**
   * A real run, with and without acceptDataLoss, refuses before any change;
   * and the prediction is right: the database rejects the statement.
   */
  async function refuses(
    target: MigratingApp,
  ): Promise<MigrationWillFailError> {
    let error: unknown;
    for (const acceptDataLoss of [false, true]) {
      error = await rejection(
        migrateSchemaWithReport(target, {acceptDataLoss}),
      );
      expect(error).to.be.instanceOf(MigrationWillFailError);
    }
    const refusal = error as MigrationWillFailError;
    expect(refusal.code).to.equal('MIGRATION_WILL_FAIL');
    expect(refusal.statements).to.have.length(1);
    expect(refusal.report.dataSources[0].status).to.equal('planned');
    expect(refusal.message).to.match(/Nothing was changed/);
    await expect(db().query(refusal.statements[0].sql)).to.be.rejected();
    return refusal;
  }

  async function succeeds(
    target: MigratingApp,
  ): Promise<SchemaMigrationReport> {
    const report = await migrateSchemaWithReport(target);
    expect(report.dataSources[0].status).to.equal('migrated');
    return report;
  }

  /** Every session of the app's MySQL pool without strict mode. */
  async function nonStrict(target: MigratingApp): Promise<void> {
    const ds = await target.get<juggler.DataSource>('datasources.db');
    await ds.connect();
    const pool = (ds.connector as unknown as {client: EventEmitter}).client;
    const relax = "SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION'";
    pool.on('connection', (c: {query(sql: string): void}) => c.query(relax));
    // The pool's one connection so far, opened by connect().
    await ds.execute(relax);
  }

  beforeEach(() => dropAllTables(db()));
  afterEach(async () => {
    if (app) await closeApp(app);
    app = undefined;
  });

  it('predicts NOT NULL over NULLs, changes nothing, and runs once the rows are filled', async () => {
    await succeeds(await note({title: {type: 'string'}}));
    await sql("INSERT INTO `Note` (title) VALUES (NULL), ('a'), (NULL)");
    const target = await note({title: {type: 'string', required: true}});
    const statement = await failing(target);
    expect(statement.willFail).to.match(
      /column "title" cannot become NOT NULL: 2 rows of "(public"\."note|Note)" hold NULL in it \(id 1, 3\)/,
    );
    expect(statement.willFail).to.match(/fill those rows first/);
    expect(statement.reason ?? '').to.not.match(/NOT NULL/);
    const error = await refuses(target);
    expect(error.message).to.match(
      /acceptDataLoss \(--accept-data-loss\) does not help/,
    );
    const title = (await columns(db(), 'note')).find(c => c.column === 'title');
    expect(title?.nullable).to.be.true();
    await sql("UPDATE `Note` SET title = 'filled' WHERE title IS NULL");
    await succeeds(target);
  });

  if (kind === 'mysql')
    it('calls NOT NULL over NULLs data loss where MySQL converts them (no strict mode)', async () => {
      await succeeds(await note({title: {type: 'string'}}));
      await sql("INSERT INTO `Note` (title) VALUES (NULL), ('a')");
      const target = await note({title: {type: 'string', required: true}});
      await nonStrict(target);
      const plan = await target.planSchemaMigration();
      const [statement] = plan.dataSources[0].statements;
      expect(statement.willFail).to.be.undefined();
      expect(statement).to.containDeep({destructive: true});
      expect(statement.reason).to.match(
        /makes column "title" NOT NULL while 1 row holds NULL/,
      );
      await expect(migrateSchemaWithReport(target)).to.be.rejectedWith(
        DataLossError,
      );
      await migrateSchemaWithReport(target, {acceptDataLoss: true});
      const rows = await db().query<{title: string}>(
        'SELECT title FROM `Note` ORDER BY id',
      );
      expect(rows.map(r => r.title)).to.eql(['', 'a']);
    });

  /** Note with rows, and an app that adds a required `body` to it. */
  async function requiredBody(
    body: PropertyDefinition = {type: 'string', required: true},
  ): Promise<MigratingApp> {
    await succeeds(await note({title: {type: 'string'}}));
    await sql("INSERT INTO `Note` (title) VALUES ('a'), ('b')");
    return note({title: {type: 'string'}, body});
  }

  if (kind === 'postgresql')
    it('predicts a NOT NULL column without a default on a table with rows', async () => {
      const target = await requiredBody();
      const statement = await failing(target);
      expect(statement.willFail).to.match(
        /adds column "body" NOT NULL without a default, but "public"."note" holds 2 rows \(id 1, 2\): PostgreSQL has no value to put in them/,
      );
      expect(statement.willFail).to.match(/postgresql: \{dbDefault: "..."\}/);
      await refuses(target);
      expect(
        (await columns(db(), 'note')).map(c => c.column),
      ).to.not.containEql('body');
      // The fix it names: a database default.
      await succeeds(
        await note({
          title: {type: 'string'},
          body: {type: 'string', required: true, postgresql: {dbDefault: "''"}},
        }),
      );
    });

  if (kind === 'postgresql')
    it('predicts a NOT NULL column whose default is NULL on a table with rows', async () => {
      // The connector writes an object's `default: {}` as `DEFAULT null`,
      // which fills the rows with NULL: no value either.
      const target = await requiredBody({
        type: 'object',
        required: true,
        default: {},
      });
      const statement = await failing(target);
      expect(statement.sql).to.match(/NOT NULL DEFAULT null/);
      expect(statement.willFail).to.match(
        /adds column "body" NOT NULL without a default, but "public"."note" holds 2 rows \(id 1, 2\)/,
      );
      await refuses(target);
    });

  if (kind === 'mysql')
    it('warns that MySQL fills a NOT NULL column without a default with zero values', async () => {
      const target = await requiredBody();
      const plan = await target.planSchemaMigration();
      expect(
        plan.dataSources[0].statements.some(s => s.willFail),
      ).to.be.false();
      expect(plan.dataSources[0].warnings.join('\n')).to.match(
        /model Note: adds column "body" NOT NULL without a default to "Note", which holds 2 rows: MySQL fills them with the type's zero value/,
      );
      const report = await succeeds(target);
      expect(report.dataSources[0].warnings.join('\n')).to.match(/zero value/);
      const rows = await db().query<{body: string}>('SELECT body FROM `Note`');
      expect(rows.map(r => r.body)).to.eql(['', '']);
    });

  it('predicts a unique index over duplicate values', async () => {
    await succeeds(await note({code: CODE}));
    await sql(
      "INSERT INTO `Note` (code) VALUES ('a'), ('b'), ('a'), ('a'), ('c'), ('c'), (NULL), (NULL)",
    );
    const target = await note({code: {...CODE, index: {unique: true}}});
    const statement = await failing(target);
    expect(statement.willFail).to.match(
      /unique index "[^"]+" on "code" cannot be built: 2 value\(s\) of "code" occur more than once, in 5 rows of "(public"\."note|Note)" \('a' \(3 rows\), 'c' \(2 rows\)\)/,
    );
    await refuses(target);
    await sql(
      "UPDATE `Note` SET code = CONCAT(code, id) WHERE code IN ('a', 'c')",
    );
    await succeeds(target);
  });

  // '2' and '2.0' are two texts and one numeric.
  const convergent: Array<[string, boolean, RegExp]> = [
    [
      'a unique index over values that become equal in the type the same plan converts them to',
      false,
      /unique index "[^"]+" on "code" cannot be built: 1 value\(s\) of "code" occur more than once, in 2 rows of "public"\."note" \('2' \(2 rows\)\), comparing "code" as NUMERIC\b[^,]*, the type the plan gives it\. To fix it/,
    ],
    [
      'a type change that makes values of a kept unique index equal',
      true,
      /unique index "note_code_idx" on "code" cannot be kept through the type change: 1 value\(s\) become equal as the new type, in 2 rows of "public"\."note" \('2' \(2 rows\)\)/,
    ],
  ];
  for (const [title, uniqueBefore, message] of convergent) {
    if (kind === 'postgresql')
      it(`predicts ${title}`, async () => {
        const unique = uniqueBefore ? {index: {unique: true}} : {};
        await succeeds(await note({code: {...CODE, ...unique}}));
        await sql("INSERT INTO note (code) VALUES ('2'), ('2.0'), ('3')");
        const target = await note({
          code: {
            type: 'number',
            postgresql: {dataType: 'numeric'},
            index: {unique: true},
          },
        });
        expect((await failing(target)).willFail).to.match(message);
        await expect(migrateSchemaWithReport(target)).to.be.rejectedWith(
          MigrationWillFailError,
        );
        // Nothing changed: the column is still text.
        const [code] = (await columns(db(), 'note')).filter(
          c => c.column === 'code',
        );
        expect(code.type).to.match(/character varying/);
      });
  }

  it('predicts a unique index on a column added with a constant default', async () => {
    await succeeds(await note({code: CODE}));
    await sql("INSERT INTO `Note` (code) VALUES ('a'), ('b'), ('a')");
    const slug = {
      ...CODE,
      default: 'none',
      mysql: {...CODE.mysql, default: 'none'},
      index: {unique: true},
    };
    const alone = await note({code: CODE, slug});
    expect((await failing(alone)).willFail).to.match(
      /unique index "[^"]+" on "slug" cannot be built: the plan adds "slug" with a constant default \(or NOT NULL without one: MySQL's zero value\), so all 3 rows of "(public"\."note|Note)" get the same value/,
    );
    await refuses(alone);
    expect((await columns(db(), 'note')).map(c => c.column)).to.eql([
      'id',
      'code',
    ]);

    const composite = await withModels([
      {
        name: 'Note',
        properties: {id: ID, code: CODE, slug: {...slug, index: undefined}},
        settings: {
          indexes: {
            note_code_slug: pg()
              ? {keys: {code: 1, slug: 1}, options: {unique: true}}
              : {columns: 'code,slug', kind: 'UNIQUE'},
          },
        },
      },
    ]);
    expect((await failing(composite)).willFail).to.match(
      /unique index "note_code_slug" on "code", "slug" cannot be built: 1 value\(s\) of "code" occur more than once, in 2 rows .*\("slug", added with a constant default \(or NOT NULL without one: MySQL's zero value\), is the same in every row\)/,
    );
    await sql("UPDATE `Note` SET code = 'c' WHERE id = 3");
    await succeeds(composite);
  });

  if (kind === 'mysql')
    it('predicts a unique index on a NOT NULL column added without a default (the same zero value in every row)', async () => {
      await succeeds(await note({code: CODE}));
      await sql("INSERT INTO `Note` (code) VALUES ('a'), ('b')");
      const target = await note({
        code: CODE,
        slug: {...CODE, required: true, index: {unique: true}},
      });
      expect((await failing(target)).willFail).to.match(
        /unique index "slug" on "slug" cannot be built: the plan adds "slug" with a constant default \(or NOT NULL without one: MySQL's zero value\), so all 2 rows of "Note" get the same value/,
      );
      // The prediction is right: the server refuses it with "Duplicate entry ''".
      await refuses(target);
    });

  it('predicts a unique index on a column the table does not have, and says the key names a column', async () => {
    await succeeds(await note({code: CODE}));
    await sql("INSERT INTO `Note` (code) VALUES ('a'), ('b')");
    // A misspelt key (a property name where MySQL's `columns` wants the
    // column's): the index names a column the table has nowhere.
    const target = await withModels([
      {
        name: 'Note',
        properties: {id: ID, code: CODE},
        settings: {
          indexes: {
            note_code_ownr: pg()
              ? {keys: {code: 1, ownr: 1}, options: {unique: true}}
              : {columns: 'code,ownr', kind: 'UNIQUE'},
          },
        },
      },
    ]);
    expect((await failing(target)).willFail).to.match(
      /unique index "note_code_ownr" on "code", "ownr" cannot be built: "(public"\."note|Note)" has no column "ownr", and the plan adds none\. An index names columns: .*columnName/,
    );
    await refuses(target);
  });

  it('predicts a plain index on a column the table does not have, before the rest of the plan runs', async () => {
    await succeeds(await note({code: CODE}));
    // MySQL's spelling of an index on PostgreSQL: its connector takes
    // `columns` and `kind` for keys. Before, the plan ran its transaction
    // (the new column) and then failed at the index, built after it.
    const index = pg()
      ? {columns: 'code', kind: 'INDEX'}
      : {columns: 'code,ownr'};
    const target = await withModels([
      {
        name: 'Note',
        properties: {id: ID, code: CODE, body: {type: 'string'}},
        settings: {indexes: {note_code: index}},
      },
    ]);
    expect((await failing(target)).willFail).to.match(
      pg()
        ? /^index "note_code" declares `columns: 'code'`, the mysql connector's form, which the postgresql connector does not read: .*Declare the keys instead: `\{keys: \{"code": 1\}\}`$/
        : /index "note_code" on .* cannot be built: "Note" has no column "ownr", and the plan adds none\. An index names columns/,
    );
    await refuses(target);
    expect((await columns(db(), 'note')).map(c => c.column)).to.not.containEql(
      'body',
    );
  });

  it('predicts an index on a column the same plan drops (MySQL: a property moved to another column, its index naming it)', async function () {
    // PostgreSQL's connector writes an index key as the property's column.
    if (pg()) this.skip();
    await succeeds(await note({code: CODE}));
    await sql("INSERT INTO `Note` (code) VALUES ('a'), ('b')");
    // The table has `code` now; the statement drops it (the property moved
    // to `code_v2`) before its index is added on it. It was planned as
    // built, and the run failed ("Key column 'code' doesn't exist").
    const target = await withModels([
      {
        name: 'Note',
        properties: {
          id: ID,
          code: {...CODE, mysql: {columnName: 'code_v2'}},
        },
        settings: {
          indexes: {note_code: {keys: {code: 1}, options: {unique: true}}},
        },
      },
    ]);
    const plan = await target.planSchemaMigration();
    const refused = plan.dataSources[0].statements.filter(s => s.willFail);
    expect(refused.map(s => s.willFail)).to.match([
      /unique index "note_code" on "code" cannot be built: the plan drops column "code" of "Note"\. An index names columns: .*columnName/,
    ]);
    // Accepting the loss of the dropped column does not make it build.
    const error = await rejection(
      migrateSchemaWithReport(target, {acceptDataLoss: true}),
    );
    expect(error).to.be.instanceOf(MigrationWillFailError);
    expect((await columns(db(), 'note')).map(c => c.column)).to.eql([
      'id',
      'code',
    ]);
  });

  describe('foreign keys', () => {
    const parent: ModelSpec = {name: 'Parent', properties: {id: ID}};
    const child = (
      parentId: PropertyDefinition,
      withKey: boolean,
    ): ModelSpec => ({
      name: 'Child',
      properties: {id: ID, parentId},
      settings: withKey
        ? {
            foreignKeys: {
              fk_child_parent: {
                name: 'fk_child_parent',
                entity: 'Parent',
                entityKey: 'id',
                foreignKey: 'parentId',
              },
            },
          }
        : {},
    });

    it('predicts a foreign key over orphan rows', async () => {
      await succeeds(
        await withModels([parent, child({type: 'number'}, false)]),
      );
      await sql('INSERT INTO `Parent` (id) VALUES (1)');
      await sql(
        'INSERT INTO `Child` (parentId) VALUES (1), (99), (NULL), (98), (1)',
      );
      const target = await withModels([parent, child({type: 'number'}, true)]);
      const statement = await failing(target);
      expect(statement.willFail).to.match(
        /foreign key "fk_child_parent" on "parent[iI]d" cannot be added: 2 rows of "(public"\."child|Child)" \(id 2, 4\) point at no row of "(public"\."parent|Parent)"/,
      );
      await refuses(target);
      expect(await foreignKeys(db())).to.be.empty();
      await sql('DELETE FROM `Child` WHERE parentId > 1');
      await succeeds(target);
      expect(await foreignKeys(db())).to.have.length(1);
    });

    it('predicts a foreign key between columns of types that do not compare', async () => {
      const text: PropertyDefinition = CODE;
      await succeeds(await withModels([parent, child(text, false)]));
      const target = await withModels([parent, child(text, true)]);
      const statement = await failing(target);
      expect(statement.willFail).to.match(
        /foreign key "fk_child_parent": column "parent[iI]d" is (character varying|varchar)\(64\), but the column it references, "(public"\."parent|Parent)"\."id", is (integer|int\(11\)); (PostgreSQL|MySQL) cannot compare them/,
      );
      await refuses(target);
      expect(await foreignKeys(db())).to.be.empty();
    });

    it('checks orphan rows of a key column the same plan converts (text to integer)', async () => {
      await succeeds(await withModels([parent, child(CODE, false)]));
      await sql('INSERT INTO `Parent` (id) VALUES (1)');
      await sql("INSERT INTO `Child` (parentId) VALUES ('1'), ('7'), (NULL)");
      const target = await withModels([parent, child({type: 'number'}, true)]);
      const statement = await failing(target);
      expect(statement.willFail).to.match(
        /foreign key "fk_child_parent" on "parent[iI]d" cannot be added: 1 row of "(public"\."child|Child)" \(id 2\) points at no row/,
      );
      await refuses(target);
      await sql("DELETE FROM `Child` WHERE parentId = '7'");
      await succeeds(target);
      expect(await foreignKeys(db())).to.have.length(1);
    });

    it('refuses the conversion of a key column whose values do not convert, adding no key', async () => {
      await succeeds(await withModels([parent, child(CODE, false)]));
      await sql('INSERT INTO `Parent` (id) VALUES (1)');
      await sql("INSERT INTO `Child` (parentId) VALUES ('1'), ('x')");
      const target = await withModels([parent, child({type: 'number'}, true)]);
      const refusal = await refuses(target);
      expect(refusal.message).to.match(
        /1 stored value of column "parent[iI]d"(?: \(id \d+\))? cannot be converted to (INTEGER|INT)/,
      );
      expect(await foreignKeys(db())).to.be.empty();
    });

    it('predicts a type change of a key column where the server refuses any (MariaDB), and makes it where it allows it', async () => {
      const number: PropertyDefinition = {type: 'number'};
      await succeeds(await withModels([parent, child(number, true)]));
      // Its nullability alone changes: allowed everywhere.
      await succeeds(
        await withModels([parent, child({...number, required: true}, true)]),
      );
      const wider: PropertyDefinition = {
        type: 'number',
        required: true,
        mysql: {dataType: 'bigint'},
        postgresql: {dataType: 'bigint'},
      };
      const target = await withModels([parent, child(wider, true)]);
      if (pg()) {
        // PostgreSQL keeps a key from bigint to integer.
        await succeeds(target);
        expect(await foreignKeys(db())).to.have.length(1);
        return;
      }
      const statement = await failing(target);
      expect(statement.willFail).to.match(
        /changes column "parentId" to BIGINT, but foreign key "fk_child_parent" ties it to column "id" of table "Parent" \(int\(11\)\): MariaDB [\d.]+ refuses to change the type of a column a foreign key ties, even to a wider one \(error 1832\/1833\)\. Change both in a migration script/,
      );
      await refuses(target);
      expect(await foreignKeys(db())).to.have.length(1);
    });

    describe('a kept foreign key column changed to a type that does not compare (PostgreSQL)', () => {
      const UUID: PropertyDefinition = {
        type: 'string',
        postgresql: {dataType: 'uuid'},
      };
      const customer: ModelSpec = {
        name: 'Customer',
        properties: {id: {...UUID, id: true}},
      };
      const order = (customerId: PropertyDefinition, withKey: boolean) => ({
        name: 'Order',
        properties: {id: ID, customerId},
        settings: withKey
          ? {
              foreignKeys: {
                fk_order_customer: {
                  name: 'fk_order_customer',
                  entity: 'Customer',
                  entityKey: 'id',
                  foreignKey: 'customerId',
                },
              },
            }
          : {},
      });

      beforeEach(function (this: Mocha.Context) {
        if (!pg()) this.skip();
      });

      it('predicts uuid to text while the key stays, and applies it once the key goes', async () => {
        await succeeds(await withModels([customer, order(UUID, true)]));
        const target = await withModels([
          customer,
          order({type: 'string'}, true),
        ]);
        const statement = await failing(target);
        expect(statement.willFail).to.match(
          /changes column "customerid" to TEXT, but foreign key "fk_order_customer" ties it to column "id" of table "customer" \(uuid\): PostgreSQL cannot compare them, and refuses a foreign key between them\. To fix it, give the property whose column is "customerid" the type of the key it references \(uuid\), or drop foreign key "fk_order_customer" first/,
        );
        await refuses(target);
        const kept = await columns(db(), 'order');
        expect(kept.find(c => c.column === 'customerid')?.type).to.equal(
          'uuid',
        );
        expect(await foreignKeys(db())).to.have.length(1);
        await succeeds(
          await withModels([customer, order({type: 'string'}, false)]),
        );
        const changed = await columns(db(), 'order');
        expect(changed.find(c => c.column === 'customerid')?.type).to.equal(
          'text',
        );
        expect(await foreignKeys(db())).to.be.empty();
      });

      it('predicts the referenced key changed uuid to text while a foreign key to it stays', async () => {
        const keyed = (code: PropertyDefinition): ModelSpec => ({
          name: 'Customer',
          properties: {id: ID, code},
          settings: {
            indexes: {
              customer_code: {keys: {code: 1}, options: {unique: true}},
            },
          },
        });
        const referencing = {
          ...order(UUID, true),
          settings: {
            foreignKeys: {
              fk_order_customer: {
                name: 'fk_order_customer',
                entity: 'Customer',
                entityKey: 'code',
                foreignKey: 'customerId',
              },
            },
          },
        };
        await succeeds(await withModels([keyed(UUID), referencing]));
        const target = await withModels([keyed({type: 'string'}), referencing]);
        const statement = await failing(target);
        expect(statement.willFail).to.match(
          /changes column "code" to TEXT, but foreign key "fk_order_customer" ties it to column "customerid" of table "order" \(uuid\): PostgreSQL cannot compare them, .* To fix it, keep the type of "code" the type of the foreign key columns that reference it, or drop foreign key "fk_order_customer" first/,
        );
        await refuses(target);
        const kept = await columns(db(), 'customer');
        expect(kept.find(c => c.column === 'code')?.type).to.equal('uuid');
      });
    });

    it('predicts it when the plan creates both tables, and creates neither', async () => {
      const target = await withModels([parent, child(CODE, true)]);
      const statement = await failing(target);
      expect(statement.willFail).to.match(
        /foreign key "fk_child_parent": column "parent[iI]d" is varchar\(64\), but the column it references, "(public"\."parent|Parent)"\."id", is (integer|int); (PostgreSQL|MySQL) cannot compare them/i,
      );
      await refuses(target);
      expect(await tables(db())).to.be.empty();
    });
  });
});
