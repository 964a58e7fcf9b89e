import {expect} from '@loopback/testlab';
import {InvalidModelError, migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {describeEachDatabase, type TestDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

const ID = {type: 'number', id: true, generated: true};

/**
 * Without `refusal`: the models migrate, then the next run finds them up to
 * date. With it: the run is refused with an `InvalidModelError` whose
 * message matches it, before any table is made.
 */
async function settlesOrIsRefused(
  db: TestDatabase,
  models: ModelSpec[],
  refusal: RegExp | undefined,
): Promise<void> {
  const migrate = async () => {
    const app = buildApp(MigratingApp, {db: db.dataSourceConfig}, models);
    try {
      return (await migrateSchemaWithReport(app)).dataSources[0].status;
    } finally {
      await closeApp(app);
    }
  };
  if (!refusal) {
    expect(await migrate()).to.equal('migrated');
    expect(await migrate()).to.equal('up-to-date');
    return;
  }
  const error = await rejection(migrate());
  expect(error).to.be.instanceOf(InvalidModelError);
  expect(error.message).to.match(refusal);
  expect(await tables(db)).to.eql([]);
}

describeEachDatabase('index names that differ only in case', (db, kind) => {
  beforeEach(() => dropAllTables(db()));

  const spec = {
    name: 'Note',
    properties: {id: ID, a: {type: 'string'}, b: {type: 'string'}},
    settings: {indexes: {ix: {keys: {a: 1}}, IX: {keys: {b: 1}}}},
  };

  it('are refused on MySQL before anything runs, taken on PostgreSQL', async () => {
    // A model created first: MySQL commits its CREATE TABLE.
    const models = [{name: 'Alpha', properties: {id: ID}}, spec];
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
    try {
      const run = migrateSchemaWithReport(app);
      if (kind === 'postgresql') {
        // Quoted names keep their case: both are created.
        await run;
        expect(await tables(db())).to.eql(['alpha', 'note']);
        return;
      }
      const error = await rejection(run);
      expect(error).to.be.instanceOf(InvalidModelError);
      expect(error.message).to.match(
        /model Note: the index is named "IX", which MySQL and MariaDB take for the index "ix" \(they compare index names without case\); .*rename its key in settings\.indexes/,
      );
      expect(await tables(db())).to.eql([]);
    } finally {
      await closeApp(app);
    }
  });
});

describeEachDatabase(
  'an index of settings.indexes named like a property',
  (db, kind) => {
    beforeEach(() => dropAllTables(db()));

    const email = (index: unknown) => ({
      type: 'string',
      mysql: {dataType: 'varchar', dataLength: 60},
      ...(index ? {index} : {}),
    });
    const CASES: {
      label: string;
      properties: ModelSpec['properties'];
      index?: string;
      message?: RegExp;
    }[] = [
      {
        // The connector dropped it on every other run on MySQL.
        label: 'that declares no index',
        properties: {id: ID, email: email(undefined)},
        message:
          /model User: the index of settings\.indexes is named "email", the name of property email, which declares no index of its own: .*drops it on every run that finds it and makes it again on the next\. .*rename its key in settings\.indexes/,
      },
      {
        label: 'that declares an index of its own',
        properties: {id: ID, email: email(true)},
        message:
          /model User: the index of settings\.indexes is named "email", which is the name of the index property email declares .*\(Duplicate key name\)\. .*rename its key in settings\.indexes/,
      },
      {
        // The connector leaves an index named like an id property alone.
        label: 'that is the id',
        properties: {id: ID, email: email(undefined)},
        index: 'id',
      },
    ];

    for (const {label, properties, index = 'email', message} of CASES) {
      const refused = message ? 'refused on MySQL before anything runs, ' : '';
      it(`${label}: ${refused}settles${message ? ' on PostgreSQL' : ''}`, async () => {
        const models = [
          {name: 'Alpha', properties: {id: ID}},
          {
            name: 'User',
            properties,
            settings: {
              indexes: {[index]: {keys: {email: 1}, options: {unique: true}}},
            },
          },
        ];
        await settlesOrIsRefused(
          db(),
          models,
          kind === 'postgresql' ? undefined : message,
        );
      });
    }
  },
);

describeEachDatabase(
  'an index of settings.indexes named like a foreign key',
  (db, kind) => {
    beforeEach(() => dropAllTables(db()));

    const CASES: {
      label: string;
      keys: Record<string, number>;
      refused: boolean;
    }[] = [
      {label: 'led by its column', keys: {parId: 1, x: 1}, refused: false},
      {label: 'on another column', keys: {x: 1}, refused: true},
      {label: 'with its column last', keys: {x: 1, parId: 1}, refused: true},
    ];

    for (const {label, keys, refused} of CASES) {
      const what = refused ? 'refused on MySQL before anything runs, ' : '';
      it(`${label}: ${what}settles${refused ? ' on PostgreSQL' : ''}`, async () => {
        const models: ModelSpec[] = [
          {name: 'Par', properties: {id: ID}},
          {
            name: 'Child',
            properties: {id: ID, parId: {type: 'number'}, x: {type: 'number'}},
            settings: {
              // Another case than the key's: MySQL compares them without case.
              indexes: {FK_Par: {keys}},
              foreignKeys: {
                fkPar: {
                  name: 'fk_par',
                  entity: 'Par',
                  entityKey: 'id',
                  foreignKey: 'parId',
                },
              },
            },
          },
        ];
        await settlesOrIsRefused(
          db(),
          models,
          kind === 'postgresql' || !refused
            ? undefined
            : /model Child: the index of settings\.indexes is named "FK_Par", like the foreign key "fk_par" on column "parId", which the index does not start with: .*\(Duplicate key name\)\. .*rename its key in settings\.indexes/,
        );
      });
    }
  },
);
