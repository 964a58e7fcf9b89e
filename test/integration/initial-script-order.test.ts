import {expect} from '@loopback/testlab';
import {
  migrateSchemaWithReport,
  MigrationScriptError,
  ShadowDatabaseError,
  type MigrationScriptClass,
} from '../../src';
import {todoModels, type ModelSpec} from '../support/app-builder';
import {describeEachDatabase, type DatabaseKind} from '../support/databases';
import {generateProject} from '../support/generate';
import {rejection} from '../support/rejection';
import {defineScript} from '../support/scripts';

/** A table of the todo models, as SQL names it on each database. */
function table(kind: DatabaseKind, model: string): string {
  return kind === 'postgresql' ? model.toLowerCase() : `\`${model}\``;
}

/** Scripts written before generated ones: a seed, and a back-fill run before the sync. */
function handWritten(kind: DatabaseKind): MigrationScriptClass[] {
  return [
    defineScript({
      version: '1.0.0',
      name: 'SeedInbox',
      up: ctx =>
        ctx.execute(
          `INSERT INTO ${table(kind, 'TodoList')} (title) VALUES ('Inbox')`,
        ),
    }),
    defineScript({
      version: '1.1.0',
      name: 'BackfillTitles',
      runs: 'before-schema',
      up: ctx =>
        ctx.execute(
          `UPDATE ${table(kind, 'Todo')} SET title = 'untitled' WHERE title IS NULL`,
        ),
    }),
  ];
}

describeEachDatabase(
  'an initial script after hand-written ones',
  (db, kind) => {
    const {open, generate, build} = generateProject(db, 'initial-order');

    /** The next model change (Todo gets `due`) is planned on a shadow database the scripts made: one statement. */
    async function expectNextGenerated(
      v1: ModelSpec[],
      scripts: MigrationScriptClass[],
    ): Promise<void> {
      const v2 = v1.map(spec =>
        spec.name !== 'Todo'
          ? spec
          : {...spec, properties: {...spec.properties, due: {type: 'date'}}},
      );
      const next = await generate(
        open(v2, scripts),
        'add-due',
        '20261201090100',
      );
      expect(next.changes.map(c => c.statements.length)).to.eql([1]);
    }

    it('runs first on a new database, and on the shadow database of the next --generate', async () => {
      const scripts = handWritten(kind);
      const v1 = todoModels();
      const initial = await generate(
        open(v1, scripts),
        'initial',
        '20261201090000',
        {initial: true},
      );
      const all = [...scripts, ...build(initial.file!)];

      // A new environment: the back-fill (1.1.0) needs the initial's tables.
      const fresh = await migrateSchemaWithReport(open(v1, all), {
        schemaSource: 'scripts',
      });
      expect(fresh.scripts.map(s => [s.version, s.status])).to.eql([
        ['20261201090000', 'applied'],
        ['1.1.0', 'applied'],
        ['1.0.0', 'applied'],
      ]);
      expect(
        await db().query(`SELECT title FROM ${table(kind, 'TodoList')}`),
      ).to.eql([{title: 'Inbox'}]);

      await expectNextGenerated(v1, all);
    });

    /**
     * A before-schema rename written when a property was renamed, for the
     * table the schema sync had made, with the initial script generated
     * after it (version 20261201090000): both, and the models.
     */
    async function renameThenInitial(coveredByInitial: boolean) {
      const rename = defineScript({
        version: '1.0.0',
        name: 'RenameHeading',
        runs: 'before-schema',
        coveredByInitial,
        up: ctx =>
          ctx.execute(
            `ALTER TABLE ${table(kind, 'Todo')} RENAME COLUMN heading TO title`,
          ),
      });
      const v1 = todoModels();
      const initial = await generate(
        open(v1, [rename]),
        'initial',
        '20261201090000',
        {initial: true},
      );
      return {v1, all: [rename, ...build(initial.file!)]};
    }

    it('says why a script written before it fails after it on a new database, and what to do', async () => {
      const {v1, all} = await renameThenInitial(false);
      const hint =
        /It ran after the initial script 20261201090000, which made the tables as the models declare them now \(on a new database it runs first\).*--accept-checksum-changes\./;

      const failed = await rejection(migrateSchemaWithReport(open(v1, all)));
      expect(failed).to.be.instanceOf(MigrationScriptError);
      expect(failed.message).to.match(/RenameHeading/);
      expect(failed.message).to.match(hint);

      const shadowFailed = await rejection(
        generate(open(v1, all), 'next', '20261201090100'),
      );
      expect(shadowFailed).to.be.instanceOf(ShadowDatabaseError);
      expect(shadowFailed.message).to.match(hint);
    });

    it('gives no such hint for a script written after it', async () => {
      const later = defineScript({
        version: '20261201090500',
        name: 'ReadsMissing',
        up: ctx =>
          ctx.execute('SELECT missing_column FROM ' + table(kind, 'Todo')),
      });
      const v1 = todoModels();
      const initial = await generate(open(v1), 'initial', '20261201090000', {
        initial: true,
      });
      const failed = await rejection(
        migrateSchemaWithReport(open(v1, [later, ...build(initial.file!)])),
      );
      expect(failed).to.be.instanceOf(MigrationScriptError);
      expect(failed.message).to.match(/ReadsMissing/);
      expect(failed.message).to.not.match(/initial script/);
    });

    it('records a script it covers (coveredByInitial) as applied without running, on a new database and on the shadow one', async () => {
      const {v1, all} = await renameThenInitial(true);
      const covered =
        /^coveredByInitial: the initial script 20261201090000 ran first on this database/;

      const planned = await open(v1, all).planSchemaMigration();
      expect(planned.scripts.map(s => [s.version, s.status])).to.eql([
        ['20261201090000', 'pending'],
        ['1.0.0', 'baselined'],
      ]);
      expect(planned.scripts[1].reason).to.match(covered);
      expect(planned.scripts[1].reason).to.match(/\(dry run: not recorded\)$/);

      const fresh = await migrateSchemaWithReport(open(v1, all));
      expect(fresh.scripts.map(s => [s.version, s.status])).to.eql([
        ['20261201090000', 'applied'],
        ['1.0.0', 'baselined'],
      ]);
      expect(fresh.scripts[1].reason).to.match(covered);
      const status = await open(v1, all).migrationStatus();
      expect(status.map(s => [s.version, s.status])).to.eql([
        ['1.0.0', 'applied'],
        ['20261201090000', 'applied'],
      ]);

      await expectNextGenerated(v1, all);
    });
  },
);
