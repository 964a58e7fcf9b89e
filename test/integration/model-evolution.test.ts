import type {DefaultCrudRepository, Entity} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {migrateSchemaWithReport} from '../../src';
import {buildApp, closeApp, MigratingApp} from '../support/app-builder';
import {dropAllTables} from '../support/catalog';
import {describeEachDatabase} from '../support/databases';
import {ModelEvolution} from '../support/model-evolution';

/**
 * The histories run (`EVOLUTION_SEEDS=1,2,...` runs others). 15 and 21
 * failed before two fixes: a PostgreSQL type change over a string default
 * ("cannot be cast automatically"), and MariaDB widening a UNIQUE-indexed
 * VARCHAR past the longest index key planned in place.
 */
const SEEDS = (process.env.EVOLUTION_SEEDS ?? '15,21,3,14,37')
  .split(',')
  .map(Number);
const STEPS = 8;

/** What a run may answer besides a migration: a refusal it predicted. */
const PREDICTED = new Set([
  'MigrationWillFailError',
  'InvalidModelError',
  'DataLossError',
]);

/**
 * Models changed step by step, with rows written between the steps (a
 * seeded generator: the same history on every run). Each run either
 * migrates, and then a full plan finds nothing left to do, or refuses
 * before changing anything with an error it predicted; a run that fails
 * on the database instead is a plan that did not tell the truth.
 */
describeEachDatabase('models evolving over many runs', (db, kind) => {
  beforeEach(() => dropAllTables(db()));

  for (const seed of SEEDS) {
    it(`history ${seed}: every run migrates or refuses as predicted, and leaves nothing to do`, async () => {
      const evolution = new ModelEvolution(seed, kind);
      const history: string[] = ['create'];
      for (let step = 0; step <= STEPS; step++) {
        const before = evolution.snapshot();
        if (step > 0) history.push(evolution.change());
        const models = evolution.snapshot();
        const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
        try {
          const acceptDataLoss = step % 3 !== 2;
          const failure = await migrateSchemaWithReport(app, {
            acceptDataLoss,
          }).then(
            () => undefined,
            (err: Error) => err,
          );
          if (failure) {
            if (!PREDICTED.has(failure.name)) {
              throw new Error(
                `after ${history.join(', ')}: ${failure.name}: ${failure.message}`,
              );
            }
            history.push(`refused: ${failure.name}`);
            evolution.restore(before);
            continue;
          }
          const again = await migrateSchemaWithReport(app, {
            dryRun: true,
            fullCheck: true,
          });
          expect({
            history,
            left: again.dataSources.flatMap(d => d.statements.map(s => s.sql)),
          }).to.eql({history, left: []});
          for (const spec of models) {
            const repository = await app.get<
              DefaultCrudRepository<Entity, unknown>
            >(`repositories.${spec.name}Repository`);
            // A row the model refuses (a duplicate of a unique value) is
            // no part of what is checked: the rows only give the next
            // changes data to judge.
            await repository.create(evolution.row(spec)).catch(() => undefined);
          }
        } finally {
          await closeApp(app);
        }
      }
    });
  }
});
