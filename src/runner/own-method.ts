import type {DataSourceTarget} from '../discovery/data-sources';
import type {StockMigratable} from '../discovery/own-migration';
import {ensureConnected, type ExecuteObserver} from '../juggler';
import {captureSchemaChanges, isWrite} from '../planner/capture';
import {destructiveReason} from '../planner/sql-text';
import type {MigrationOperation, PlannedStatement} from '../types';
import type {Dialect} from '../dialects/contract';

/**
 * A datasource migrated by its own `autoupdate()`/`automigrate()`, called
 * exactly as LoopBack's `migrateSchema()` calls it: same method, same
 * `models` argument (the option as given, `undefined` for all).
 */
export interface OwnMigration {
  readonly target: DataSourceTarget & {
    readonly ownMigration: {readonly target: StockMigratable};
  };
  readonly operation: MigrationOperation;
  readonly models: string[] | undefined;
  /** Set for the PostgreSQL and MySQL connectors: their SQL can be captured. */
  readonly dialect: Dialect | undefined;
}

/**
 * What the method would send, without sending it: on a SQL connector it is
 * called with every statement that may write (schema or data) captured, not
 * executed; reads still reach the database. `undefined` where it cannot be
 * called without running it for real (then a dry run does not call it).
 */
export async function planOwnMigration(
  own: OwnMigration,
): Promise<PlannedStatement[] | undefined> {
  const {dataSource} = own.target;
  const connector = dataSource?.connector;
  if (!own.dialect || !dataSource || !connector) return undefined;
  await ensureConnected(dataSource);
  const captured = await captureSchemaChanges(
    connector,
    () => callOwnMethod(own),
    {},
    isWrite,
  );
  return toStatements(captured, own.dialect);
}

/**
 * Call the method for real; resolve to the statements it sent that may
 * write, in order (none are known for connectors that have no SQL).
 */
export async function runOwnMigration(
  own: OwnMigration,
): Promise<PlannedStatement[]> {
  const connector = own.target.dataSource?.connector;
  const {observe, removeObserver} = connector ?? {};
  if (!connector || !observe || !removeObserver) {
    await callOwnMethod(own);
    return [];
  }
  const sent: string[] = [];
  const recorder: ExecuteObserver = (ctx, next) => {
    if (isWrite(ctx.req.sql) && ctx.req.sql.trim() !== '') {
      sent.push(ctx.req.sql);
    }
    next();
  };
  observe.call(connector, 'before execute', recorder);
  try {
    await callOwnMethod(own);
  } finally {
    removeObserver.call(connector, 'before execute', recorder);
  }
  return toStatements(sent, own.dialect);
}

async function callOwnMethod(own: OwnMigration): Promise<void> {
  const target = own.target.ownMigration.target;
  const method = target[own.operation];
  if (!method) {
    throw new Error(
      `datasource "${own.target.name}" has no ${own.operation}()`,
    );
  }
  await method.call(target, own.models);
}

function toStatements(
  sent: readonly string[],
  dialect: Dialect | undefined,
): PlannedStatement[] {
  const texts = dialect ? sent.flatMap(s => dialect.normalize(s)) : sent;
  return texts.map(sql => {
    const reason = destructiveReason(sql);
    return {sql, destructive: reason !== undefined, ...(reason && {reason})};
  });
}
