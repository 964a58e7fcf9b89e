import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {MigrationWillFailError, migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {columns, dropAllTables, tables} from '../support/catalog';
import {
  describeEachDatabase,
  type DatabaseKind,
  type TestDatabase,
} from '../support/databases';
import {rejection} from '../support/rejection';

/** A property whose raw SQL default ends the statement and adds another. */
function injected(kind: DatabaseKind): PropertyDefinition {
  return kind === 'postgresql'
    ? {type: 'string', postgresql: {dbDefault: "'x'; DROP TABLE canary; --"}}
    : // A `"` in `mysql.default` is refused sooner (InvalidModelError).
      {type: 'string', mysql: {dataType: 'int; DROP TABLE canary; --'}};
}

/** A property whose default is a string holding a `;`. */
function semicolonDefault(kind: DatabaseKind): PropertyDefinition {
  return kind === 'postgresql'
    ? {type: 'string', postgresql: {dbDefault: "'a;b'"}}
    : {
        type: 'string',
        mysql: {dataType: 'varchar', dataLength: 20, default: 'a;b'},
      };
}

function def(note?: PropertyDefinition): ModelSpec {
  return {
    name: 'Def',
    properties: {
      id: {type: 'number', id: true, generated: true},
      ...(note && {note}),
    },
  };
}

async function migrate(db: TestDatabase, models: ModelSpec[]) {
  const app = buildApp(MigratingApp, {db: db.dataSourceConfig}, models);
  try {
    return await migrateSchemaWithReport(app);
  } finally {
    await closeApp(app);
  }
}

async function canaryRows(db: TestDatabase): Promise<number> {
  const [row] = await db.query<{n: string | number}>(
    'SELECT COUNT(*) AS n FROM canary',
  );
  return Number(row.n);
}

describeEachDatabase('SQL text in a model setting', (db, kind) => {
  beforeEach(async () => {
    await dropAllTables(db());
    await db().query('CREATE TABLE canary (id INT PRIMARY KEY)');
    await db().query('INSERT INTO canary VALUES (1), (2), (3)');
  });

  async function expectRefused(models: ModelSpec[]): Promise<void> {
    const refusal = await rejection(migrate(db(), models));
    expect(refusal).to.be.instanceOf(MigrationWillFailError);
    const error = refusal as MigrationWillFailError;
    expect(error.code).to.equal('MIGRATION_WILL_FAIL');
    expect(error.message).to.match(/model Def: its SQL holds a statement/);
    // The mysql connector writes a `dataType` in capitals.
    expect(error.message).to.match(/"DROP TABLE canary"/i);
    expect(error.message).to.match(
      kind === 'postgresql'
        ? /property "note" setting "postgresql\.dbDefault"/
        : /property "note" setting "mysql\.dataType"/,
    );
    expect(error.message).to.match(/Nothing was changed/);
    const stray = error.statements.find(s => /canary/i.test(s.sql));
    expect(stray?.sql.toLowerCase()).to.equal('drop table canary');
    // Not attributed to the model: it drops another table.
    expect(stray?.model).to.be.undefined();
    expect(await canaryRows(db())).to.equal(3);
  }

  it('refuses a default that adds a statement to an existing table, and changes nothing', async () => {
    await migrate(db(), [def()]);
    await expectRefused([def(injected(kind))]);
    expect((await columns(db(), 'def')).map(c => c.column)).to.eql(['id']);
  });

  it('refuses it when the table is created', async () => {
    await expectRefused([def(injected(kind))]);
    expect(await tables(db())).to.eql(['canary']);
  });

  it("refuses a foreign key's entityKey that adds a statement (postgresql)", async function () {
    // The mysql connector looks entityKey up as a property first (checkModel).
    if (kind !== 'postgresql') this.skip();
    const parent: ModelSpec = {
      name: 'Parent',
      properties: {id: {type: 'number', id: true, generated: true}},
    };
    const child: ModelSpec = {
      name: 'Child',
      properties: {
        id: {type: 'number', id: true, generated: true},
        parentId: {type: 'number'},
      },
      settings: {
        foreignKeys: {
          fk_child_parent: {
            name: 'fk_child_parent',
            entity: 'Parent',
            entityKey: 'id); DROP TABLE canary; --',
            foreignKey: 'parentId',
          },
        },
      },
    };
    const refusal = await rejection(migrate(db(), [parent, child]));
    expect(refusal).to.be.instanceOf(MigrationWillFailError);
    expect(refusal.message).to.match(
      /model Child: .*"DROP TABLE canary"\. It comes from model setting "settings\.foreignKeys\.fk_child_parent\.entityKey"/,
    );
    expect(await canaryRows(db())).to.equal(3);
    expect(await tables(db())).to.eql(['canary']);
  });

  it('names the index key a stray statement comes from, and no setting the connector never pastes (mysql)', async function () {
    // PostgreSQL's connector quotes index keys.
    if (kind !== 'mysql') this.skip();
    const noted = (indexed: boolean): ModelSpec => ({
      name: 'Def',
      properties: {
        id: {type: 'number', id: true, generated: true},
        note: {type: 'number', description: 'see below; --'},
        odd: {type: 'number', mysql: {columnName: 'a; --'}},
      },
      // A key naming a column is quoted (hostile-index-key-names); one
      // naming none is pasted as written.
      settings: {indexes: indexed ? {ix_odd: {keys: {'b; --': 1}}} : {}},
    });
    await migrate(db(), [noted(false)]);
    const refusal = await rejection(migrate(db(), [noted(true)]));
    expect(refusal).to.be.instanceOf(MigrationWillFailError);
    const message = refusal.message;
    expect(message).to.match(
      /It comes from .*model setting "settings\.indexes\.ix_odd\.keys\.b; --"/,
    );
    expect(message).not.to.match(/description/);
  });

  it('keeps a ; inside a string default in its statement', async () => {
    await migrate(db(), [def()]);
    const report = await migrate(db(), [def(semicolonDefault(kind))]);
    expect(report.dataSources[0].status).to.equal('migrated');
    const table = kind === 'postgresql' ? 'def' : 'Def';
    await db().query(`INSERT INTO ${table} (id) VALUES (1)`);
    const [row] = await db().query<{note: string}>(
      `SELECT note FROM ${table} WHERE id = 1`,
    );
    expect(row.note).to.equal('a;b');
    expect(await canaryRows(db())).to.equal(3);
  });
});
