import {setTimeout as sleep} from 'node:timers/promises';
import {SETTLED_SECONDS} from '../src/dialects/mysql/table-times';
import type {DatabaseKind, TestDatabase} from '../test/support/databases';
import {dropAddedColumns, readSchemaState, type SchemaState} from './catalog';
import {dropDatabase, freshDatabase} from './databases';
import {ADDED_PROPERTY} from './models';
import {replayStatements} from './plan';

/**
 * How long MariaDB's tables must stand unchanged before ours' fast path
 * reads their times rather than the whole catalog, and a second more:
 * they are dated by the second.
 */
const SETTLE_MS = (SETTLED_SECONDS + 1) * 1000;

/**
 * The starting state of scenarios (b) and (c): a database holding the
 * complete, current schema, made by replaying our plan's statements (so it
 * costs neither implementation anything), and put back before every run.
 */
export class BaseSchema {
  /** When the schema was last made (`performance.now()`). */
  private madeAt = performance.now();

  private constructor(
    private readonly kind: DatabaseKind,
    private readonly statements: readonly string[],
    private readonly scriptPath: string,
    private current: TestDatabase,
    /** The schema as replayed. */
    readonly state: SchemaState,
  ) {}

  /** Create the database and its schema. */
  static async create(
    kind: DatabaseKind,
    statements: readonly string[],
    scriptPath: string,
  ): Promise<BaseSchema> {
    const db = await freshDatabase(kind);
    await replayStatements(db, statements, scriptPath);
    const state = await readSchemaState(db, ADDED_PROPERTY);
    return new BaseSchema(kind, statements, scriptPath, db, state);
  }

  /** Another database with the same schema (one per implementation). */
  copy(): Promise<BaseSchema> {
    return BaseSchema.create(this.kind, this.statements, this.scriptPath);
  }

  /**
   * Resolves once the schema has stood as long as a server's that has been
   * running does for ours' fast path (MariaDB: {@link SETTLE_MS}).
   */
  async settled(): Promise<void> {
    if (this.kind !== 'mysql') return;
    await sleep(this.madeAt + SETTLE_MS - performance.now());
  }

  /** The database the next run migrates. */
  get db(): TestDatabase {
    return this.current;
  }

  /**
   * Put the schema back as it was created: drop the columns scenario (c)
   * added, then compare the fingerprint; when anything else differs, drop
   * the database and replay the schema on a fresh one. Returns what was
   * different, or `undefined` when the schema was intact.
   */
  async restore(): Promise<string | undefined> {
    const dropped = await dropAddedColumns(this.current, ADDED_PROPERTY);
    const now = await readSchemaState(this.current, ADDED_PROPERTY);
    if (now.fingerprint === this.state.fingerprint) return undefined;
    await dropDatabase(this.current);
    this.current = await freshDatabase(this.kind);
    await replayStatements(this.current, this.statements, this.scriptPath);
    this.madeAt = performance.now();
    return (
      `the schema differed from the starting state after the run` +
      ` (${now.tables} tables, ${now.foreignKeys} foreign keys` +
      `${dropped ? `, after dropping ${dropped} added columns` : ''}); rebuilt`
    );
  }

  /** Drop the database. */
  async dispose(): Promise<void> {
    await dropDatabase(this.current);
  }
}
