import {join} from 'node:path';
import type {DatabaseKind} from '../test/support/databases';
import {alternate, type BenchContext} from './alternate';
import type {BaseSchema} from './base-schema';
import {readSchemaState} from './catalog';
import {dropDatabase, freshDatabase} from './databases';
import {
  ADDED_PROPERTY,
  changedModelIndexes,
  type ForeignKeySpelling,
} from './models';
import {runPsqlScript, writeScript} from './psql';
import type {ScenarioResult} from './results';

/**
 * Scenario (a): an empty database to the full schema, a fresh database for
 * every run. Each run is checked to have made every table and foreign key.
 * On PostgreSQL each pair is followed by the floor: `psql -1 -f` on the
 * statements our plan emits, on a fresh database too.
 */
export async function runFreshCreate(
  ctx: BenchContext,
  kind: DatabaseKind,
  models: number,
  runs: number,
  spelling: ForeignKeySpelling,
  planned: readonly string[],
): Promise<ScenarioResult> {
  const floorMs: number[] = [];
  const floorScript =
    kind === 'postgresql'
      ? await writeScript(join(ctx.workDir, `floor-${models}.sql`), planned)
      : undefined;
  const series = await alternate(
    ctx,
    {kind, scenario: 'fresh', models, spelling, runs},
    {
      before: () => freshDatabase(kind),
      after: async (db, _impl, outcome) => {
        try {
          if (outcome.status !== 'measured') return [];
          return checkComplete(await readSchemaState(db, ADDED_PROPERTY));
        } finally {
          await dropDatabase(db);
        }
      },
      afterPair: async run => {
        if (!floorScript) return;
        const db = await freshDatabase(kind);
        try {
          const ms = await runPsqlScript(db, floorScript);
          const problems = checkComplete(
            await readSchemaState(db, ADDED_PROPERTY),
          );
          if (problems.length > 0) throw new Error(problems.join('; '));
          floorMs.push(ms);
          ctx.log(
            `[${kind} fresh ${models} models] run ${run}/${runs} floor (psql -1 -f): ${Math.round(ms)} ms`,
          );
        } finally {
          await dropDatabase(db);
        }
      },
    },
  );
  function checkComplete(state: {tables: number; foreignKeys: number}) {
    return state.tables === models && state.foreignKeys === models - 1
      ? []
      : [
          `the schema is incomplete: ${state.tables} of ${models} tables, ` +
            `${state.foreignKeys} of ${models - 1} foreign keys`,
        ];
  }
  return {
    kind,
    scenario: 'fresh',
    models,
    ...series,
    ...(floorScript ? {floorMs, floorStatements: planned.length} : {}),
  };
}

/**
 * Scenario (b), the schema already current, or (c), one property added to
 * ten models: every run starts from the base schema, which is checked and
 * put back after the run.
 */
export async function runOnBase(
  ctx: BenchContext,
  base: BaseSchema,
  plan: {
    kind: DatabaseKind;
    scenario: 'up-to-date' | 'add-property';
    models: number;
    runs: number;
    spelling: ForeignKeySpelling;
    skipStock?: string;
    timeoutSeconds?: number;
  },
): Promise<ScenarioResult> {
  const expectedAdded = changedModelIndexes(plan.models).length;
  const series = await alternate(ctx, plan, {
    before: async () => base.db,
    after: async (db, _impl, outcome) => {
      const problems: string[] = [];
      if (outcome.status === 'measured' && plan.scenario === 'add-property') {
        const state = await readSchemaState(db, ADDED_PROPERTY);
        if (state.addedColumns !== expectedAdded) {
          problems.push(
            `${state.addedColumns} of ${expectedAdded} "${ADDED_PROPERTY}" columns were added`,
          );
        }
      }
      const changed = await base.restore();
      if (changed) problems.push(changed);
      return problems;
    },
  });
  return {
    kind: plan.kind,
    scenario: plan.scenario,
    models: plan.models,
    ...series,
  };
}
