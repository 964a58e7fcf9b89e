import type {DataSourceTarget} from '../discovery/data-sources';
import type {ModelsElsewhere} from '../planner/plan';
import {databaseLane} from './concurrency';

/**
 * Where each model of the app is, as seen from each datasource (`model
 * datasource same-database`, sorted): the warnings about foreign keys to
 * models of other datasources depend on it, so a datasource's fingerprint
 * holds it (beside `AppTables.ownership`). Whether a datasource names the
 * same database, not how to reach it: no connection setting goes into a
 * fingerprint.
 */
export function modelLocations(
  targets: readonly DataSourceTarget[],
): (target: DataSourceTarget) => string[] {
  return target => {
    const lane = databaseLane(target);
    return targets
      .flatMap(other => {
        const same = databaseLane(other) === lane;
        return other.attachedModels.map(model =>
          JSON.stringify([model, other.name, same]),
        );
      })
      .sort();
  };
}

/**
 * For each datasource of a run, where the app's models not attached to it
 * are: the first other datasource each is attached to, and whether that
 * one names the same database (`databaseLane()`).
 */
export function modelsElsewhere(
  targets: readonly DataSourceTarget[],
): (target: DataSourceTarget) => ModelsElsewhere {
  const homes = new Map<string, DataSourceTarget>();
  for (const target of targets) {
    for (const model of target.attachedModels) {
      if (!homes.has(model)) homes.set(model, target);
    }
  }
  return target => ({
    bindingKey: target.bindingKey,
    homeOf: model => {
      const home = homes.get(model);
      if (!home || home.dataSource === target.dataSource) return undefined;
      return {
        dataSource: home.name,
        bindingKey: home.bindingKey,
        sameDatabase: databaseLane(home) === databaseLane(target),
      };
    },
  });
}
