import {expect} from '@loopback/testlab';
import type {PropertyDefinition} from '@loopback/repository';
import {Client} from 'pg';
import {
  DataLossError,
  type PlannedStatement,
  type SchemaMigrationReport,
} from '../../src';
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
const varchar = (length: number): PropertyDefinition => ({
  type: 'string',
  postgresql: {dataType: 'varchar', dataLength: length},
});

/** A Note as it starts: `title` VARCHAR(50), `status` nullable. */
function note(title: number, statusRequired: boolean): ModelSpec {
  return {
    name: 'Note',
    properties: {
      id: ID,
      title: varchar(title),
      status: {type: 'string', required: statusRequired},
    },
  };
}
const BEFORE = note(50, false);

const shown = (statements: readonly PlannedStatement[]) =>
  statements.map(s => `${s.phase ?? '-'} ${s.lock}: ${s.sql}`);

const NOT_NULL_PHASES = [
  'own-transaction none: ALTER TABLE "public"."note" VALIDATE CONSTRAINT "lsm_nn_status"',
  'own-transaction brief: ALTER TABLE "public"."note" ALTER COLUMN "status" SET NOT NULL',
  'own-transaction brief: ALTER TABLE "public"."note" DROP CONSTRAINT "lsm_nn_status"',
];
const NOT_NULL_CHECK =
  'transaction brief: ALTER TABLE "public"."note" DROP CONSTRAINT IF EXISTS "lsm_nn_status", ' +
  'ADD CONSTRAINT "lsm_nn_status" CHECK ("status" IS NOT NULL) NOT VALID';

// A change the data guard protects (here a type change) kept its whole
// statement in the plain form: a property made required in the
// same release (the connector writes every column change of a model in one
// ALTER TABLE) then scanned the table for NULLs under ACCESS EXCLUSIVE,
// blocking the app's reads and writes, instead of its online form.
describeOnDatabase(
  'postgresql',
  'online forms of a statement the data guard protects',
  db => {
    const migrate = migrationsOn(db);

    async function filled(): Promise<void> {
      await migrate([BEFORE]);
      await db().query(
        "INSERT INTO note (title, status) SELECT 't' || n, 's' FROM generate_series(1, 2000) n",
      );
    }

    it('makes a column NOT NULL in online phases beside a guarded type change', async () => {
      await filled();
      const widened = note(100, true);
      const plan = await migrate([widened], {dryRun: true});
      const expected = [
        'transaction brief: ALTER TABLE "public"."note" ALTER COLUMN "title" TYPE VARCHAR(100) USING "title"::VARCHAR(100)',
        NOT_NULL_CHECK,
        ...NOT_NULL_PHASES,
      ];
      expect(shown(plan.dataSources[0].statements)).to.eql(expected);
      const report: SchemaMigrationReport = await migrate([widened]);
      expect(shown(report.dataSources[0].statements)).to.eql(expected);
      const [status] = await db().query<{nullable: string}>(
        `SELECT is_nullable AS nullable FROM information_schema.columns
          WHERE table_name = 'note' AND column_name = 'status'`,
      );
      expect(status.nullable).to.equal('NO');
      expect(
        await db().query(
          "SELECT conname FROM pg_constraint WHERE conname LIKE 'lsm\\_%'",
        ),
      ).to.eql([]);
      const again = await migrate([widened], {fullCheck: true});
      expect(again.dataSources[0].status).to.equal('up-to-date');
    });

    it('still guards the type change: a value written after the check that it would cut refuses the run, naming the statement that runs', async function () {
      skipOnEmbedded(this, db(), 'needs a session holding a lock');
      await migrate([note(100, false)]);
      await db().query(
        "INSERT INTO note (title, status) SELECT 't' || n, 's' FROM generate_series(1, 2000) n",
      );
      // An app transaction makes the guard's ALTER wait, and retry, after the
      // check: a value written meanwhile is found by the guard's validation.
      const holder = new Client({
        ...serverSettings('postgresql'),
        database: db().name,
      });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('SELECT 1 FROM note LIMIT 1');
        const run = rejection(
          migrate([note(50, true)], {statementLockTimeoutMs: 100}),
        );
        await waitForGuardAttempt(db());
        await holder.query(
          `UPDATE note SET title = repeat('x', 80) WHERE id = 1; COMMIT`,
        );
        const error = await run;
        expect(error).to.be.instanceOf(DataLossError);
        expect(error.message).to.match(
          /1 value that would not survive arrived/,
        );
        expect((error as DataLossError).statements.map(s => s.sql)).to.eql([
          'ALTER TABLE "public"."note" ALTER COLUMN "title" TYPE VARCHAR(50) USING "title"::VARCHAR(50)',
        ]);
      } finally {
        await holder.end();
      }
      const [{n}] = await db().query<{n: string}>(
        'SELECT count(*) AS n FROM note WHERE length(title) = 80',
      );
      expect(Number(n)).to.equal(1);
    });
  },
);

/** Resolve once a guard's ALTER TABLE has waited for the table's lock. */
async function waitForGuardAttempt(database: TestDatabase): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const rows = await database.query(
      `SELECT 1 FROM pg_stat_activity
        WHERE datname = current_database() AND query LIKE '%lsm_guard_%' AND wait_event_type = 'Lock'`,
    );
    if (rows.length > 0) return;
    await new Promise(resolve => setTimeout(resolve, 25));
  }
  throw new Error('the guard never waited for the table');
}
