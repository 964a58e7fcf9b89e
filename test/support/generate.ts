import {mkdirSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import prettier from 'prettier';
import type {
  GenerateMigrationOptions,
  GeneratedMigration,
  MigrationScriptClass,
} from '../../src';
import {buildApp, closeApp, MigratingApp, type ModelSpec} from './app-builder';
import {catalog, dropAllTables} from './catalog';
import {skipOnEmbedded, type TestDatabase} from './databases';
import {compileGenerated, LIBRARY_MODULE} from './generated-files';

/** The ledger table, left out of schema comparisons. */
const LEDGER = 'schema_migration_scripts';

/** The catalog of the test database without the scripts' ledger. */
export async function schemaOf(db: TestDatabase) {
  const all = await catalog(db);
  return {
    columns: all.columns.filter(c => c.table !== LEDGER),
    indexes: all.indexes.filter(i => i.table !== LEDGER),
    foreignKeys: all.foreignKeys,
  };
}

/**
 * Compile a generated file into `<dist>/migrations` (as `npm run build`
 * would) and load its script classes. Throws the compiler's messages.
 */
export function buildGenerated(
  file: string,
  dist: string,
): MigrationScriptClass[] {
  const out = path.join(dist, 'migrations');
  mkdirSync(out, {recursive: true});
  const problems = compileGenerated(file, out);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const compiled = path.join(out, path.basename(file).replace(/\.ts$/, '.js'));
  delete require.cache[compiled];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = require(compiled) as Record<string, MigrationScriptClass>;
  return Object.values(exported);
}

/**
 * What a generate test works in: a temporary project (`dir`, new for each
 * test) that migrations are generated into (`src/migrations`) and compiled
 * in (`dist`), and apps on the test database, closed after each test.
 */
export interface GenerateProject {
  /** The project's directory; empty outside a test. */
  readonly dir: string;
  /** An app with these models and scripts, closed after the test. */
  open(
    models: readonly ModelSpec[],
    scripts?: readonly MigrationScriptClass[],
  ): MigratingApp;
  /** `app.generateMigrationScript()` into the project's `src/migrations`. */
  generate(
    app: MigratingApp,
    name: string,
    version: string,
    options?: Omit<GenerateMigrationOptions, 'directory' | 'version'>,
  ): Promise<GeneratedMigration>;
  /** {@link buildGenerated} into the project's `dist`. */
  build(file: string): MigrationScriptClass[];
}

/**
 * The generate suites' fixture, called in a `describe()`: before each
 * test, the test database's tables are dropped and a new project directory
 * made (`lsm-<label>-*`); after it, its apps are closed and the directory
 * removed. A test skipped before its directory was made leaves none.
 */
export function generateProject(
  db: () => TestDatabase,
  label: string,
): GenerateProject {
  let dir = '';
  const apps: MigratingApp[] = [];
  beforeEach(async () => {
    await dropAllTables(db());
    dir = mkdtempSync(path.join(tmpdir(), `lsm-${label}-`));
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await closeApp(app);
    if (dir) rmSync(dir, {recursive: true, force: true});
    dir = '';
  });
  return {
    get dir() {
      return dir;
    },
    open(models, scripts = []) {
      const app = buildApp(MigratingApp, {db: db().dataSourceConfig}, models);
      for (const script of scripts) app.migrationScript(script);
      apps.push(app);
      return app;
    },
    generate: (app, name, version, options = {}) =>
      app.generateMigrationScript(name, {
        directory: path.join(dir, 'src/migrations'),
        version,
        importFrom: LIBRARY_MODULE,
        ...options,
      }),
    build: file => buildGenerated(file, path.join(dir, 'dist')),
  };
}

/** Why `--generate` cannot run on the embedded PostgreSQL. */
const ONE_DATABASE =
  'an embedded PostgreSQL has one database: the shadow database would be this one';

/**
 * Skip the calling suite (from a `before` hook) or test on the embedded
 * PostgreSQL: `--generate` plans on a shadow database it creates beside the
 * test one (or on a given one), and PGlite holds one database.
 */
export function skipWithoutShadow(
  context: Mocha.Context,
  db: TestDatabase | undefined,
): void {
  skipOnEmbedded(context, db, ONE_DATABASE);
}

/**
 * {@link generateProject} for the suites whose every test generates on a
 * shadow database: each is skipped on the embedded PostgreSQL (see
 * {@link skipWithoutShadow}) before its tables are dropped and its
 * directory made.
 */
export function shadowProject(
  db: () => TestDatabase,
  label: string,
): GenerateProject {
  beforeEach(function () {
    skipWithoutShadow(this, db());
  });
  return generateProject(db, label);
}

/**
 * `Tag`, a model of its own table: left out of the models, it leaves a
 * table no model maps.
 */
export const TAG: ModelSpec = {
  name: 'Tag',
  properties: {
    id: {type: 'number', id: true, generated: true},
    label: {type: 'string'},
  },
};

/** The file formatted by Prettier with this repository's settings. */
export async function prettierFormatted(file: string): Promise<string> {
  const text = readFileSync(file, 'utf8');
  const options = await prettier.resolveConfig(file, {
    config: path.resolve(__dirname, '../../../.prettierrc.json'),
  });
  return prettier.format(text, {...options, parser: 'typescript'});
}

/** `Todo` and `TodoList` (v1), and `Todo` with a required-free `priority` column and an index on it (v2). */
export function todoModelsV2(v1: readonly ModelSpec[]): ModelSpec[] {
  return v1.map(spec =>
    spec.name !== 'Todo'
      ? spec
      : {
          ...spec,
          properties: {...spec.properties, priority: {type: 'number'}},
          settings: {
            ...spec.settings,
            indexes: {todo_priority_idx: {keys: {priority: 1}}},
          },
        },
  );
}

/** The todo models with Todo's `isComplete` made required. */
export function withRequiredIsComplete(
  models: readonly ModelSpec[],
): ModelSpec[] {
  return models.map(spec =>
    spec.name !== 'Todo'
      ? spec
      : {
          ...spec,
          properties: {
            ...spec.properties,
            isComplete: {type: 'boolean', required: true},
          },
        },
  );
}

/** v2 without `isComplete`: a dropped column, which has no exact inverse. */
export function todoModelsV3(v2: readonly ModelSpec[]): ModelSpec[] {
  return v2.map(spec => {
    if (spec.name !== 'Todo') return spec;
    const properties = {...spec.properties};
    delete properties.isComplete;
    return {...spec, properties};
  });
}

/**
 * A generated file's header comment as one line of prose: its `//` markers
 * and the line breaks of its wrapped notes left out.
 */
export function headerText(text: string): string {
  const lines = text.split('\n');
  const end = lines.findIndex(line => !line.startsWith('//'));
  return lines
    .slice(0, end)
    .map(line => line.replace(/^\/\/\s*/, ''))
    .join(' ')
    .replace(/\s+/g, ' ');
}
