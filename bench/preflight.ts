import type {DatabaseKind} from '../test/support/databases';
import type {BenchContext} from './alternate';
import {readSchemaState} from './catalog';
import {dropDatabase, freshDatabase} from './databases';
import {ADDED_PROPERTY, type ForeignKeySpelling} from './models';
import {measureInChild} from './spawn';

/** Which foreign-key spelling the benchmark uses on a database, and why. */
export interface SpellingChoice {
  readonly spelling: ForeignKeySpelling;
  /** What stock LoopBack did with the spellings tried before it. */
  readonly findings: string[];
}

const PREFLIGHT_MODELS = 3;

/**
 * Check that stock LoopBack can create `chainedModels()` from scratch on
 * this database (every table and foreign key, on 3 models): as written, or
 * else with the foreign keys named by their columns. The benchmark then
 * runs both implementations on the first spelling stock can migrate; when
 * it can migrate neither, on the models as written (stock's runs then fail,
 * and the report says so).
 */
export async function chooseSpelling(
  ctx: BenchContext,
  kind: DatabaseKind,
): Promise<SpellingChoice> {
  const findings: string[] = [];
  for (const spelling of ['as-written', 'column-names'] as const) {
    const problem = await tryStock(ctx, kind, spelling);
    if (!problem) return {spelling, findings};
    findings.push(`${describeSpelling(spelling)}: ${problem}`);
    ctx.log(
      `[${kind} preflight] stock, ${describeSpelling(spelling)}: ${problem}`,
    );
  }
  return {spelling: 'as-written', findings};
}

/** The spelling, in words, for the report. */
export function describeSpelling(spelling: ForeignKeySpelling): string {
  return spelling === 'as-written'
    ? "chainedModels() as written (foreignKey: 'parentId')"
    : "foreign keys named by column (foreignKey: 'parentid')";
}

async function tryStock(
  ctx: BenchContext,
  kind: DatabaseKind,
  spelling: ForeignKeySpelling,
): Promise<string | undefined> {
  const db = await freshDatabase(kind);
  try {
    const outcome = await measureInChild(
      {
        implementation: 'stock',
        scenario: 'fresh',
        models: PREFLIGHT_MODELS,
        spelling,
        dataSource: db.dataSourceConfig,
      },
      ctx.timeoutSeconds,
    );
    if (outcome.status === 'failed') return `fails: ${outcome.error}`;
    if (outcome.status === 'timed-out') return `hangs (> ${outcome.seconds} s)`;
    const state = await readSchemaState(db, ADDED_PROPERTY);
    if (
      state.tables !== PREFLIGHT_MODELS ||
      state.foreignKeys !== PREFLIGHT_MODELS - 1
    ) {
      return (
        `resolves but leaves ${state.tables} of ${PREFLIGHT_MODELS} tables ` +
        `and ${state.foreignKeys} of ${PREFLIGHT_MODELS - 1} foreign keys`
      );
    }
    return undefined;
  } finally {
    await dropDatabase(db);
  }
}
