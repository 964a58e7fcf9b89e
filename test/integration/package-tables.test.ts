import {expect} from '@loopback/testlab';
import {
  InvalidModelError,
  MIGRATION_LEDGER_TABLE,
  migrateSchemaWithReport,
} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {dropAllTables, tables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {rejection} from '../support/rejection';

/** A model mapped to `table`, with a column of its own. */
function mappedTo(table: string) {
  return {
    name: 'Kept',
    properties: {
      id: {type: 'number', id: true, generated: true},
      note: {type: 'string'},
    },
    settings: {postgresql: {table}, mysql: {table}},
  };
}

describeEachDatabase(
  "a model on one of the package's own tables",
  (db, kind) => {
    beforeEach(() => dropAllTables(db()));

    for (const [what, table, ledger, message] of [
      [
        'the table of schema fingerprints',
        'schema_migration_state',
        undefined,
        /which is the table of schema fingerprints \(the fast path\) of loopback-schema-migration: .*this name is kept for that table\./,
      ],
      [
        'the ledger of scripts',
        'schema_migration_scripts',
        undefined,
        /which is the ledger of migration scripts of loopback-schema-migration: .*or bind MIGRATION_LEDGER_TABLE to another name for the ledger\./,
      ],
      [
        'the ledger of scripts bound to another name',
        'app_migrations',
        'app_migrations',
        /which is the ledger of migration scripts/,
      ],
    ] as const) {
      it(`is refused before any change: ${what}`, async () => {
        const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [
          mappedTo(table),
        ]);
        if (ledger) app.bind(MIGRATION_LEDGER_TABLE).to(ledger);
        try {
          for (const dryRun of [true, false]) {
            const error = await rejection(
              migrateSchemaWithReport(app, {dryRun}),
            );
            expect(error).to.be.instanceOf(InvalidModelError);
            const where =
              kind === 'postgresql' ? `"public"."${table}"` : `"${table}"`;
            expect(error.message).to.startWith(
              `model Kept maps to table ${where}, `,
            );
            expect(error.message).to.match(message);
            expect(error.message).to.match(
              new RegExp(
                `Give the model a table of its own \\(settings\\.${kind}\\.table\\)`,
              ),
            );
            expect(await tables(db())).to.eql([]);
          }
        } finally {
          await closeApp(app);
        }
      });
    }
  },
);
