import {expect} from '@loopback/testlab';
import {InvalidModelError, migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {describeEachDatabase, type DatabaseKind} from '../support/databases';
import {rejection} from '../support/rejection';

/** A model that would be created first, before the one with the odd name. */
const KEEP: ModelSpec = {
  name: 'Keep',
  properties: {id: {type: 'number', id: true}},
};

function withColumn(column: string): ModelSpec {
  return {
    name: 'Odd',
    properties: {id: {type: 'number', id: true}, [column]: {type: 'string'}},
  };
}

function withTable(table: string): ModelSpec {
  return {
    name: 'Odd',
    properties: {id: {type: 'number', id: true}},
    settings: {postgresql: {table}, mysql: {table}},
  };
}

function withIndex(name: string): ModelSpec {
  return {
    name: 'Odd',
    properties: {id: {type: 'number', id: true}, title: {type: 'string'}},
    settings: {indexes: {[name]: {keys: {title: 1}}}},
  };
}

function withForeignKey(name: string): ModelSpec {
  return {
    name: 'Odd',
    properties: {id: {type: 'number', id: true}, keepId: {type: 'number'}},
    settings: {
      foreignKeys: {
        [name]: {name, entity: 'Keep', entityKey: 'id', foreignKey: 'keepId'},
      },
    },
  };
}

/** Names the database or its connector cannot take, and what is said of each. */
const CASES: Record<DatabaseKind, [string, ModelSpec, RegExp][]> = {
  postgresql: [
    ['a NUL in a column', withColumn('a\u0000b'), /holds a NUL character/],
    ['a NUL in an index', withIndex('a\u0000b'), /holds a NUL character/],
    [
      'a table name that is no regular expression',
      withTable('?'),
      /the table is named "\?", which the PostgreSQL connector reads as a regular expression/,
    ],
  ],
  mysql: [
    ['a NUL in a table', withTable('a\u0000b'), /holds a NUL character/],
    [
      'a column ending with a space',
      withColumn('title '),
      /the column of property title {2}is named "title ", which ends with a space/,
    ],
    [
      'a table ending with a space',
      withTable('odd '),
      /the table is named "odd ", which ends with a space/,
    ],
    [
      'an emoji in a column',
      withColumn('mood😀'),
      /outside Unicode's Basic Multilingual Plane/,
    ],
    [
      'a dot in a table (another database)',
      withTable('other.note'),
      /the table is named "other\.note", which holds a dot, .*table `b` of another database `a`/,
    ],
    [
      'a dot in an index',
      withIndex('by.title'),
      /the index is named "by\.title", which holds a dot/,
    ],
    [
      'a dot in a foreign key',
      withForeignKey('fk.keep'),
      /the foreign key is named "fk\.keep", which holds a dot/,
    ],
    [
      'an index named PRIMARY',
      withIndex('PRIMARY'),
      /the index would be named "PRIMARY", which MySQL and MariaDB keep for the primary key/,
    ],
    [
      'a foreign key named primary (its index is named after it)',
      withForeignKey('primary'),
      /the foreign key would be named "primary", which MySQL and MariaDB keep for the primary key/,
    ],
    [
      "a property's index on a column named primary (named after it)",
      {
        name: 'Odd',
        properties: {
          id: {type: 'number', id: true},
          primary: {type: 'boolean', index: true},
        },
      },
      /the index of property primary would be named "primary", .*declare the index in settings\.indexes under another name/,
    ],
    [
      'a backtick in a foreign key',
      withForeignKey('fk`keep'),
      /the foreign key is named "fk`keep", which holds a backtick, .*Give it another name: set its settings\.foreignKeys\.fk`keep\.name\.$/,
    ],
  ],
};

describeEachDatabase(
  'names the database or its connector cannot take',
  (db, kind) => {
    beforeEach(() => dropAllTables(db()));

    for (const [what, spec, message] of CASES[kind]) {
      it(`refuses ${what} before any change`, async () => {
        const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
          KEEP,
          spec,
        ]);
        try {
          const error = await rejection(migrateSchemaWithReport(app));
          expect(error).to.be.instanceOf(InvalidModelError);
          expect((error as InvalidModelError).code).to.equal(
            'MIGRATION_INVALID_MODEL',
          );
          expect(error.message).to.match(/^model Odd: /);
          expect(error.message).to.match(message);
          expect(error.message).to.match(/Give it another name: /);
          expect(await tables(db())).to.eql([]);
        } finally {
          await closeApp(app);
        }
      });
    }
  },
);
