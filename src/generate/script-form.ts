import type {SchemaMigrationReport} from '../types';
import type {ShadowTarget} from './shadow-context';

/**
 * The plan with each statement in the form a generated script runs
 * (`Dialect.scriptForm`): what is proven on the shadow database and written.
 */
export function inScriptForm(
  plan: SchemaMigrationReport,
  shadows: readonly ShadowTarget[],
): SchemaMigrationReport {
  return {
    ...plan,
    dataSources: plan.dataSources.map(ds => {
      const dialect = shadows.find(s => s.target.name === ds.name)?.dialect;
      if (!dialect?.scriptForm) return ds;
      return {
        ...ds,
        statements: ds.statements.map(statement => ({
          ...statement,
          sql: dialect.scriptForm?.(statement.sql) ?? statement.sql,
        })),
      };
    }),
  };
}
