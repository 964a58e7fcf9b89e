import {expect} from '@loopback/testlab';
import {TITLED_NOTE, type ModelSpec} from '../support/app-builder';
import {tables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {migrationsOn} from '../support/migrations-on';

const NOTE: ModelSpec = {...TITLED_NOTE, settings: {mysql: {table: 'note'}}};

const TAG: ModelSpec = {
  name: 'Tag',
  properties: {id: {type: 'number', id: true, generated: true}},
  settings: {mysql: {table: 'tag'}},
};

// Every model of a datasource moved to another one (their repositories now
// inject `datasources.other`) or removed: the datasource is skipped with no
// models, and its tables stay with their rows. Stock says nothing; a run
// said only "skipped: no models are attached to it".
describeEachDatabase('a datasource whose models all left it', db => {
  const run = migrationsOn(db, () => ({
    db: db().dataSourceConfig,
    other: {connector: 'memory'},
  }));

  it('warns that their tables stay with their rows, naming where each model went', async () => {
    await run([NOTE, TAG]);
    await db().query("INSERT INTO note (title) VALUES ('keep me')");
    const moved = [{...NOTE, dataSource: 'other'}];

    const plan = await run(moved, {dryRun: true});
    const planned = plan.dataSources.find(d => d.name === 'db')!;
    expect(planned.status).to.equal('skipped');
    expect(planned.warnings).to.have.length(1);
    expect(planned.warnings[0]).to.match(
      /^its last migration had models \(Note, Tag\), and no model is attached to it now: their tables stay in its database with their rows, and no run migrates them any more\. Moved: Note to datasource "other", where the schema sync makes new, empty tables; move the rows there with a migration script if they should follow\. Drop the old tables by hand/,
    );

    const report = await run(moved);
    const migrated = report.dataSources.find(d => d.name === 'db')!;
    expect(migrated.warnings).to.eql(planned.warnings);
    expect(await tables(db())).to.containDeep(['note', 'tag']);
    expect(await db().query('SELECT title FROM note')).to.have.length(1);
  });

  it('names no new home for models removed from the app', async () => {
    await run([NOTE, TAG]);
    const report = await run([{...TAG, dataSource: 'other'}]);
    const [warning] = report.dataSources.find(d => d.name === 'db')!.warnings;
    expect(warning).to.match(
      /^its last migration had models \(Note, Tag\), .* no run migrates them any more\. Moved: Tag to datasource "other", where .*\. Drop the old tables by hand once nothing needs them$/,
    );
    expect(warning).to.not.match(/Note to datasource/);
  });

  it('says nothing for a datasource that never had models', async () => {
    const report = await run([{...NOTE, dataSource: 'other'}]);
    expect(report.dataSources.find(d => d.name === 'db')!.warnings).to.eql([]);
  });
});
