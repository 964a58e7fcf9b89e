import {expect} from '@loopback/testlab';
import {MigrationScriptError, type MigrationContext} from '../../src';
import type {ModelSpec} from '../support/app-builder';
import {appsPerTest} from '../support/apps-per-test';
import {columns, dropAllTables, tables} from '../support/catalog';
import {describeEachDatabase, type TestDatabase} from '../support/databases';
import {rejection} from '../support/rejection';
import {defineScript, noteTable} from '../support/scripts';

function note(column: 'title' | 'heading'): ModelSpec {
  return {
    name: 'Note',
    properties: {
      id: {type: 'number', id: true, generated: true},
      [column]: {type: 'string', mysql: {dataType: 'varchar', dataLength: 100}},
    },
  };
}

/** The rename a data-loss refusal suggests, written as in the README. */
function rename(db: TestDatabase, lookFirst: boolean) {
  return defineScript({
    version: '1.1.0',
    dataSource: 'db',
    runs: 'before-schema',
    up: async (ctx: MigrationContext) => {
      const schema =
        db.kind === 'postgresql' ? 'current_schema()' : 'DATABASE()';
      const [found] = await ctx.execute<unknown[]>(
        'SELECT 1 FROM information_schema.columns WHERE table_schema = ' +
          `${schema} AND table_name = '${db.kind === 'postgresql' ? 'note' : 'Note'}' ` +
          "AND column_name = 'title'",
      );
      if (found || !lookFirst) {
        await ctx.execute(
          `ALTER TABLE ${noteTable(db.kind)} RENAME COLUMN title TO heading`,
        );
      }
    },
  });
}

describeEachDatabase('a before-schema rename on a new database', db => {
  const apps = appsPerTest(db);
  const app = (column: 'title' | 'heading') => apps.app([note(column)]);

  it('fails where it renames whatever is there, saying the database is new and how to write it', async () => {
    const renamed = app('heading');
    renamed.migrationScript(rename(db(), false));
    const err = await rejection(renamed.migrateSchema());
    expect(err).to.be.instanceOf(MigrationScriptError);
    expect(err.message).to.match(
      / It ran before the schema sync \(runs = 'before-schema'\) on a database that holds none of the tables of datasource "db"'s models yet \(a new database\)/,
    );
    expect(err.message).to.match(
      /look for the table or column first \(information_schema\.columns\)/,
    );
    expect((await tables(db())).map(t => t.toLowerCase())).not.to.containEql(
      'note',
    );
  });

  it('does not say so where it failed for another reason than a missing object', async () => {
    const failing = app('heading');
    failing.migrationScript(
      defineScript({
        version: '1.1.0',
        dataSource: 'db',
        runs: 'before-schema',
        up: async (ctx: MigrationContext) => {
          await ctx.execute('SELEC 1');
        },
      }),
    );
    const err = await rejection(failing.migrateSchema());
    expect(err).to.be.instanceOf(MigrationScriptError);
    expect(err.message).to.match(/syntax/);
    expect(err.message).not.to.match(/a new database/);
  });

  it('does not say so where the models have their tables', async () => {
    await app('title').migrateSchema();
    const renamed = app('heading');
    renamed.migrationScript(rename(db(), false));
    await db().query(
      `ALTER TABLE ${noteTable(db().kind)} RENAME COLUMN title TO subject`,
    );
    const err = await rejection(renamed.migrateSchema());
    expect(err).to.be.instanceOf(MigrationScriptError);
    expect(err.message).not.to.match(/a new database/);
  });

  it('written to look first, it makes a new database and renames an existing one, keeping its values', async () => {
    const fresh = app('heading');
    fresh.migrationScript(rename(db(), true));
    await fresh.migrateSchema();
    expect((await columns(db(), 'note')).map(c => c.column)).to.eql([
      'id',
      'heading',
    ]);

    await dropAllTables(db());
    await app('title').migrateSchema();
    await db().query(
      `INSERT INTO ${noteTable(db().kind)} (title) VALUES ('kept')`,
    );
    const existing = app('heading');
    existing.migrationScript(rename(db(), true));
    await existing.migrateSchema();
    const rows = await db().query<{heading: string}>(
      `SELECT heading FROM ${noteTable(db().kind)}`,
    );
    expect(rows.map(r => r.heading)).to.eql(['kept']);
  });
});
