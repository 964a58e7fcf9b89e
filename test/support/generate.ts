import {mkdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import prettier from 'prettier';
import type {MigrationScriptClass} from '../../src';
import type {ModelSpec} from './app-builder';
import {catalog} from './catalog';
import type {TestDatabase} from './databases';
import {compileGenerated} from './generated-files';

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

/** v2 without `isComplete`: a dropped column, which has no exact inverse. */
export function todoModelsV3(v2: readonly ModelSpec[]): ModelSpec[] {
  return v2.map(spec => {
    if (spec.name !== 'Todo') return spec;
    const properties = {...spec.properties};
    delete properties.isComplete;
    return {...spec, properties};
  });
}
