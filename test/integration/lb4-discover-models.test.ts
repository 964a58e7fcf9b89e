import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {migrateSchemaWithReport} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeEachDatabase, type DatabaseKind} from '../support/databases';

/**
 * Properties as `lb4 discover` writes them for a table's timestamp, text and
 * integer columns: every column setting stated, `null` where the catalog has
 * none.
 */
function discovered(kind: DatabaseKind): Record<string, PropertyDefinition> {
  return kind === 'postgresql'
    ? {
        createdAt: {
          type: 'date',
          postgresql: {
            columnName: 'created_at',
            dataType: 'timestamp with time zone',
            dataLength: null,
            dataPrecision: null,
            dataScale: null,
            nullable: 'YES',
          },
        },
        body: {
          type: 'string',
          postgresql: {
            columnName: 'body',
            dataType: 'text',
            dataLength: null,
            dataPrecision: null,
            dataScale: null,
            nullable: 'YES',
          },
        },
      }
    : {
        createdAt: {
          type: 'date',
          mysql: {
            columnName: 'created_at',
            dataType: 'datetime',
            dataLength: null,
            dataPrecision: null,
            dataScale: null,
            nullable: 'Y',
          },
        },
        body: {
          type: 'string',
          length: 65535,
          mysql: {
            columnName: 'body',
            dataType: 'text',
            dataLength: 65535,
            dataPrecision: null,
            dataScale: null,
            nullable: 'Y',
          },
        },
      };
}

describeEachDatabase('models written by lb4 discover', (db, kind) => {
  beforeEach(() => dropAllTables(db()));

  async function migrate(fullCheck = false) {
    const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
      {
        name: 'Post',
        properties: {
          id: {type: 'number', id: true, generated: true},
          ...discovered(kind),
        },
      },
    ]);
    try {
      return (await migrateSchemaWithReport(app, {fullCheck})).dataSources[0];
    } finally {
      await closeApp(app);
    }
  }

  it('leave the tables they were discovered from as they are', async () => {
    await db().query(
      kind === 'postgresql'
        ? 'CREATE TABLE post (id SERIAL PRIMARY KEY, created_at TIMESTAMPTZ, body TEXT)'
        : 'CREATE TABLE `Post` (id INT AUTO_INCREMENT PRIMARY KEY, created_at DATETIME, body TEXT)',
    );
    expect(await migrate()).to.containDeep({statements: []});
  });

  it('create their tables, and the next run has nothing to do', async () => {
    expect((await migrate()).status).to.equal('migrated');
    expect(await migrate(true)).to.containDeep({
      status: 'up-to-date',
      statements: [],
    });
  });
});
