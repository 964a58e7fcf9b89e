import type {PlanCache} from '../dialects/dialect';
import type {ExecuteObserver, JugglerConnector} from '../juggler';
import type {CatalogSnapshot, ReadAnswer} from './snapshot';
import type {Dialect} from '../dialects/contract';

/**
 * Statements that change the schema. Connectors read the catalog with
 * SELECT / SHOW and change it with these; only these are captured.
 */
const SCHEMA_CHANGE = /^\s*(CREATE|ALTER|DROP|RENAME|COMMENT|TRUNCATE)\b/i;

/** Statements that only read. Anything else may write. */
const READ = /^\s*(SELECT|SHOW|DESCRIBE|DESC|EXPLAIN)\b/i;

/** Whether a statement changes the schema (what a plan captures). */
export function isSchemaChange(sql: string): boolean {
  return SCHEMA_CHANGE.test(sql);
}

/** Whether a statement may write: schema or data (anything but a read). */
export function isWrite(sql: string): boolean {
  return !READ.test(sql);
}

const queues = new WeakMap<object, Promise<unknown>>();

/**
 * Run `work` (connector migration code) with every schema-changing statement
 * it sends (every statement `captures` accepts) captured instead of
 * executed, and return those statements in the order the connector sent them.
 *
 * Juggler's `SQLConnector.execute` notifies `before execute` observers; ours
 * records a DDL statement and answers it with `ctx.end(null, [])`, so the
 * connector carries on as if it had run. Catalog reads pass through, after
 * `reads.rewriteRead`; their rows go through `reads.adjustRead`. Empty
 * statements (the PostgreSQL connector sends one for "no index change") are
 * answered without a round trip. Captures on one connector never overlap.
 */
export function captureSchemaChanges(
  connector: JugglerConnector,
  work: () => Promise<unknown>,
  reads: CatalogReadHooks = {},
  captures: (sql: string) => boolean = isSchemaChange,
): Promise<string[]> {
  const previous = queues.get(connector) ?? Promise.resolve();
  const capture = () => captureNow(connector, work, reads, captures);
  const run = previous.then(capture, capture);
  queues.set(
    connector,
    run.catch(() => undefined),
  );
  return run;
}

/**
 * Mends, in place, the rows of a catalog read before the connector sees
 * them, where the connector misreads what the database reports.
 */
export type ReadAdjuster = (sql: string, rows: unknown) => void;

/**
 * Rewrites a catalog read before it is sent, where the connector reads less
 * than it compares (the SQL to send; the SQL itself when nothing changes).
 */
export type ReadRewriter = (sql: string) => string;

/** What a dialect does to the catalog reads of a capture. */
export interface CatalogReadHooks {
  readonly rewriteRead?: ReadRewriter;
  readonly adjustRead?: ReadAdjuster;
  /** Answers reads from a catalog snapshot instead of the database. */
  readonly answerRead?: (sql: string) => ReadAnswer | undefined;
}

/**
 * Capture what the connector would send to migrate one model (see
 * {@link captureSchemaChanges}), with the dialect's catalog read hooks,
 * split into single statements, without those (and those clauses) that
 * would change nothing: connector diffs that never settle. A statement that
 * is neither a read nor a schema change as sent, but one once the dialect
 * normalizes it (a connector's garbled prefix), is captured too: sent, it
 * would fail, or change the schema while planning.
 */
export async function captureModelChanges(
  connector: JugglerConnector,
  dialect: Dialect,
  model: string,
  work: () => Promise<unknown>,
  snapshot?: CatalogSnapshot,
  cache?: PlanCache,
): Promise<string[]> {
  const captured = await captureSchemaChanges(
    connector,
    work,
    {
      rewriteRead: sql => dialect.rewriteRead?.(sql, connector, model) ?? sql,
      adjustRead: (sql, rows) =>
        dialect.adjustRead?.(sql, rows, connector, model),
      answerRead: snapshot ? sql => snapshot.answer(sql) : undefined,
    },
    sql =>
      isSchemaChange(sql) ||
      (isWrite(sql) && dialect.normalize(sql).some(isSchemaChange)),
  );
  const statements = captured.flatMap(text =>
    dialect.normalize(text, {connector, model}),
  );
  return dialect.withoutNoOps(connector, model, statements, cache);
}

async function captureNow(
  connector: JugglerConnector,
  work: () => Promise<unknown>,
  reads: CatalogReadHooks,
  captures: (sql: string) => boolean,
): Promise<string[]> {
  const {observe, removeObserver} = connector;
  if (!observe || !removeObserver) {
    throw new Error(
      `the ${connector.name} connector has no execute observers; its statements cannot be planned`,
    );
  }
  const captured: string[] = [];
  const observer: ExecuteObserver = (ctx, next) => {
    const sql = ctx.req.sql;
    if (sql.trim() === '') return ctx.end(null, []);
    if (!captures(sql)) {
      const read = reads.rewriteRead ? reads.rewriteRead(sql) : sql;
      const answer = reads.answerRead?.(read);
      if (answer && 'error' in answer) return ctx.end(answer.error);
      if (answer) {
        reads.adjustRead?.(read, answer.rows);
        return ctx.end(null, answer.rows);
      }
      // Juggler sends `ctx.req.sql` once the observers are done.
      (ctx.req as {sql: string}).sql = read;
      return next();
    }
    captured.push(sql);
    ctx.end(null, []);
  };
  const afterRead: ExecuteObserver = (ctx, next) => {
    reads.adjustRead?.(ctx.req.sql, ctx.res);
    next();
  };
  observe.call(connector, 'before execute', observer);
  observe.call(connector, 'after execute', afterRead);
  try {
    await work();
  } finally {
    removeObserver.call(connector, 'before execute', observer);
    removeObserver.call(connector, 'after execute', afterRead);
  }
  return captured;
}
