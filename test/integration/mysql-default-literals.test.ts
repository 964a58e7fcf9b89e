import {expect} from '@loopback/testlab';
import {InvalidModelError} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {describeOnDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

/** A `Setting` whose `path` column has `mysql.default` `value`, if any. */
function setting(value?: string): ModelSpec {
  return {
    name: 'Setting',
    properties: {
      id: {type: 'number', id: true, generated: true},
      path: {
        type: 'string',
        length: 40,
        ...(value === undefined ? {} : {mysql: {default: value}}),
      },
    },
  };
}

describeOnDatabase(
  'mysql',
  'a mysql.default the connector cannot write unescaped',
  db => {
    beforeEach(() => dropAllTables(db()));

    async function migrate(model: ModelSpec) {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [model]);
      try {
        return await app.migrateSchema();
      } finally {
        await closeApp(app);
      }
    }

    /** The value a row inserted without `path` gets. */
    async function defaultOfPath(): Promise<unknown> {
      await db().query('DELETE FROM `Setting`');
      await db().query('INSERT INTO `Setting` () VALUES ()');
      const [row] = await db().query<{path: unknown}>(
        'SELECT `path` FROM `Setting`',
      );
      return row.path;
    }

    it('refuses a double quote before creating the table', async () => {
      const error = await rejection(migrate(setting('say "hi"')));
      expect(error).to.be.instanceOf(InvalidModelError);
      expect(error.message).to.match(
        /property path has mysql\.default "say \\"hi\\"", which holds a double quote/,
      );
      expect(await tables(db())).to.eql([]);
    });

    it('refuses a double quote added to an existing column, never reporting it up to date', async () => {
      await migrate(setting());
      await expect(migrate(setting('x", DROP COLUMN `id'))).to.be.rejectedWith(
        InvalidModelError,
      );
      expect(await defaultOfPath()).to.be.null();
    });

    it('refuses a backslash rather than storing another default', async () => {
      const error = await rejection(migrate(setting('C:\\temp')));
      expect(error).to.be.instanceOf(InvalidModelError);
      expect(error.message).to.match(/or a backslash/);
      expect(await tables(db())).to.eql([]);
    });

    it('keeps such a default set outside the model', async () => {
      await migrate(setting());
      await db().query(
        'ALTER TABLE `Setting` ALTER COLUMN `path` SET DEFAULT \'C:\\\\temp "x"\'',
      );
      await migrate(setting());
      expect(await defaultOfPath()).to.equal('C:\\temp "x"');
    });
  },
);
