import {expect} from '@loopback/testlab';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {foreignKeys} from '../support/catalog';
import {
  createTestDatabase,
  describeEachDatabase,
  skipOnEmbedded,
  type TestDatabase,
} from '../support/databases';

/**
 * The datasource as `lb4 datasource` writes it when given a connection
 * string: a `url` and no `database` setting. The connectors read the
 * database from the url, and the MySQL connector's foreign key read, which
 * filters on the `database` setting, then reads every database of the server.
 */
function urlConfig(db: TestDatabase): Record<string, unknown> {
  const {connector, host, port, user, password} = db.dataSourceConfig as {
    connector: string;
    host: string;
    port: number;
    user: string;
    password: string;
  };
  const scheme = connector === 'mysql' ? 'mysql' : 'postgres';
  const login = password ? `${user}:${encodeURIComponent(password)}` : user;
  return {connector, url: `${scheme}://${login}@${host}:${port}/${db.name}`};
}

const LIST = {
  name: 'List',
  properties: {id: {type: 'number', id: true, generated: true}},
};

/** A `Note` on `List`, with `fk_note_list` when `withKey`. */
function noteModels(withKey: boolean, extra = false) {
  return [
    LIST,
    {
      name: 'Note',
      properties: {
        id: {type: 'number', id: true, generated: true},
        title: {type: 'string'},
        listId: {type: 'number'},
        ...(extra ? {priority: {type: 'number'}} : {}),
      },
      settings: withKey
        ? {
            foreignKeys: {
              fk_note_list: {
                name: 'fk_note_list',
                entity: 'List',
                entityKey: 'id',
                foreignKey: 'listId',
              },
            },
          }
        : {},
    },
  ];
}

async function migrate(db: TestDatabase, withKey: boolean, extra = false) {
  const app = buildApp(
    MigratingApp,
    {db: urlConfig(db)},
    noteModels(withKey, extra),
  );
  try {
    return await app.migrateSchema();
  } finally {
    await closeApp(app);
  }
}

describeEachDatabase(
  'a datasource configured by url beside another database of the server',
  (db, kind) => {
    let neighbour: TestDatabase;
    before(async function () {
      skipOnEmbedded(this, db(), 'one database per embedded PostgreSQL');
      neighbour = (await createTestDatabase(kind))!;
      // The same app's tables in another database, holding the foreign key.
      await migrate(neighbour, true);
    });
    after(() => neighbour?.drop());

    it('reads only its own database: a key of the other is neither dropped nor taken as its own', async () => {
      await migrate(db(), false);
      // A new property: the connector reads the table's foreign keys.
      const update = await migrate(db(), false, true);
      expect(update!.dataSources[0].status).to.equal('migrated');
      expect(
        update!.dataSources[0].statements.map(s => s.sql).join('\n'),
      ).to.not.match(/FOREIGN KEY/i);
      // The key declared now: added here, although the other database has it.
      const keyed = await migrate(db(), true, true);
      expect(keyed!.dataSources[0].status).to.equal('migrated');
      expect((await foreignKeys(db())).map(k => k.name)).to.eql([
        'fk_note_list',
      ]);
      expect((await foreignKeys(neighbour)).map(k => k.name)).to.eql([
        'fk_note_list',
      ]);
      const again = await migrate(db(), true, true);
      expect(again!.dataSources[0].status).to.equal('up-to-date');
    });
  },
);
