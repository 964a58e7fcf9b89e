import {errorMessage} from '../database-error';
import {oneLine} from '../planner/sql-text';
import type {Context} from '@loopback/core';
import {ShadowDatabaseError} from '../errors';
import type {Dialect} from '../dialects/contract';
import {
  isJugglerDataSource,
  queryConnector,
  type JugglerConnector,
} from '../juggler';
import type {InverseStatement} from '../dialects/shadow';
import {
  definitionsText,
  type PreviousDefinitions,
} from '../dialects/previous-definitions';
import type {SchemaMigrationReport} from '../types';
import type {ShadowTarget} from './shadow-context';

/** What proving a plan on the shadow databases found. */
export interface ShadowProof {
  /** Things to review (see `GeneratedMigration.warnings`). */
  readonly warnings: string[];
  /** The exact inverse of each statement, by datasource, as `down()` runs them. */
  readonly inverses: ReadonlyMap<string, readonly InverseStatement[]>;
}

/**
 * Prove a plan on the shadow databases before it is written: run each
 * datasource's statements there, in order, as the generated `up()` will,
 * and plan the models again (`replan`): statements still needed are a
 * warning (the connector's diff does not settle on the change). The
 * inverses are taken then, knowing the indexes the server made by itself
 * and the definitions each statement replaced (read just before it ran).
 * Then run the `down()` of each datasource whose statements all have an
 * exact inverse and plan again: a plan other than the first, indexes other
 * than before, or definitions of the changed tables other than before the
 * plan ran, are a warning (the inverse is not exact there).
 *
 * @throws ShadowDatabaseError naming the statement the shadow database refused
 */
export async function proveOnShadow(
  context: Context,
  shadows: readonly ShadowTarget[],
  plan: SchemaMigrationReport,
  replan: () => Promise<SchemaMigrationReport>,
): Promise<ShadowProof> {
  const changed = plan.dataSources.filter(ds => ds.statements.length > 0);
  const inverses = new Map<string, InverseStatement[]>();
  if (changed.length === 0) return {warnings: [], inverses};
  const runs: ShadowRun[] = [];
  for (const result of changed) {
    const shadow = shadows.find(s => s.target.name === result.name);
    const dataSource: unknown = shadow
      ? await context.get(shadow.target.bindingKey)
      : undefined;
    const connector = isJugglerDataSource(dataSource)
      ? dataSource.connector
      : undefined;
    if (!shadow || !connector) {
      throw new Error(`no shadow datasource for datasource "${result.name}"`);
    }
    const {dialect} = shadow;
    const statements = result.statements.map(s => s.sql);
    const before = await dialect.shadow.indexes?.(connector);
    const definitions = await readDefinitions(dialect, connector, statements);
    // Read again before each statement: an earlier one may have changed
    // them; and after it, for the indexes the server dropped by itself.
    const previous: (PreviousDefinitions | undefined)[] = [];
    const following: (PreviousDefinitions | undefined)[] = [];
    await runAll(
      plan,
      result.name,
      connector,
      statements,
      'planned statement',
      async sql => {
        if (previous.length > 0) {
          following.push(
            await dialect.shadow.definitions(
              connector,
              statements[previous.length - 1],
            ),
          );
        }
        previous.push(await dialect.shadow.definitions(connector, sql));
      },
      result.statements.map(s => s.willFail),
    );
    following.push(
      await dialect.shadow.definitions(
        connector,
        statements[statements.length - 1],
      ),
    );
    const after = await dialect.shadow.indexes?.(connector);
    const made = new Set([...(after ?? [])].filter(i => !before?.has(i)));
    inverses.set(
      result.name,
      statements.map((sql, i) =>
        dialect.inverseOf(sql, {
          implicit: made,
          previous: previous[i],
          vanished: vanishedIndexes(previous[i], following[i]),
        }),
      ),
    );
    runs.push({
      name: result.name,
      connector,
      dialect,
      statements,
      before,
      definitions,
    });
  }
  const warnings = leftOver(await replan(), 'after the generated statements');
  // down(), where every statement has an exact inverse, must bring back the
  // schema the plan started from: planning again gives the same statements.
  const undone: ShadowRun[] = [];
  for (const run of runs) {
    const exact = inverses.get(run.name) ?? [];
    if (exact.some(inverse => 'none' in inverse)) continue;
    const down = exact
      .flatMap(inverse => ('sql' in inverse ? [inverse.sql] : []))
      .reverse();
    await runAll(
      plan,
      run.name,
      run.connector,
      down,
      'inverse statement (down())',
    );
    const left = await run.dialect.shadow.indexes?.(run.connector);
    const extra = [...(left ?? [])].filter(i => !run.before?.has(i));
    if (extra.length > 0) {
      warnings.push(
        `down() of datasource "${run.name}" leaves index(es) the plan made: ` +
          `${extra.join(', ')}; review down()`,
      );
    }
    const changed = await changedDefinitions(run);
    if (changed.length > 0) {
      warnings.push(
        `down() of datasource "${run.name}" does not bring back the ` +
          `definitions the plan started from, read for ${changed
            .map(sql => oneLine(sql))
            .join('; ')}; review down()`,
      );
    }
    undone.push(run);
  }
  if (undone.length === 0) return {warnings, inverses};
  const again = await replan();
  for (const run of undone) {
    // What down() leaves in place (CREATE SCHEMA IF NOT EXISTS) is there
    // still, so the plan may leave it out now: it is not compared.
    const kept = keptInPlace(run, inverses.get(run.name) ?? []);
    const replanned = again.dataSources
      .find(ds => ds.name === run.name)
      ?.statements.map(s => s.sql);
    if (
      !sameStatements(
        (replanned ?? []).filter(sql => !kept.has(sql)),
        run.statements.filter(sql => !kept.has(sql)),
      )
    ) {
      warnings.push(
        `down() of datasource "${run.name}" does not bring back the schema ` +
          'the plan started from: after up() and down() on the shadow database ' +
          `the models need ${oneLine((replanned ?? []).join('; ')) || 'nothing'} ` +
          `instead of ${oneLine(run.statements.join('; '))}; review down()`,
      );
    }
  }
  return {warnings, inverses};
}

