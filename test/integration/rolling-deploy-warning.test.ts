import {expect} from '@loopback/testlab';
import type {DefaultCrudRepository, Entity} from '@loopback/repository';
import {
  buildApp,
  closeApp,
  StockApp,
  type ModelSpec,
} from '../support/app-builder';
import {describeOnDatabase, type DatabaseKind} from '../support/databases';
import {migrationsOn} from '../support/migrations-on';
import {rejection} from '../support/rejection';

/** A Note; release 1 has `legacy`, release 2 drops it. */
function note(withLegacy: boolean): ModelSpec {
  return {
    name: 'Note',
    properties: {
      id: {type: 'number', id: true, generated: true},
      title: {type: 'string'},
      ...(withLegacy ? {legacy: {type: 'string'}} : {}),
    },
  };
}

const DROPPED =
  /model Note: drops column "legacy" of .*note.*, so their reads and writes of it fail from the drop on/i;

// A column drop broke every read of the instances still running the
// previous release's models (LoopBack selects each property's column), and
// neither the plan nor the run said so.
for (const kind of ['postgresql', 'mysql'] as DatabaseKind[]) {
  describeOnDatabase(kind, `rolling deploys on ${kind}`, db => {
    const migrate = migrationsOn(db);

    it('warns that a dropped column breaks the instances of the previous release', async () => {
      await migrate([note(true)]);
      const old = buildApp(StockApp, {db: db().dataSourceConfig}, [note(true)]);
      try {
        const notes = await old.get<DefaultCrudRepository<Entity, number>>(
          'repositories.NoteRepository',
        );
        await notes.create({title: 't'} as Partial<Entity>);
        const plan = await migrate([note(false)], {dryRun: true});
        expect(plan.dataSources[0].warnings.join('\n')).to.match(DROPPED);
        const report = await migrate([note(false)]);
        expect(report.dataSources[0].status).to.equal('migrated');
        expect(report.dataSources[0].warnings.join('\n')).to.match(DROPPED);
        // What the warning says: the old instance's reads now fail.
        const failure = await rejection(notes.find());
        expect(String(failure)).to.match(/legacy/);
      } finally {
        await closeApp(old);
      }
    });

    it('does not warn of a new table or an added column', async () => {
      const created = await migrate([note(false)]);
      const added = await migrate([note(true)]);
      const warnings = [created, added].flatMap(r => r.dataSources[0].warnings);
      expect(warnings.join('\n')).to.not.match(/drops column/);
    });
  });
}
