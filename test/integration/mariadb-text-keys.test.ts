import {expect} from '@loopback/testlab';
import {MigrationWillFailError} from '../../src';
import type {ModelSpec} from '../support/app-builder';
import {dropAllTables, indexes, tables} from '../support/catalog';
import {migrationsOn} from '../support/migrations-on';
import {describeOnDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

/** A model the plan creates before the one refused. */
const NARROW: ModelSpec = {
  name: 'Narrow',
  properties: {id: {type: 'number', id: true, generated: true}},
};

/**
 * Its id typed `Object`, as LoopBack takes `@property({id: true}) id:
 * string | undefined` from TypeScript: the connector makes it TEXT.
 */
const OBJECT_ID: ModelSpec = {
  name: 'Code',
  properties: {id: {type: Object, id: true}, label: {type: 'string'}},
};

/** A Note with a TEXT `body`, indexed as `index` says. */
function note(index?: {columns: string}): ModelSpec {
  return {
    name: 'Note',
    properties: {
      id: {type: 'number', id: true, generated: true},
      score: {type: 'number'},
      body: {type: 'string', mysql: {dataType: 'text'}},
    },
    settings: index ? {indexes: {note_key: index}} : {},
  };
}

describeOnDatabase('mysql', 'MariaDB: a key over a TEXT column', db => {
  const run = migrationsOn(db);
  const migrate = (...models: ModelSpec[]) => run(models);

  async function noteIndexes(): Promise<string[]> {
    return (await indexes(db()))
      .filter(i => i.table === 'note')
      .map(i => `${i.name}(${i.columns})`);
  }

  it('refuses a TEXT primary key (an id typed Object) before any change', async () => {
    const err = await rejection(migrate(NARROW, OBJECT_ID));
    expect(err).to.be.instanceOf(MigrationWillFailError);
    expect((err as Error).message).to.match(
      /the primary key of "Code" is over column "id", a TEXT, without a prefix length: .*\(error 1170 .*\)\. To fix it, .*declare one type\)\n/,
    );
    expect(await tables(db())).to.eql([]);
  });

  it('refuses an index of several columns over it, added to a table, before any change', async () => {
    await migrate(note());
    const err = await rejection(migrate(NARROW, note({columns: 'score,body'})));
    expect(err).to.be.instanceOf(MigrationWillFailError);
    expect((err as Error).message).to.match(
      /index "note_key" of "Note" is over column "body", a TEXT, without a prefix length: .*1071 "Specified key was too long"\)\. .*or index a prefix of it/,
    );
    expect(await tables(db())).to.eql(['note']);
    expect(await noteIndexes()).to.eql(['primary(id)']);
  });

  it('applies the index over a prefix of it, and a one-column index over it (MariaDB makes the prefix)', async () => {
    await migrate(note({columns: 'score,body(20)'}));
    expect(await noteIndexes()).to.eql(['note_key(score,body)', 'primary(id)']);
    await dropAllTables(db());
    await migrate(note());
    const report = await migrate(note({columns: 'body'}));
    expect(report.dataSources[0].status).to.equal('migrated');
    expect(await noteIndexes()).to.eql(['note_key(body)', 'primary(id)']);
  });
});
