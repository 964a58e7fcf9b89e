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
import type {Implementation} from './protocol';
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
  // Stock's up-to-date run rewrites every MariaDB table (no-op ALTERs):
  // ours checks a copy of its own, which has stood a while, as a running
  // server's has.
  const ownCopy = plan.scenario === 'up-to-date' && !plan.skipStock;
  const stockBase = ownCopy ? await base.copy() : base;
  if (plan.scenario === 'up-to-date') await base.settled();
  try {
    return await measureOnBase(ctx, {ours: base, stock: stockBase}, plan);
  } finally {
    if (ownCopy) await stockBase.dispose();
  }
}

async function measureOnBase(
  ctx: BenchContext,
  bases: {readonly ours: BaseSchema; readonly stock: BaseSchema},
  plan: Parameters<typeof runOnBase>[2],
): Promise<ScenarioResult> {
  const expectedAdded = changedModelIndexes(plan.models).length;
  const baseOf = (implementation: Implementation) =>
    implementation === 'stock' ? bases.stock : bases.ours;
  const series = await alternate(ctx, plan, {
    before: async implementation => baseOf(implementation).db,
    after: async (db, implementation, outcome) => {
      const problems: string[] = [];
      if (outcome.status === 'measured' && plan.scenario === 'add-property') {
        const state = await readSchemaState(db, ADDED_PROPERTY);
        if (state.addedColumns !== expectedAdded) {
          problems.push(
            `${state.addedColumns} of ${expectedAdded} "${ADDED_PROPERTY}" columns were added`,
          );
        }
      }
      const changed = await baseOf(implementation).restore();
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
