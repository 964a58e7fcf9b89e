import type {ArtifactOptions} from '@loopback/boot';
import type {Dirent} from 'node:fs';
import {readdir, stat} from 'node:fs/promises';
import path from 'node:path';
import {deletedSourceOf, mappedSource} from '../compiled-source';

/**
 * The artifacts LoopBack's boot loads that decide what a migration does,
 * by booter name (its key in `app.bootOptions`), with the booters' defaults.
 */
const LOADED: Readonly<Record<string, ArtifactOptions>> = {
  models: {dirs: ['models'], extensions: ['.model.js'], nested: true},
  repositories: {
    dirs: ['repositories'],
    extensions: ['.repository.js'],
    nested: true,
  },
  datasources: {
    dirs: ['datasources'],
    extensions: ['.datasource.js'],
    nested: true,
  },
};

/** A compiled file whose source file was deleted or renamed. */
export interface StaleBuildFile {
  /** Its absolute path. */
  readonly file: string;
  /** Its source file, from the working directory. */
  readonly source: string;
}

/**
 * What the run did with what the stale files declare, for their warnings:
 * a dry run `plans` it, a run `migrated` it, or `failed` (maybe because of
 * them: a stale repository whose model's source was deleted with it has an
 * `undefined` model).
 */
export type StaleFilesRun = 'plans' | 'migrated' | 'failed';

/**
 * Each model, repository or datasource file of a booted app's build output
 * (`app.projectRoot`, `dist` in an app made by lb4) whose source file was
 * deleted or renamed: `tsc` never removes an output file, so LoopBack's
 * boot still loads it, and the run migrates what it declares (a deleted
 * model's table made again, a renamed datasource's database migrated
 * twice). Reads two folder listings and one source map per folder, and the
 * source map of a file only when its source is not beside the others;
 * nothing when the sources are not there (an image with only the build
 * output), or a booter is given a `glob`. Asynchronous, so that it reads
 * while the run waits for the database. {@link staleBuildFileWarning} says
 * what each one means.
 */
export async function staleBuildFiles(app: object): Promise<StaleBuildFile[]> {
  const {projectRoot, bootOptions} = app as {
    projectRoot?: unknown;
    bootOptions?: Readonly<Record<string, ArtifactOptions | undefined>>;
  };
  if (typeof projectRoot !== 'string') return [];
  const folders = Object.entries(LOADED).flatMap(([booter, defaults]) => {
    const options = {...defaults, ...bootOptions?.[booter]};
    if (options.glob !== undefined) return [];
    const extensions = list(options.extensions);
    return list(options.dirs).map(dir =>
      staleIn(
        path.resolve(projectRoot, dir),
        extensions,
        options.nested === true,
      ),
    );
  });
  return (await Promise.all(folders)).flat();
}

function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : ([] as string[]).concat(value);
}

async function staleIn(
  folder: string,
  extensions: readonly string[],
  nested: boolean,
): Promise<StaleBuildFile[]> {
  const entries = await entriesOf(folder);
  const compiled = entries
    .filter(e => e.isFile() && extensions.some(x => e.name.endsWith(x)))
    .map(e => e.name)
    .sort();
  const below = nested
    ? entries
        .filter(e => e.isDirectory())
        .map(e => staleIn(path.join(folder, e.name), extensions, nested))
    : [];
  const [here, ...deeper] = await Promise.all([
    staleAmong(folder, compiled),
    ...below,
  ]);
  return [...here, ...deeper.flat()];
}

/**
 * The files of a folder whose source is gone, found from one source map
 * (the same rule as {@link deletedSourceOf}: the source's folder exists, or
 * that folder's parent).
 */
async function staleAmong(
  folder: string,
  names: readonly string[],
): Promise<StaleBuildFile[]> {
  if (names.length === 0) return [];
  const first = mappedSource(path.join(folder, names[0]));
  if (!first) return [];
  const sourceFolder = path.dirname(first);
  // A source subfolder deleted or renamed as a whole leaves every file of
  // its folder stale; with its parent gone too, the sources are not there
  // at all: an image with only the build output.
  if (
    !(await isFolder(sourceFolder)) &&
    !(await isFolder(path.dirname(sourceFolder)))
  ) {
    return [];
  }
  const sources = new Set((await entriesOf(sourceFolder)).map(e => e.name));
  return names
    .filter(name => !sources.has(name.replace(/\.js$/, '.ts')))
    .flatMap(name => {
      const file = path.join(folder, name);
      const source = deletedSourceOf(file);
      return source ? [{file, source}] : [];
    });
}

/** A folder's entries; none when it does not exist. */
async function entriesOf(folder: string): Promise<Dirent[]> {
  try {
    return await readdir(folder, {withFileTypes: true});
  } catch (err) {
    if (isMissing(err)) return [];
    throw err;
  }
}

async function isFolder(folder: string): Promise<boolean> {
  try {
    return (await stat(folder)).isDirectory();
  } catch (err) {
    if (isMissing(err)) return false;
    throw err;
  }
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** The report's warning for a stale build file, with the fix. */
export function staleBuildFileWarning(
  {file, source}: StaleBuildFile,
  run: StaleFilesRun,
): string {
  return (
    `${path.relative(process.cwd(), file)} was compiled from ${source}, which no longer ` +
    'exists: a stale copy left in the build output after its source was deleted or renamed ' +
    "(the TypeScript compiler never removes an output file). LoopBack's boot still loads it, " +
    WHAT_THE_RUN_DID[run] +
    ' Delete it, or clean the build (`npm run rebuild` in an app made by lb4), then run again.'
  );
}

const AS_IN_CODE =
  "as if it were in the code (a model's table, a repository's model, a datasource's database).";

const WHAT_THE_RUN_DID: Readonly<Record<StaleFilesRun, string>> = {
  plans: `so this run plans what it declares ${AS_IN_CODE}`,
  migrated: `so this run migrated what it declares ${AS_IN_CODE}`,
  failed:
    'which may be why this run failed: a stale file fails where it uses what was deleted ' +
    'with it (a repository whose model is now `undefined`: ' +
    "`Cannot read properties of undefined (reading 'definition')`).",
};
