import {expect} from '@loopback/testlab';
import {MigrationFailedError} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {describeOnDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

const GADGET = {
  name: 'Gadget',
  properties: {
    id: {type: 'number', id: true, generated: true},
    label: {type: 'string'},
  },
};

/**
 * A table made by someone else between the run's read of the schema and
 * its `CREATE TABLE` (an instance still on LoopBack's own migrateSchema()
 * during a rolling deploy): here an event trigger makes it first, in the
 * plan's own transaction.
 */
describeOnDatabase(
  'postgresql',
  'a table made by another process after the plan was made (postgresql)',
  db => {
    beforeEach(() =>
      db().query(
        `DROP EVENT TRIGGER IF EXISTS make_gadget_first;
         DROP TABLE IF EXISTS gadget;
         CREATE OR REPLACE FUNCTION make_gadget_first() RETURNS event_trigger
         LANGUAGE plpgsql AS $$
         BEGIN
           IF current_setting('race.making', true) IS DISTINCT FROM 'yes'
              AND to_regclass('public.gadget') IS NULL THEN
             PERFORM set_config('race.making', 'yes', true);
             CREATE TABLE public.gadget (id integer);
           END IF;
         END $$;
         CREATE EVENT TRIGGER make_gadget_first ON ddl_command_start
           WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION make_gadget_first();`,
      ),
    );
    afterEach(() =>
      db().query('DROP EVENT TRIGGER IF EXISTS make_gadget_first'),
    );

    async function migrate(): Promise<unknown> {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [GADGET]);
      try {
        return await app.migrateSchema();
      } finally {
        await closeApp(app);
      }
    }

    it('fails naming the statement, says nothing changed, and what to do', async () => {
      const error = await rejection(migrate());
      expect(error).to.be.instanceOf(MigrationFailedError);
      const {message} = error as MigrationFailedError;
      expect(message).to.match(/relation "gadget" already exists/);
      expect(message).to.match(/statement: CREATE TABLE "public"\."gadget"/);
      expect(message).to.match(
        /The transaction was rolled back: nothing was changed\./,
      );
      expect(message).to.match(
        /\nThe database has what this statement makes\. The plan was made from the schema as this run read it: something made it since, most likely a process that does not take the migration lock .*Run the migration again: it plans from the database as it is\./,
      );

      // As the hint says: the next run plans from the database as it is.
      await db().query('DROP EVENT TRIGGER make_gadget_first');
      await db().query('CREATE TABLE public.gadget (id integer)');
      await migrate();
      const columns = await db().query<{name: string}>(
        `SELECT column_name AS name FROM information_schema.columns
          WHERE table_name = 'gadget' ORDER BY ordinal_position`,
      );
      expect(columns.map(c => c.name)).to.eql(['id', 'label']);
    });
  },
);
