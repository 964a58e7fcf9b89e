import type {DatabaseKind} from '../../test/support/databases';
import type {ModelVersion} from './models';

/** Which `migrateSchema()` migrates: LoopBack's own, or this package's. */
export type Implementation = 'stock' | 'ours';

/** What the parent asks a migrating child process to do. */
export interface MigrateJob {
  readonly kind: DatabaseKind;
  readonly implementation: Implementation;
  readonly version: ModelVersion;
  /** Passed to `app.migrateSchema()` as they are. */
  readonly options: Record<string, unknown>;
  /** The juggler datasource settings of the database to migrate. */
  readonly dataSource: Record<string, unknown>;
}

/** The outcome of the migration, as the child saw it. */
export interface MigrateResult {
  /** Wall time of `app.migrateSchema()`, ms. */
  readonly ms: number;
  /** Schema-changing statements the app's drivers sent during the call. */
  readonly ddl: number;
  /** Every query the app's drivers sent during the call. */
  readonly roundTrips: number;
  /** The first schema-changing statements sent (shortened). */
  readonly ddlSamples: readonly string[];
  /** The warnings of the report `migrateSchema()` resolved to (ours), e.g. unread options. */
  readonly warnings: readonly string[];
  /** Set when the call failed: the error's code and message. */
  readonly error?: string;
}

/** Messages from the child: built and connected; then the result. */
export type MigrateMessage =
  | {readonly type: 'ready'}
  | {readonly type: 'done'; readonly result: MigrateResult}
  | {readonly type: 'crashed'; readonly error: string};

/** Sent by the parent when the child should call `migrateSchema()`. */
export interface GoMessage {
  readonly type: 'go';
}

/** Type guard for a message from the child. */
export function isMigrateMessage(value: unknown): value is MigrateMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type: unknown = Reflect.get(value, 'type');
  return type === 'ready' || type === 'done' || type === 'crashed';
}
