import type {Dialect, DialectPlanning} from './contract';
import type {DialectCore} from './dialect-core';

/**
 * A dialect whose planning half is loaded on its first use: its core
 * answers an up-to-date start (the fingerprint's read, the tables' names,
 * the pool, the scripts' ledger), and the modules that plan and apply a
 * change are not even read from disk then (the package loads 121 of its
 * 399 modules, 38 ms against 95 ms for all of them; a plan loads ~140
 * more).
 *
 * `loadPlanning` is called once, at the first member the core lacks
 * (read, or asked for with `in`); a member of the core is never looked up
 * in the planning half. A member of the core that a dialect has not is
 * written `undefined` in its core, not left out (`DialectCore` types such
 * a member `X | undefined`, not optional, so that every core lists it):
 * else reading it would load the planning half to find nothing there
 * either.
 */
export function lazyDialect(
  core: DialectCore,
  loadPlanning: () => DialectPlanning,
): Dialect {
  let planning: DialectPlanning | undefined;
  const planningHalf = () => (planning ??= loadPlanning());
  return new Proxy(core as Dialect, {
    get: (target, key, receiver) =>
      key in target
        ? Reflect.get(target, key, receiver)
        : Reflect.get(planningHalf(), key, receiver),
    has: (target, key) => key in target || key in planningHalf(),
  });
}
