import {expect} from '@loopback/testlab';
import type {ModelSpec} from '../support/app-builder';
import {describeOnDatabase} from '../support/databases';
import {migrationsOn} from '../support/migrations-on';

const ID = {type: 'number', id: true, generated: true};

/** A list whose title and colour are `VARCHAR(512)`s, and these members more. */
function list(
  properties: ModelSpec['properties'] = {},
  settings: ModelSpec['settings'] = {},
): ModelSpec {
  return {
    name: 'List',
    properties: {
      id: ID,
      title: {type: 'string', required: true},
      color: {type: 'string'},
      ...properties,
    },
    settings,
  };
}

/** Two VARCHAR(512)s in utf8mb4 pass the 3072 bytes of an index key. */
const LONG_UNIQUE = {
  indexes: {
    uniq_title_color: {keys: {title: 1, color: 1}, options: {unique: true}},
  },
};
const OWNER: ModelSpec = {name: 'Owner', properties: {id: ID}};

// QA on LoopBack's todo-list example (MariaDB): a UNIQUE key longer than an
// index key, which MariaDB keeps as a hash in a hidden column, added in the
// same run as another change of its table, made that later change fail
// ("INPLACE ADD or DROP of virtual columns cannot be combined", errno
// 1846) after the key was added; and on a table of ROW_FORMAT=COMPRESSED
// every column added or dropped failed ("ALGORITHM=INSTANT is not
// supported", errno 1845), run after run.
describeOnDatabase('mysql', 'online forms by what a table is (MariaDB)', db => {
  const migrate = migrationsOn(db);

  async function createTable(): Promise<string> {
    await migrate([OWNER, list()]);
    await db().query(
      "INSERT INTO List (title, color) VALUES ('a', 'red'), ('b', 'blue')",
    );
    return (await db().query<{v: string}>('SELECT VERSION() AS v'))[0].v;
  }

  async function createTableSql(): Promise<string> {
    const [row] = await db().query<Record<string, string>>(
      'SHOW CREATE TABLE List',
    );
    return row['Create Table'];
  }

  it('copies the table for a change after a long UNIQUE key the run adds', async function () {
    if (!/mariadb/i.test(await createTable())) this.skip();
    const report = await migrate([
      OWNER,
      list(
        {archived: {type: 'boolean', required: true, default: false}},
        LONG_UNIQUE,
      ),
    ]);
    const [, ...later] = report.dataSources[0].statements;
    expect(later.length).to.be.above(0);
    for (const statement of later) {
      expect(statement).to.containDeep({lock: 'blocks-writes'});
      expect(statement.sql).to.not.match(/ALGORITHM=/);
    }
    expect(await createTableSql()).to.match(
      /UNIQUE KEY `uniq_title_color` \(`title`,`color`\) USING HASH/,
    );
    expect(
      await db().query('SELECT title, archived FROM List ORDER BY id'),
    ).to.eql([
      {title: 'a', archived: 0},
      {title: 'b', archived: 0},
    ]);
  });

  it('adds a foreign key the same run as a long UNIQUE key', async function () {
    if (!/mariadb/i.test(await createTable())) this.skip();
    await migrate([
      OWNER,
      list(
        {ownerId: {type: 'number'}},
        {
          ...LONG_UNIQUE,
          foreignKeys: {
            fk_list_owner: {
              name: 'fk_list_owner',
              entity: 'Owner',
              entityKey: 'id',
              foreignKey: 'ownerId',
            },
          },
        },
      ),
    ]);
    const sql = await createTableSql();
    expect(sql).to.match(/USING HASH/);
    expect(sql).to.match(/CONSTRAINT `fk_list_owner` FOREIGN KEY/);
  });

  it('adds and drops a column of a compressed table in place', async () => {
    await createTable();
    await db().query('ALTER TABLE List ROW_FORMAT=COMPRESSED');

    const added = await migrate([OWNER, list({note: {type: 'string'}})]);
    const [add] = added.dataSources[0].statements;
    expect(add).to.containDeep({lock: 'brief', rewritesTable: true});
    expect(add.sql).to.match(
      /ADD COLUMN `note` .*, ALGORITHM=INPLACE, LOCK=NONE$/,
    );

    const dropped = await migrate([OWNER, list()]);
    const [drop] = dropped.dataSources[0].statements;
    expect(drop.sql).to.match(
      /DROP COLUMN `note`, ALGORITHM=INPLACE, LOCK=NONE$/,
    );
    expect(await db().query('SELECT title FROM List ORDER BY id')).to.eql([
      {title: 'a'},
      {title: 'b'},
    ]);
  });
});
