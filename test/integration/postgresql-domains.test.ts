import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {DataLossError, MigrationWillFailError} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {describeOnDatabase} from '../support/databases';

/** A model `name` with one property `body` as `body`. */
function model(name: string, body: PropertyDefinition): ModelSpec {
  return {
    name,
    properties: {id: {type: 'number', id: true, generated: true}, body},
  };
}

/**
 * A column whose type is a domain: the connector reads the domain's base
 * type (`information_schema.columns.data_type`) and its NOT NULL as the
 * column's, so it planned `ALTER COLUMN body TYPE SHORT_TEXT` (and `DROP
 * NOT NULL`) on every run, as stock sends them on every run.
 */
describeOnDatabase('postgresql', 'columns of a domain (postgresql)', db => {
  beforeEach(() =>
    db().query(
      `DROP SCHEMA IF EXISTS other CASCADE;
       DROP TABLE IF EXISTS msg, plain, required, elsewhere, checked, optional, listed;
       DROP DOMAIN IF EXISTS short_text, word;
       CREATE DOMAIN short_text AS varchar(20);
       CREATE DOMAIN word AS text NOT NULL CHECK (VALUE ~ '^\\w+$');
       CREATE SCHEMA other;
       CREATE DOMAIN other.short_text AS varchar(30);`,
    ),
  );

  async function plan(
    models: ModelSpec[],
    options: {acceptDataLoss?: boolean} = {},
  ) {
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
    try {
      const planned = await app.planSchemaMigration({fullCheck: true});
      const error = await app.migrateSchema(options).then(
        () => undefined,
        (e: unknown) => e,
      );
      return {statements: planned.dataSources[0].statements, error};
    } finally {
      await closeApp(app);
    }
  }

  it('makes each column of a domain once, then plans nothing', async () => {
    const models = [
      model('Plain', {type: 'string', postgresql: {dataType: 'short_text'}}),
      model('Required', {
        type: 'string',
        required: true,
        postgresql: {dataType: 'short_text'},
      }),
      model('Elsewhere', {
        type: 'string',
        postgresql: {dataType: 'other.short_text'},
      }),
      model('Checked', {
        type: 'string',
        required: true,
        postgresql: {dataType: 'word'},
      }),
      // The domain refuses NULL whatever the model: DROP NOT NULL on the
      // column changes nothing.
      model('Optional', {type: 'string', postgresql: {dataType: 'word'}}),
      model('Listed', {type: ['string'], postgresql: {dataType: 'word[]'}}),
    ];
    const first = await plan(models);
    expect(first.error).to.be.undefined();
    expect(first.statements.map(s => s.sql)).to.containEql(
      'CREATE TABLE "public"."elsewhere" (\n  "id" SERIAL,\n  "body" OTHER.SHORT_TEXT,\n  PRIMARY KEY("id")\n)',
    );
    const types = await db().query(
      `SELECT c.relname AS "table", format_type(a.atttypid, a.atttypmod) AS "type"
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        WHERE a.attname = 'body' AND c.relkind = 'r' ORDER BY c.relname`,
    );
    expect(types).to.eql([
      {table: 'checked', type: 'word'},
      {table: 'elsewhere', type: 'other.short_text'},
      {table: 'listed', type: 'word[]'},
      {table: 'optional', type: 'word'},
      {table: 'plain', type: 'short_text'},
      {table: 'required', type: 'short_text'},
    ]);
    const again = await plan(models);
    expect(again.statements).to.eql([]);
    expect(again.error).to.be.undefined();
  });

  it('changes a column of a domain to text, keeping every value', async () => {
    await db().query(
      `CREATE TABLE msg (id serial PRIMARY KEY, body short_text);
       INSERT INTO msg (body) VALUES ('hello'), (NULL)`,
    );
    const {statements, error} = await plan([
      model('Msg', {type: 'string', postgresql: {dataType: 'text'}}),
    ]);
    expect(error).to.be.undefined();
    expect(statements).to.have.length(1);
    expect(statements[0]).to.containDeep({
      sql: 'ALTER TABLE "public"."msg" ALTER COLUMN "body" TYPE TEXT USING "body"::TEXT',
      destructive: false,
      reason: 'changes column "body" to TEXT; every stored value converts',
    });
    expect(await db().query('SELECT body FROM msg ORDER BY id')).to.eql([
      {body: 'hello'},
      {body: null},
    ]);
  });

  it('judges text made a domain: a value cut to its length is lost', async () => {
    await db().query(
      `CREATE TABLE msg (id serial PRIMARY KEY, body text);
       INSERT INTO msg (body) VALUES ('short'), ('a text longer than twenty characters')`,
    );
    const {statements, error} = await plan([
      model('Msg', {type: 'string', postgresql: {dataType: 'short_text'}}),
    ]);
    expect(error).to.be.instanceOf(DataLossError);
    expect(statements[0].destructive).to.be.true();
    expect(statements[0].reason).to.equal(
      'changes column "body" to SHORT_TEXT: 1 stored value would not survive ' +
        "(id 2: 'a text longer than twenty characters' → 'a text longer than t')",
    );
  });

  it('refuses text made a domain whose CHECK or NOT NULL stored values fail (counting both), where the plan failed with the error', async () => {
    await db().query(
      `CREATE TABLE msg (id serial PRIMARY KEY, body text);
       INSERT INTO msg (body) VALUES ('fine'), ('two words'), (NULL)`,
    );
    const {statements, error} = await plan(
      [
        model('Msg', {
          type: 'string',
          required: true,
          postgresql: {dataType: 'word'},
        }),
      ],
      {acceptDataLoss: true},
    );
    expect(error).to.be.instanceOf(MigrationWillFailError);
    expect(statements.map(s => s.willFail)).to.eql([
      '2 stored values of column "body" (id 2, 3) cannot be converted to WORD ' +
        '(value for domain word violates check constraint "word_check"); ' +
        'the change would fail. Fix or clear those values first (e.g. in ' +
        "a migration script with runs = 'before-schema'), or choose a " +
        'type that holds them; column "body" cannot become NOT NULL: 1 ' +
        'row of "public"."msg" holds NULL in it (id 3); PostgreSQL refuses ' +
        'the change. To fix it, fill those rows first (an UPDATE, or a ' +
        'migration script that back-fills them while the property is ' +
        'still optional), or keep the property optional',
    ]);
    expect(await db().query('SELECT body FROM msg ORDER BY id')).to.eql([
      {body: 'fine'},
      {body: 'two words'},
      {body: null},
    ]);
  });
});
