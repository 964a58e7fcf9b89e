import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {Client} from 'pg';
import {MigrationFailedError, MigrationWillFailError} from '../../src';
import type {ModelSpec} from '../support/app-builder';
import {
  describeOnDatabase,
  serverSettings,
  skipOnEmbedded,
  type TestDatabase,
} from '../support/databases';
import {migrationsOn} from '../support/migrations-on';
import {rejection} from '../support/rejection';

const ID: PropertyDefinition = {type: 'number', id: true, generated: true};
const OWNER: ModelSpec = {name: 'Owner', properties: {id: ID}};

/** An Item whose `status` may be required and whose `ownerId` may be a foreign key. */
function item(change: {required?: boolean; key?: boolean}): ModelSpec {
  return {
    name: 'Item',
    properties: {
      id: ID,
      status: {type: 'string', required: change.required ?? false},
      ownerId: {type: 'number'},
    },
    settings: change.key
      ? {
          foreignKeys: {
            fk_item_owner: {
              name: 'fk_item_owner',
              entity: 'Owner',
              entityKey: 'id',
              foreignKey: 'ownerId',
            },
          },
        }
      : {},
  };
}

// A row written between the plan's check and the NOT VALID constraint of an
// online phase makes its VALIDATE fail. The constraint stays, committed,
// and refuses the app's new such writes, and the next run is refused for
// the rows; the error said only "run the migration again to complete it".
// A foreign key's next run was not even refused: its VALIDATE failed again
// after the rest of the plan.
describeOnDatabase(
  'postgresql',
  'a failed validation of an online phase says what stays in force',
  db => {
    const migrate = migrationsOn(db);

    before(function () {
      skipOnEmbedded(this, db(), 'needs a session holding a lock');
    });

    /**
     * Run the migration to `models` while an app transaction holds the
     * table, so that the plan's transaction waits after the check; `write`
     * (in that transaction) then commits a row the check did not see.
     */
    async function runWithLateWrite(
      models: ModelSpec[],
      write: string,
    ): Promise<Error> {
      const holder = new Client({
        ...serverSettings('postgresql'),
        database: db().name,
      });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        // A write: its lock stops an ADD CONSTRAINT of either kind.
        await holder.query('UPDATE item SET id = id WHERE id = 1');
        const run = rejection(migrate(models, {statementLockTimeoutMs: 100}));
        await waitForLockWait(db());
        await holder.query(`${write}; COMMIT`);
        return await run;
      } finally {
        await holder.end();
      }
    }

    it('a NULL written during the run: the NOT NULL check stays and refuses new NULLs', async () => {
      await migrate([OWNER, item({})]);
      await db().query(
        "INSERT INTO item (status) SELECT 's' FROM generate_series(1, 1000)",
      );
      const error = await runWithLateWrite(
        [OWNER, item({required: true})],
        'INSERT INTO item (status) VALUES (NULL)',
      );
      expect(error).to.be.instanceOf(MigrationFailedError);
      expect(error.message).to.match(
        /VALIDATE CONSTRAINT "lsm_nn_status"[\s\S]*Rows holding NULL in the column were written after the run checked it\. The check "lsm_nn_status", committed NOT VALID, stays: it refuses every new NULL/,
      );
      const refused = await rejection(
        db().query('INSERT INTO item (status) VALUES (NULL)'),
      );
      expect(refused.message).to.match(/lsm_nn_status/);
    });

    it('an orphan written during the run: the NOT VALID foreign key stays and refuses new ones', async () => {
      await migrate([OWNER, item({})]);
      await db().query('INSERT INTO owner (id) VALUES (1)');
      await db().query(
        'INSERT INTO item (ownerid) SELECT 1 FROM generate_series(1, 1000)',
      );
      const error = await runWithLateWrite(
        [OWNER, item({key: true})],
        'INSERT INTO item (ownerid) VALUES (999)',
      );
      expect(error).to.be.instanceOf(MigrationFailedError);
      expect(error.message).to.match(
        /VALIDATE CONSTRAINT "fk_item_owner"[\s\S]*The foreign key "fk_item_owner", committed NOT VALID, stays: it refuses every new such write, and the next run is refused while those rows exist/,
      );
      const refused = await rejection(
        db().query('INSERT INTO item (ownerid) VALUES (998)'),
      );
      expect(refused.message).to.match(/fk_item_owner/);
      // The next run is refused before anything changes, not failed after
      // the rest of its plan; once the rows are fixed, it validates the key.
      const again = await rejection(migrate([OWNER, item({key: true})]));
      expect(again).to.be.instanceOf(MigrationWillFailError);
      expect(again.message).to.match(
        /foreign key "fk_item_owner", left NOT VALID by an earlier run, cannot be validated: 1 row of "public"\."item" \(id 1001\) points at no row of "public"\."owner"/,
      );
      await db().query('UPDATE item SET ownerid = NULL WHERE ownerid = 999');
      const done = await migrate([OWNER, item({key: true})]);
      expect(done.dataSources[0].statements.map(s => s.sql)).to.eql([
        'ALTER TABLE "public"."item" VALIDATE CONSTRAINT "fk_item_owner"',
      ]);
      const [{validated}] = await db().query<{validated: boolean}>(
        "SELECT convalidated AS validated FROM pg_constraint WHERE conname = 'fk_item_owner'",
      );
      expect(validated).to.be.true();
    });
  },
);

/** Resolve once a statement of the run waits for a table lock. */
async function waitForLockWait(database: TestDatabase): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const rows = await database.query(
      `SELECT 1 FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%ALTER TABLE%'`,
    );
    if (rows.length > 0) return;
    await new Promise(resolve => setTimeout(resolve, 25));
  }
  throw new Error('the run never waited for the table');
}
