import {expect} from '@loopback/testlab';
import {InvalidModelError} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

const LONG =
  'averyveryverylongnamethatpostgresqlwouldcutshortwithoutsayingsoatall';

/** What each database says of a name longer than it keeps. */
const TOO_LONG = {
  postgresql: `\\(${LONG.length} bytes\\), but PostgreSQL names are at most 63 bytes`,
  mysql: `\\(${LONG.length} characters\\), but MySQL and MariaDB names are at most 64 characters`,
};

describeEachDatabase('names longer than the database keeps', (db, kind) => {
  beforeEach(() => dropAllTables(db()));

  for (const [what, spec] of [
    ['a model', {name: LONG, properties: {id: {type: 'number', id: true}}}],
    [
      'a property',
      {
        name: 'Note',
        properties: {id: {type: 'number', id: true}, [LONG]: {type: 'string'}},
      },
    ],
    [
      'a schema',
      {
        name: 'Note',
        properties: {id: {type: 'number', id: true}},
        settings: {postgresql: {schema: LONG}},
      },
    ],
    [
      'an index',
      {
        name: 'Note',
        properties: {id: {type: 'number', id: true}, title: {type: 'string'}},
        settings: {indexes: {[LONG]: {keys: {title: 1}}}},
      },
    ],
    [
      'a foreign key',
      {
        name: 'Note',
        properties: {id: {type: 'number', id: true}, noteId: {type: 'number'}},
        settings: {
          foreignKeys: {
            parent: {
              name: LONG,
              entity: 'Note',
              entityKey: 'id',
              foreignKey: 'noteId',
            },
          },
        },
      },
    ],
  ] as const) {
    it(`are refused before anything runs (${what})`, async function () {
      // MySQL models have no schema of their own.
      if (kind === 'mysql' && what === 'a schema') this.skip();
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [spec]);
      try {
        const error = await rejection(app.migrateSchema());
        expect(error).to.be.instanceOf(InvalidModelError);
        expect((error as InvalidModelError).code).to.equal(
          'MIGRATION_INVALID_MODEL',
        );
        expect(error.message).to.match(
          new RegExp(
            `is named "(${LONG}|${LONG.toLowerCase()})" ${TOO_LONG[kind]}`,
          ),
        );
        expect(await tables(db())).to.eql([]);
      } finally {
        await closeApp(app);
      }
    });
  }
});
