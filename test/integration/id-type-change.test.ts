import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {MigrationWillFailError, migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {columns, dropAllTables} from '../support/catalog';
import {describeEachDatabase, type TestDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

const numberId: PropertyDefinition = {
  type: 'number',
  id: true,
  generated: true,
};
const stringId: PropertyDefinition = {
  type: 'string',
  id: true,
  mysql: {dataType: 'varchar', dataLength: 36},
};

function item(id: PropertyDefinition): ModelSpec {
  return {
    name: 'Item',
    properties: {
      id,
      title: {type: 'string', mysql: {dataType: 'varchar', dataLength: 20}},
    },
  };
}

async function withApp<T>(
  db: TestDatabase,
  model: ModelSpec,
  work: (app: MigratingApp) => Promise<T>,
): Promise<T> {
  const app = buildApp(MigratingApp, {db: db.dataSourceConfig}, [model]);
  try {
    return await work(app);
  } finally {
    await closeApp(app);
  }
}

describeEachDatabase('an id whose type changes', (db, kind) => {
  beforeEach(() => dropAllTables(db()));

  const cases: Array<[string, PropertyDefinition, PropertyDefinition, RegExp]> =
    [
      ['number to string', numberId, stringId, /^int/],
      ['string to number', stringId, numberId, /char|text/],
    ];
  for (const [title, before, after, kept] of cases) {
    it(`is planned and refused, never up to date (${title})`, async () => {
      await withApp(db(), item(before), app => app.migrateSchema());
      const table = kind === 'postgresql' ? 'item' : 'Item';
      await db().query(
        `INSERT INTO ${table} (id, title) VALUES (${before === stringId ? "'7'" : '7'}, 'x')`,
      );

      await withApp(db(), item(after), async app => {
        const plan = await migrateSchemaWithReport(app, {dryRun: true});
        expect(plan.dataSources[0].status).to.equal('planned');
        const [statement] = plan.dataSources[0].statements;
        expect(statement.willFail).to.match(
          /model Item: id property "id" now maps to .* migration script/,
        );

        const refusal = await rejection(migrateSchemaWithReport(app));
        expect(refusal).to.be.instanceOf(MigrationWillFailError);
        const {message} = refusal;
        expect(message).to.match(/Nothing was changed/);
        expect(message).to.match(
          /model Item: id property "id" now maps to .* migration script/,
        );
      });
      const id = (await columns(db(), 'item')).find(c => c.column === 'id');
      expect(id?.type).to.match(kept);
      const rows = await db().query(`SELECT id FROM ${table}`);
      expect(rows.map(r => String(r.id))).to.eql(['7']);
    });
  }

  // QA on LoopBack's todo-list example: its Author's id is the foreign key
  // to TodoList. A key added while that string id was made a number was
  // refused twice: for the id, and for the key, judged against the column
  // the refused change leaves, telling the user to give the property the
  // type they had just given it.
  it('is the one refusal when the id is the column of a new foreign key', async () => {
    const author = (id: PropertyDefinition, foreignKeys = {}): ModelSpec => ({
      name: 'Author',
      properties: {todoListId: id, name: {type: 'string'}},
      settings: {foreignKeys},
    });
    const list: ModelSpec = {name: 'TodoList', properties: {id: numberId}};
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      list,
      author({type: 'string', id: true}),
    ]);
    await app.migrateSchema();
    await closeApp(app);

    const changed = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      list,
      author(
        {type: 'number', id: true},
        {
          fk_author_list: {
            name: 'fk_author_list',
            entity: 'TodoList',
            entityKey: 'id',
            foreignKey: 'todoListId',
          },
        },
      ),
    ]);
    try {
      const error = await rejection(changed.migrateSchema());
      expect(error).to.be.instanceOf(MigrationWillFailError);
      const listed = error.message
        .split('\n')
        .filter(line => line.startsWith('  - datasource'));
      expect(listed).to.have.length(1);
      expect(listed[0]).to.match(/id property "todoListId" now maps to/);
    } finally {
      await closeApp(changed);
    }
  });

  it('leaves an id of the same kind alone', async () => {
    await withApp(db(), item(numberId), app => app.migrateSchema());
    const report = await withApp(db(), item(numberId), app =>
      migrateSchemaWithReport(app),
    );
    expect(report.dataSources[0].status).to.equal('up-to-date');
    expect(report.dataSources[0].warnings).to.eql([]);
  });

  it('warns that it leaves an integer id the model widens to bigint', async () => {
    const integerId: PropertyDefinition = {type: 'number', id: true};
    await withApp(db(), item(integerId), app => app.migrateSchema());
    const bigint = {dataType: 'bigint'};
    const widened = {...integerId, postgresql: bigint, mysql: bigint};
    // The last run takes the fast path: the warning is recorded with its fingerprint.
    for (const dryRun of [true, false, false]) {
      const report = await withApp(db(), item(widened), app =>
        migrateSchemaWithReport(app, {dryRun}),
      );
      expect(report.dataSources[0].status).to.equal('up-to-date');
      expect(report.dataSources[0].warnings).to.match([
        new RegExp(
          '^model Item: id property "id" now maps to BIGINT, but column "id" of table ' +
            `${kind === 'postgresql' ? '"public"\\."item"' : '"Item"'} is int.*, and the plan ` +
            'leaves it so .* migration script .*' +
            (kind === 'postgresql'
              ? 'and its sequence \\(ALTER SEQUENCE'
              : 'and its AUTO_INCREMENT'),
        ),
      ]);
    }
    const id = (await columns(db(), 'item')).find(c => c.column === 'id');
    expect(id?.type).to.match(/^int/);
  });

  // PostgreSQL's connector makes a string id VARCHAR without a length.
  if (kind === 'mysql')
    it('warns that it leaves a string id whose length the model changes, and not one that keeps it', async () => {
      const sized = (length: number): PropertyDefinition => ({
        type: 'string',
        id: true,
        mysql: {dataType: 'varchar', dataLength: length},
        postgresql: {dataType: 'varchar', dataLength: length},
      });
      await withApp(db(), item(sized(64)), app => app.migrateSchema());
      const same = await withApp(db(), item(sized(64)), app =>
        migrateSchemaWithReport(app, {fullCheck: true}),
      );
      expect(same.dataSources[0].warnings).to.eql([]);
      const report = await withApp(db(), item(sized(36)), app =>
        migrateSchemaWithReport(app),
      );
      expect(report.dataSources[0].status).to.equal('up-to-date');
      expect(report.dataSources[0].warnings).to.match([
        /^model Item: id property "id" now maps to VARCHAR\(36\), but column "id" of table .* is (varchar|character varying)\(64\), and the plan leaves it so/,
      ]);
      // A string id counts with no sequence nor AUTO_INCREMENT.
      expect(report.dataSources[0].warnings[0]).to.not.match(
        /SEQUENCE|AUTO_INCREMENT/,
      );
    });

  // The connector gives a generated id its default (SERIAL, uuid_generate_v4())
  // only when it creates the table; MySQL's AUTO_INCREMENT is added by the plan.
  if (kind === 'postgresql') {
    const laterGenerated: Array<
      [string, PropertyDefinition, PropertyDefinition, RegExp]
    > = [
      [
        'an integer id',
        {type: 'number', id: true},
        {type: 'number', id: true, generated: true},
        /GENERATED BY DEFAULT AS IDENTITY.*setval/,
      ],
      [
        'a string id the app generated',
        {type: 'string', id: true, defaultFn: 'uuidv4'},
        {
          type: 'string',
          id: true,
          generated: true,
          useDefaultIdType: false,
          postgresql: {dataType: 'uuid'},
        },
        /SET DEFAULT uuid_generate_v4\(\)/,
      ],
    ];
    for (const [title, before, after, fix] of laterGenerated) {
      it(`warns that ${title} made generated later has no default in the database`, async () => {
        await withApp(db(), item(before), app => app.migrateSchema());
        await db().query(
          `INSERT INTO item (id, title) VALUES (${before.type === 'number' ? '7' : "'a'"}, 'held')`,
        );
        const report = await withApp(db(), item(after), app =>
          migrateSchemaWithReport(app),
        );
        const warning = report.dataSources[0].warnings.find(w =>
          /no default/.test(w),
        );
        expect(warning).to.match(
          /^model Item: id property "id" is generated by the database \(generated: true\), but column "id" of table "public"\."item" has no default/,
        );
        expect(warning).to.match(fix);
        // What the warning says: a create() that leaves the id out fails.
        const create = () =>
          withApp(db(), item(after), async app => {
            const repo = await app.get<{
              create(data: object): Promise<{id: unknown}>;
            }>('repositories.ItemRepository');
            return repo.create({title: 'x'});
          });
        await expect(create()).to.be.rejectedWith(/null value in column "id"/);
        // And what it says to run mends it, after the ids already held.
        await db().query(/migration script: (.*)$/.exec(warning!)![1]);
        const made = await create();
        if (before.type === 'number') expect(made.id).to.equal(8);
        else expect(made.id).to.match(/^[0-9a-f-]{36}$/);
      });
    }
  }

  // loopback-connector-postgresql's own autoupdate test adds `subid` (id: 1)
  // to an existing table and asserts it is not added: neither connector
  // adds an id column, and stock says the table is up to date.
  it('warns that it leaves an existing table without a new id property’s column', async () => {
    const keyed = (extra: Record<string, PropertyDefinition>): ModelSpec => ({
      name: 'Item',
      properties: {
        ID: {
          type: 'string',
          id: 1,
          mysql: {dataType: 'varchar', dataLength: 20},
        },
        ...extra,
        title: {type: 'string'},
      },
      settings: {idInjection: false},
    });
    await withApp(db(), keyed({}), app => app.migrateSchema());
    const report = await withApp(
      db(),
      keyed({subId: {type: 'number', id: 2}}),
      app => migrateSchemaWithReport(app),
    );
    expect(report.dataSources[0].statements).to.eql([]);
    expect(report.dataSources[0].warnings).to.eql([
      `model Item: id property "subId" has no column "${kind === 'postgresql' ? 'subid' : 'subId'}" ` +
        `in table ${kind === 'postgresql' ? '"public"."item"' : '"Item"'}, and the plan leaves it so ` +
        '(the connector never adds an id column to a table that exists): every query of the ' +
        'model fails ("column ... does not exist"). Add it, with the primary key, in a ' +
        "migration script with runs = 'before-schema', or declare the id the table has",
    ]);
  });
});