/** A datasource's plan, run on its shadow database. */
interface ShadowRun {
  readonly name: string;
  readonly connector: JugglerConnector;
  readonly dialect: Dialect;
  readonly statements: readonly string[];
  /** The database's indexes before the plan ran, where the dialect reads them. */
  readonly before?: ReadonlySet<string>;
  /** What each statement's definitions were before the plan ran (as text). */
  readonly definitions: readonly (string | undefined)[];
}

/** The definitions each statement replaces, as text, before it runs. */
async function readDefinitions(
  dialect: Dialect,
  connector: JugglerConnector,
  statements: readonly string[],
): Promise<(string | undefined)[]> {
  const texts: (string | undefined)[] = [];
  for (const sql of statements) {
    const definitions = await dialect.shadow.definitions(connector, sql);
    texts.push(definitions && definitionsText(definitions));
  }
  return texts;
}

/** The statements whose definitions are not what they were before the plan ran. */
async function changedDefinitions(run: ShadowRun): Promise<string[]> {
  const now = await readDefinitions(run.dialect, run.connector, run.statements);
  return run.statements.filter((_, i) => now[i] !== run.definitions[i]);
}

/**
 * Whether two plans hold the same statements, in any order: the connector
 * lists a table's indexes in the catalog's order, which changes when
 * `down()` makes them again (last first), so dropping them is planned in
 * another order over the same schema.
 */
function sameStatements(a: readonly string[], b: readonly string[]): boolean {
  return JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
}

/** The statements of a run that its `down()` leaves in place (`kept`). */
function keptInPlace(
  run: ShadowRun,
  inverses: readonly InverseStatement[],
): Set<string> {
  return new Set(
    run.statements.filter((_, index) => 'kept' in inverses[index]),
  );
}

async function runAll(
  plan: SchemaMigrationReport,
  dataSource: string,
  connector: JugglerConnector,
  statements: readonly string[],
  what: string,
  beforeEach?: (sql: string) => Promise<void>,
  predicted: readonly (string | undefined)[] = [],
): Promise<void> {
  for (const [index, sql] of statements.entries()) {
    await beforeEach?.(sql);
    try {
      await queryConnector(connector, sql);
    } catch (err) {
      throw new ShadowDatabaseError(
        `The ${what} ${index + 1} of datasource "${dataSource}" ` +
          `fails on the shadow database, ${failureCause(predicted[index])}; ` +
          `nothing was written. Statement: ${sql}. Error: ` +
          `${errorMessage(err)}.` +
          (predicted[index] === undefined
            ? ' When data a migration script stores stands in the way, write ' +
              'a script that makes the change possible (a back-fill), build, ' +
              'and generate again.'
            : ''),
        err,
        plan,
      );
    }
  }
}

/**
 * Why a statement failed on the shadow database, in words: the plan's
 * predicted failure (a model the database cannot take, which says how to fix
 * the model) when it had one, else that the script would fail too.
 */
function failureCause(predicted: string | undefined): string {
  return predicted === undefined
    ? 'so the script would fail too'
    : `as the plan predicted: ${predicted}`;
}

/** A warning for each datasource whose models still need statements. */
function leftOver(report: SchemaMigrationReport, when: string): string[] {
  return report.dataSources
    .filter(ds => ds.statements.length > 0)
    .map(
      ds =>
        `${when}, the models planned again on the shadow database of ` +
        `datasource "${ds.name}" still need ${ds.statements.length} ` +
        `statement(s) (${oneLine(ds.statements.map(s => s.sql).join('; '))}): ` +
        'the next --generate would write them again; review the file',
    );
}

/** The indexes of `before` that `after` (the same table, later) has not. */
function vanishedIndexes(
  before: PreviousDefinitions | undefined,
  after: PreviousDefinitions | undefined,
): ReadonlyMap<string, string> {
  if (!before || !after) return new Map();
  return new Map(
    [...before.indexes].filter(([name]) => !after.indexes.has(name)),
  );
}
