import type {Dialect} from '../contract';
import {lazyDialect} from '../lazy-dialect';
import {postgresqlCore} from './core';

/**
 * The dialect of `loopback-connector-postgresql`: its core, and its
 * planning, loaded by the first run that plans.
 */
export const postgresqlDialect: Dialect = lazyDialect(
  postgresqlCore,
  () =>
    (require('./planning') as typeof import('./planning')).postgresqlPlanning,
);
