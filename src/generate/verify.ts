import type {Context} from '@loopback/core';
import {ShadowDatabaseError} from '../errors';
import {isJugglerDataSource, queryConnector} from '../juggler';
import type {SchemaMigrationReport} from '../types';
import type {ShadowTarget} from './shadow-context';

/**
 * Prove a plan on the shadow databases before it is written: run each
 * datasource's statements there, in order, as the generated `up()` will,
 * then plan the models again (`replan`). Resolves to a warning for each
 * datasource where the second plan still has statements (the connector's
 * diff does not settle on the change).
 *
 * @throws ShadowDatabaseError naming the statement the shadow database refused
 */
export async function proveOnShadow(
  context: Context,
  shadows: readonly ShadowTarget[],
  plan: SchemaMigrationReport,
  replan: () => Promise<SchemaMigrationReport>,
): Promise<string[]> {
  const changed = plan.dataSources.filter(ds => ds.statements.length > 0);
  if (changed.length === 0) return [];
  for (const result of changed) {
    const shadow = shadows.find(s => s.target.name === result.name);
    const dataSource: unknown = shadow
      ? await context.get(shadow.target.bindingKey)
      : undefined;
    const connector = isJugglerDataSource(dataSource)
      ? dataSource.connector
      : undefined;
    if (!connector) {
      throw new Error(`no shadow datasource for datasource "${result.name}"`);
    }
    for (const [index, statement] of result.statements.entries()) {
      try {
        await queryConnector(connector, statement.sql);
      } catch (err) {
        throw new ShadowDatabaseError(
          `The planned statement ${index + 1} of datasource "${result.name}" ` +
            `fails on the shadow database, so the script would fail too; nothing ` +
            `was written. Statement: ${statement.sql}. Error: ` +
            `${err instanceof Error ? err.message : String(err)}. When data a ` +
            'migration script stores stands in the way, write a script that ' +
            'makes the change possible (a back-fill), build, and generate again.',
          err,
        );
      }
    }
  }
  const again = await replan();
  return again.dataSources
    .filter(ds => ds.statements.length > 0)
    .map(
      ds =>
        `after the generated statements, the models planned again on the shadow ` +
        `database of datasource "${ds.name}" still need ${ds.statements.length} ` +
        `statement(s) (${ds.statements.map(s => s.sql.replace(/\s+/g, ' ')).join('; ')}): ` +
        'the next --generate would write them again; review the file',
    );
}
