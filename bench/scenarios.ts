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
import {clientCommand, runClientScript, writeScript} from './client';
import type {ScenarioResult} from './results';

/** A script for the server's own client: what it holds and its statements. */
export interface FloorScript {
  readonly label: string;
  readonly statements: readonly string[];
}

/**
 * Scenario (a): an empty database to the full schema, a fresh database for
 * every run. Each run is checked to have made every table and foreign key.
 * Each pair is followed by the floors: the server's own client running each
 * of `floors` on a fresh database too.
 */
export async function runFreshCreate(
  ctx: BenchContext,
  plan: {
    kind: DatabaseKind;
    models: number;
    runs: number;
    spelling: ForeignKeySpelling;
    floors: readonly FloorScript[];
    skipStock?: string;
    repositories?: boolean;
  },
): Promise<ScenarioResult> {
  const {kind, models, runs, spelling} = plan;
  const floors = await Promise.all(
    plan.floors.map(async (floor, at) => ({
      label: floor.label,
      script: await writeScript(
        join(ctx.workDir, `floor-${kind}-${models}-${at}.sql`),
        floor.statements,
      ),
      result: {
        label: floor.label,
        statements: floor.statements.length,
        ms: [] as number[],
      },
    })),
  );
  const series = await alternate(
    ctx,
    {
      kind,
      scenario: 'fresh',
      models,
      spelling,
      runs,
      skipStock: plan.skipStock,
      repositories: plan.repositories,
    },
    {
      before: () => freshDatabase(kind),
      after: async (db, implementation, outcome) => {
        try {
          if (outcome.status !== 'measured') return [];
          if (implementation === 'repositories') return [];
          return checkComplete(await readSchemaState(db, ADDED_PROPERTY));
        } finally {
          await dropDatabase(db);
        }
      },
      afterPair: async run => {
        for (const floor of floors) {
          const db = await freshDatabase(kind);
          try {
            const ms = await runClientScript(db, floor.script);
            const problems = checkComplete(
              await readSchemaState(db, ADDED_PROPERTY),
            );
            if (problems.length > 0) throw new Error(problems.join('; '));
            floor.result.ms.push(ms);
            ctx.log(
              `[${kind} fresh ${models} models] run ${run}/${runs} floor (${clientCommand(kind)}, ${floor.label}): ${Math.round(ms)} ms`,
            );
          } finally {
            await dropDatabase(db);
          }
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
    ...(floors.length > 0 ? {floors: floors.map(f => f.result)} : {}),
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
    scenario: 'up-to-date' | 'add-property' | 'full-check';
    models: number;
    runs: number;
    spelling: ForeignKeySpelling;
    skipStock?: string;
    timeoutSeconds?: number;
    repositories?: boolean;
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
