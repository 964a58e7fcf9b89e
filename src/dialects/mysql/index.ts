import type {Dialect} from '../contract';
import {lazyDialect} from '../lazy-dialect';
import {mysqlCore} from './core';

/**
 * The dialect of `loopback-connector-mysql` (MySQL and MariaDB): its core,
 * and its planning, loaded by the first run that plans.
 */
export const mysqlDialect: Dialect = lazyDialect(
  mysqlCore,
  () => (require('./planning') as typeof import('./planning')).mysqlPlanning,
);
