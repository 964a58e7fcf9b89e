import {UnknownDataSourceError, UnknownModelError} from '../errors';
import type {ResolvedMigrationOptions} from '../options';
import type {DataSourceTarget} from './data-sources';

/** A datasource chosen for this run, with the models it migrates. */
export interface SelectedTarget {
  readonly target: DataSourceTarget;
  readonly models: readonly string[];
}

/**
 * Apply the `dataSources` and `models` options. Every name must exist: an
 * unknown one is an error before anything changes. Each datasource gets only
 * the listed models that are attached to it; one migrated by its own method
 * whose models no connector registry lists gets the list as it is, as
 * LoopBack gives it (so while one is selected, a name no connector lists is
 * not an error).
 */
export function selectTargets(
  targets: readonly DataSourceTarget[],
  options: Pick<ResolvedMigrationOptions, 'dataSources' | 'models'>,
): SelectedTarget[] {
  const chosen = chooseDataSources(targets, options.dataSources);
  const requested = options.models;
  if (!requested) {
    return chosen.map(target => ({target, models: target.attachedModels}));
  }
  const known = new Set(chosen.flatMap(t => t.attachedModels));
  const unknown = requested.filter(model => !known.has(model));
  // LoopBack hands the list as it is to a datasource's own method, which
  // may know models that no connector lists.
  const anyModelTaken = chosen.some(takesAnyModel);
  if (unknown.length > 0 && !anyModelTaken) {
    const byDataSource = chosen
      .map(t => `${t.name}: ${t.attachedModels.join(', ') || '(none)'}`)
      .join('; ');
    throw new UnknownModelError(
      `Unknown model${unknown.length > 1 ? 's' : ''} ${quoteAll(unknown)} in the models option: ` +
        `no ${options.dataSources ? 'selected ' : ''}datasource has ${unknown.length > 1 ? 'them' : 'it'}` +
        `${hint(unknown, [...known])}. Model names are case-sensitive; ` +
        `models by datasource: ${byDataSource || '(no datasources)'}.`,
      unknown,
    );
  }
  return chosen.map(target => ({
    target,
    models: takesAnyModel(target)
      ? requested
      : target.attachedModels.filter(model => requested.includes(model)),
  }));
}

/**
 * Whether a datasource takes any model name: one migrated by its own method
 * without a connector that registers its models. A juggler datasource whose
 * connector does (its own `autoupdate()` calls juggler's, or its connector's
 * own) refuses names not attached to it: it gets only those that are.
 */
function takesAnyModel(target: DataSourceTarget): boolean {
  const registry = target.dataSource?.connector?._models;
  return !!target.ownMigration && (typeof registry !== 'object' || !registry);
}

function chooseDataSources(
  targets: readonly DataSourceTarget[],
  names: readonly string[] | undefined,
): readonly DataSourceTarget[] {
  if (!names) return targets;
  const bound = targets.map(t => t.name);
  const unknown = names.filter(name => !bound.includes(name));
  if (unknown.length > 0) {
    throw new UnknownDataSourceError(
      `Unknown datasource${unknown.length > 1 ? 's' : ''} ${quoteAll(unknown)} in the dataSources option` +
        `${hint(unknown, bound)}. Bound datasources: ${bound.join(', ') || '(none)'} ` +
        '(use the name as bound: "db" for "datasources.db").',
      unknown,
    );
  }
  return targets.filter(t => names.includes(t.name));
}

function quoteAll(names: readonly string[]): string {
  return names.map(n => `"${n}"`).join(', ');
}

/** A case-insensitive or `datasources.`-prefixed near miss, as a hint. */
function hint(unknown: readonly string[], known: readonly string[]): string {
  const matches = unknown.flatMap(name => {
    const bare = name.replace(/^datasources\./, '').toLowerCase();
    const match = known.find(k => k.toLowerCase() === bare);
    return match ? [`"${match}" for "${name}"`] : [];
  });
  return matches.length ? ` (did you mean ${matches.join(', ')}?)` : '';
}
