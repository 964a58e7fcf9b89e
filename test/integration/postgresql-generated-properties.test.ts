import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {columns, dropAllTables} from '../support/catalog';
import {describeOnDatabase} from '../support/databases';

// The connector's CREATE TABLE makes a generated property SERIAL (an
// INTEGER) or `UUID NOT NULL DEFAULT ...`, NOT NULL whatever the model
// says; its update drops the NOT NULL of an optional one on the next run.
const REASON =
  "the connector's CREATE TABLE makes a generated property NOT NULL (SERIAL, or a uuid " +
  'with its default), and PostgreSQL any column of a serial type; the model leaves it ' +
  'optional, as its next run would make it';

describeOnDatabase(
  'postgresql',
  'an optional generated property, not an id (postgresql)',
  db => {
    beforeEach(() => dropAllTables(db()));

    /**
     * Migrate `model`, creating its table: the run drops the NOT NULL of the
     * columns `dropped`, with {@link REASON}, leaves the table's columns as
     * nullable as `nullable` says, and a full check after it finds nothing
     * left to do.
     */
    async function expectCreatedSettled(
      model: ModelSpec,
      dropped: string[],
      nullable: Array<[string, boolean]>,
    ): Promise<void> {
      const table = model.name.toLowerCase();
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [model]);
      try {
        const report = await migrateSchemaWithReport(app);
        expect(
          report.dataSources[0].statements
            .filter(s => /DROP NOT NULL/.test(s.sql))
            .map(s => [s.sql, s.reason]),
        ).to.eql(
          dropped.map(column => [
            `ALTER TABLE "public"."${table}" ALTER COLUMN "${column}" DROP NOT NULL`,
            REASON,
          ]),
        );
        expect(
          (await columns(db(), table)).map(c => [c.column, c.nullable]),
        ).to.eql(nullable);
        const again = await migrateSchemaWithReport(app, {
          dryRun: true,
          fullCheck: true,
        });
        expect(again.dataSources[0].statements).to.eql([]);
      } finally {
        await closeApp(app);
      }
    }

    it('is made optional in the run that creates its table, which then settles', async () => {
      await expectCreatedSettled(
        {
          name: 'Ticket',
          properties: {
            code: {type: 'string', id: true},
            serial: {type: 'number', generated: true},
            token: {
              type: 'string',
              generated: true,
              postgresql: {dataType: 'uuid'},
            },
            required: {type: 'number', generated: true, required: true},
          },
        },
        ['serial', 'token'],
        [
          ['code', false],
          ['serial', true],
          ['token', true],
          ['required', false],
        ],
      );
    });

    // `postgresql: {dataType: 'bigserial'}`, as the refusal of a generated
    // bigint id advises, on a property that is not an id: PostgreSQL makes
    // a serial column NOT NULL, the connector's next update made it
    // nullable, so the run after the one that created the table was never
    // up to date (--check exited 3 after a successful run).
    it('of a serial type, generated or not, is made optional in the run that creates its table', async () => {
      await expectCreatedSettled(
        {
          name: 'Invoice',
          properties: {
            id: {type: 'number', id: true, postgresql: {dataType: 'bigserial'}},
            number: {type: 'number', postgresql: {dataType: 'bigserial'}},
            line: {type: 'number', postgresql: {dataType: 'serial'}},
            kept: {
              type: 'number',
              required: true,
              postgresql: {dataType: 'smallserial'},
            },
          },
        },
        ['number', 'line'],
        [
          ['id', false],
          ['number', true],
          ['line', true],
          ['kept', false],
        ],
      );
    });

    it('gives its reason to no other DROP NOT NULL: a required property made optional', async () => {
      const person = (required: boolean) => ({
        name: 'Person',
        properties: {
          id: {type: 'number', id: true, generated: true},
          name: {type: 'string', required},
        },
      });
      const before = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        person(true),
      ]);
      try {
        await migrateSchemaWithReport(before);
      } finally {
        await closeApp(before);
      }
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
        person(false),
      ]);
      try {
        const plan = await app.planSchemaMigration();
        const [statement] = plan.dataSources[0].statements;
        expect(statement.sql).to.equal(
          'ALTER TABLE "public"."person" ALTER COLUMN "name" DROP NOT NULL',
        );
        expect(statement.reason).to.not.equal(REASON);
      } finally {
        await closeApp(app);
      }
    });
  },
);
