import {expect} from '@loopback/testlab';
import {InvalidModelError, migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables, indexes, tables} from '../support/catalog';
import {TEXT} from '../support/indexed-item';
import {describeEachDatabase, type DatabaseKind} from '../support/databases';
import {rejection} from '../support/rejection';

/** What a run does with an entry `ix` of `settings.indexes`, per database. */
interface Form {
  readonly label: string;
  /** A new object per run: the postgresql connector rewrites `keys` in place. */
  readonly entry: () => unknown;
  /** The refusal's message, or the columns of the index made. */
  readonly expected: Record<DatabaseKind, RegExp | string | null>;
}

const NO_COLUMN =
  /model Item: the index "ix" of settings\.indexes names no column \(.*\): .*Declare its columns, as ix: \{keys: \{column: 1\}\}/;

const FORMS: Form[] = [
  {
    label: 'a number',
    entry: () => 1,
    expected: {postgresql: NO_COLUMN, mysql: NO_COLUMN},
  },
  {
    label: 'true',
    entry: () => true,
    expected: {postgresql: NO_COLUMN, mysql: NO_COLUMN},
  },
  {
    label: 'empty keys',
    entry: () => ({keys: {}}),
    expected: {postgresql: NO_COLUMN, mysql: NO_COLUMN},
  },
  {
    label: 'a string',
    entry: () => 'code, grp DESC',
    expected: {
      postgresql: 'code,grp',
      mysql:
        /model Item, index "ix": declared as a string \("code, grp DESC"\), which the mysql connector does not read: .*Declare keys: \{code: 1, grp: -1\}/,
    },
  },
  {
    label: 'keys as an array',
    entry: () => ({keys: ['code', 'grp']}),
    expected: {
      postgresql: 'code,grp',
      mysql:
        /model Item, index "ix": declared with keys as an array .*takes their positions .*Declare keys: \{code: 1, grp: 1\}/,
    },
  },
  {
    label: 'columns as an array',
    entry: () => ({columns: ['code', 'grp']}),
    expected: {
      postgresql: null,
      mysql:
        /model Item, index "ix": declared with columns that are not a string .*Declare keys: \{code: 1, grp: 1\}/,
    },
  },
  {
    label: 'null',
    entry: () => null,
    expected: {
      postgresql: '',
      mysql:
        /model Item, index "ix": declared as null .*it fails when it creates the table\. .*or remove the entry/,
    },
  },
];

/**
 * Entries of `settings.indexes` in forms a connector does not read: stock
 * made no index in a new table (or failed creating it) and failed with a
 * syntax error (or a TypeError) on an existing one, mid-run. They are made
 * as declared where the connector reads them (the next run up to date),
 * refused before any change where it does not.
 */
describeEachDatabase(
  'an entry of settings.indexes in an odd form',
  (db, kind) => {
    beforeEach(() => dropAllTables(db()));

    const models = (entry?: unknown): ModelSpec[] => [
      {name: 'Alpha', properties: {id: {type: 'number', id: true}}},
      {
        name: 'Item',
        properties: {id: {type: 'number', id: true}, code: TEXT, grp: TEXT},
        settings: entry === undefined ? {} : {indexes: {ix: entry}},
      },
    ];

    async function migrate(specs: ModelSpec[]): Promise<string> {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, specs);
      try {
        return (await migrateSchemaWithReport(app)).dataSources[0].status;
      } finally {
        await closeApp(app);
      }
    }

    for (const {label, entry, expected} of FORMS) {
      for (const existing of [false, true]) {
        it(`${label} (${existing ? 'existing' : 'new'} table)`, async () => {
          if (existing) await migrate(models().slice(1));
          const before = await tables(db());
          const run = migrate(models(entry()));
          const want = expected[kind];
          if (typeof want === 'string') {
            expect(await run).to.equal('migrated');
            expect(await migrate(models(entry()))).to.equal('up-to-date');
            const made = (await indexes(db())).filter(i => i.name === 'ix');
            expect(made.map(i => i.columns).join()).to.equal(want);
            return;
          }
          const error = await rejection(run);
          expect(error).to.be.instanceOf(Error);
          if (want) {
            expect(error).to.be.instanceOf(InvalidModelError);
            expect(error.message).to.match(want);
          }
          expect(await tables(db())).to.eql(before);
        });
      }
    }
  },
);
