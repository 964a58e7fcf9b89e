import type {DatabaseKind, TestDatabase} from '../test/support/databases';
import {dropAddedColumns, readSchemaState, type SchemaState} from './catalog';
import {dropDatabase, freshDatabase} from './databases';
import {ADDED_PROPERTY} from './models';
import {replayStatements} from './plan';

/**
 * The starting state of scenarios (b) and (c): a database holding the
 * complete, current schema, made by replaying our plan's statements (so it
 * costs neither implementation anything), and put back before every run.
 */
export class BaseSchema {
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
