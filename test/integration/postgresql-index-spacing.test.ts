import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport, runMigrationCli} from '../../src';
import {
  buildApp,
  closeApp,
  MigratingApp,
  type ModelSpec,
} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {captureIo} from '../support/cli-io';
import {describeOnDatabase} from '../support/databases';

/**
 * A model with a unique property index, a plain property index and a
 * unique two-column index, for which the connector writes `CREATE  UNIQUE
 * INDEX` and `CREATE  INDEX` (two spaces around its `kind`). The quoted
 * name of the last has two spaces of its own, which it keeps.
 */
const MEMBER: ModelSpec = {
  name: 'Member',
  properties: {
    id: {type: 'number', id: true, generated: true},
    email: {type: 'string', index: {unique: true}},
    team: {type: 'string', index: true},
  },
  settings: {
    indexes: {
      'member  team email': {
        keys: {team: 1, email: 1},
        options: {unique: true},
      },
    },
  },
};

describeOnDatabase(
  'postgresql',
  'CREATE INDEX statements as shown (postgresql)',
  db => {
    beforeEach(() => dropAllTables(db()));

    it('shows and runs CREATE [UNIQUE] INDEX with single spaces, in --dry-run and in the report', async () => {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, [MEMBER]);
      try {
        const io = captureIo();
        expect(await runMigrationCli(() => app, ['--dry-run'], io)).to.equal(0);
        const shown = io.out();
        expect(shown).to.match(/CREATE UNIQUE INDEX "member_email_idx" ON /);
        expect(shown).to.match(
          /CREATE UNIQUE INDEX "member {2}team email" ON /,
        );
        expect(shown).to.not.match(/CREATE {2}|UNIQUE {2}INDEX/);

        const report = await migrateSchemaWithReport(app);
        const created = report.dataSources[0].statements
          .map(s => s.sql)
          .filter(sql => /^CREATE\s+(UNIQUE\s+)?INDEX\b/i.test(sql));
        expect(created).to.have.length(3);
        for (const sql of created) {
          expect(sql).to.match(/^CREATE (UNIQUE )?INDEX "/);
        }
        // What ran made the same indexes.
        const rows = await db().query<{name: string; def: string}>(
          `SELECT indexname AS name, indexdef AS def FROM pg_indexes
            WHERE tablename = 'member' AND indexname <> 'member_pkey'`,
        );
        expect(
          rows.map(r => `${r.name}: ${/UNIQUE/.test(r.def)}`).sort(),
        ).to.eql([
          'member  team email: true',
          'member_email_idx: true',
          'member_team_idx: false',
        ]);
      } finally {
        await closeApp(app);
      }
    });
  },
);
