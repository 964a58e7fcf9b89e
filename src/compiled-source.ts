import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';

/**
 * The source file a compiled file was built from, when it no longer exists
 * but its folder does, or that folder's parent (a subfolder deleted or
 * renamed as a whole): the compiled file is a stale copy left in the build
 * output after its source was deleted or renamed (`tsc` and `lb-tsc` never
 * remove an output file). `undefined` when the source exists, when there is
 * no source map, or when the sources are not there at all (an image that
 * ships only the build output).
 */
export function deletedSourceOf(file: string): string | undefined {
  const source = mappedSource(file);
  if (!source || existsSync(source)) return undefined;
  const folder = path.dirname(source);
  if (!existsSync(folder) && !existsSync(path.dirname(folder))) {
    return undefined;
  }
  return path.relative(process.cwd(), source);
}

/**
 * The absolute path of the first of the `sources` of the source map next to
 * a compiled file (`<file>.map`), if it has one that can be read.
 */
export function mappedSource(file: string): string | undefined {
  const map = `${file}.map`;
  if (!existsSync(map)) return undefined;
  try {
    const {sources, sourceRoot} = JSON.parse(readFileSync(map, 'utf8')) as {
      sources?: unknown;
      sourceRoot?: unknown;
    };
    const [first] = Array.isArray(sources) ? sources : [];
    if (typeof first !== 'string') return undefined;
    const root = typeof sourceRoot === 'string' ? sourceRoot : '';
    return path.resolve(path.dirname(map), root, first);
  } catch {
    // An unreadable map names no source: the caller names the file.
    return undefined;
  }
}
