import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {
  MigrationFailedError,
  MigrationScriptError,
  type MigrationContext,
} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {defineScript, noteTable} from '../support/scripts';
import {rejection} from '../support/rejection';

const NOTE: ModelSpec = {
  name: 'Note',
  properties: {
    id: {type: 'number', id: true, generated: true},
    title: {type: 'string', mysql: {dataType: 'varchar', dataLength: 40}},
  },
};

/** An autoupdate() of its own that adds a unique index the data breaks. */
class UniqueTitles extends juggler.DataSource {
  override async autoupdate(models?: string[]): Promise<void> {
    await super.autoupdate(models);
    const table = this.connector?.name === 'postgresql' ? 'note' : '`Note`';
    await this.execute(`CREATE UNIQUE INDEX unique_title ON ${table} (title)`);
  }
}

describeEachDatabase('the database’s own diagnostics in errors', db => {
  let app: MigratingApp;
  beforeEach(async () => {
    await dropAllTables(db());
    app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [NOTE]);
    await app.migrateSchema();
    await db().query(
      `INSERT INTO ${noteTable(db().kind)} (title) VALUES ('dup'), ('dup')`,
    );
  });
  afterEach(() => closeApp(app));

  it('a failed statement carries detail and code (PostgreSQL) or errno (MySQL)', async () => {
    await closeApp(app);
    app = buildApp(MigratingApp, {}, [NOTE]);
    app.dataSource(
      new UniqueTitles({name: 'db', ...db().dataSourceConfig}),
      'db',
    );
    const error = await rejection(app.migrateSchema());
    expect(error).to.be.instanceOf(MigrationFailedError);
    const failed = error as MigrationFailedError;
    if (db().kind === 'postgresql') {
      expect(failed.detail).to.equal('Key (title)=(dup) is duplicated.');
      expect(failed.database?.code).to.equal('23505');
      expect(failed.message).to.containEql(
        '\n  detail: Key (title)=(dup) is duplicated.',
      );
      expect(failed.message).to.containEql('\n  code: 23505');
    } else {
      expect(failed.errno).to.equal(1062);
      expect(failed.sqlMessage).to.match(/^Duplicate entry 'dup' for key/);
      expect(failed.message).to.containEql('\n  errno: 1062 (ER_DUP_ENTRY)');
    }
    expect(failed.code).to.equal('MIGRATION_FAILED');
  });

  it('a failed script carries them too', async () => {
    app.migrationScript(
      defineScript({
        version: '1.0.0',
        description: 'make titles unique',
        dataSource: 'db',
        up: async (ctx: MigrationContext) => {
          await ctx.execute(
            `CREATE UNIQUE INDEX unique_title ON ${noteTable(db().kind)} (title)`,
          );
        },
      }),
    );
    const error = await rejection(app.migrateSchema());
    expect(error).to.be.instanceOf(MigrationScriptError);
    const failed = error as MigrationScriptError;
    if (db().kind === 'postgresql') {
      expect(failed.detail).to.equal('Key (title)=(dup) is duplicated.');
      expect(failed.message).to.containEql('detail: Key (title)=(dup)');
    } else {
      expect(failed.errno).to.equal(1062);
      expect(failed.message).to.containEql('errno: 1062 (ER_DUP_ENTRY)');
    }
  });
});
