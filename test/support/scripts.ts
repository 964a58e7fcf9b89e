import type {
  MigrationContext,
  MigrationScript,
  MigrationScriptPhase,
  MigrationScriptClass,
} from '../../src';
import type {ModelSpec} from './app-builder';
import type {DatabaseKind, TestDatabase} from './databases';

/** A model whose table the test scripts write to. */
export const NOTE_MODEL: ModelSpec = {
  name: 'Note',
  properties: {
    id: {type: 'number', id: true, generated: true},
    text: {type: 'string'},
  },
};

/** `NOTE_MODEL` with one more column: its plan is one `ALTER TABLE`. */
export const NOTE_MODEL_WITH_BODY: ModelSpec = {
  ...NOTE_MODEL,
  properties: {...NOTE_MODEL.properties, body: {type: 'string'}},
};

/** The `Note` table, as SQL names it on each database. */
export function noteTable(kind: DatabaseKind): string {
  return kind === 'postgresql' ? 'note' : '`Note`';
}

/** The texts stored in the `Note` table, in insertion order. */
export async function notes(db: TestDatabase): Promise<string[]> {
  const rows = await db.query<{text: string}>(
    `SELECT text FROM ${noteTable(db.kind)} ORDER BY id`,
  );
  return rows.map(r => r.text);
}

/** What a test script is made of. */
export interface ScriptSpec {
  readonly version: string;
  readonly description?: string;
  readonly dataSource?: string;
  readonly runs?: MigrationScriptPhase;
  /** The script's own time limit, in ms. */
  readonly timeoutMs?: number;
  /** The class name; `Script_<version>` by default. */
  readonly name?: string;
  /** An initial script (`initial = true`), as `--generate NAME --initial` writes. */
  readonly initial?: boolean;
  /** `coveredByInitial = true`: an initial script makes what it changes. */
  readonly coveredByInitial?: boolean;
  up(ctx: MigrationContext): Promise<unknown>;
  down?(ctx: MigrationContext): Promise<unknown>;
}

/** A migration script class made of a spec (its `up`/`down` are the spec's). */
export function defineScript(spec: ScriptSpec): MigrationScriptClass {
  const cls = class implements MigrationScript {
    version = spec.version;
    description = spec.description;
    dataSource = spec.dataSource;
    runs = spec.runs;
    timeoutMs = spec.timeoutMs;
    initial = spec.initial;
    coveredByInitial = spec.coveredByInitial;
    up = spec.up;
    down = spec.down;
  };
  Object.defineProperty(cls, 'name', {
    value: spec.name ?? `Script_${spec.version.replace(/\W/g, '_')}`,
  });
  return cls;
}

/** An `up`/`down` that inserts a note with this text through `ctx.execute`. */
export function insertNote(
  text: string,
  log?: string[],
): (ctx: MigrationContext) => Promise<void> {
  return async ctx => {
    log?.push(`${ctx.direction} ${text}`);
    const mysql = ctx.dataSource.connector?.name === 'mysql';
    await ctx.execute(
      `INSERT INTO ${mysql ? '`Note`' : 'note'} (text) VALUES (${mysql ? '?' : '$1'})`,
      [text],
    );
  };
}

/** A script that inserts note `up:<version>` and, on down, `down:<version>`. */
export function noteScript(
  version: string,
  log?: string[],
  extra: Partial<ScriptSpec> = {},
): MigrationScriptClass {
  return defineScript({
    version,
    description: `note ${version}`,
    up: insertNote(`up:${version}`, log),
    down: insertNote(`down:${version}`, log),
    ...extra,
  });
}

/** The versions in the ledger of the test database, sorted as strings. */
export async function ledgerVersions(
  db: TestDatabase,
  table = 'schema_migration_scripts',
): Promise<string[]> {
  const rows = await db.query<{version: string}>(
    `SELECT version FROM ${table} ORDER BY version`,
  );
  return rows.map(r => r.version);
}
