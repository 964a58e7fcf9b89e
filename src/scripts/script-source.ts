import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';

/**
 * The file a compiled script comes from, for messages: the first of the
 * `sources` of the source map next to it (`<file>.map`), else the file
 * itself; relative to the working directory.
 */
export function scriptSourceFile(file: string): string {
  return path.relative(process.cwd(), mappedSource(file) ?? file);
}

/**
 * The source file a compiled script was built from, when it no longer exists
 * but its folder does: the compiled file is a stale copy left in the build
 * output after its source was deleted or renamed (`tsc` and `lb-tsc` never
 * remove an output file). `undefined` when the source exists, when there is
 * no source map, or when the sources are not there at all (an image that
 * ships only the build output).
 */
export function deletedSourceOf(file: string): string | undefined {
  const source = mappedSource(file);
  if (!source || existsSync(source) || !existsSync(path.dirname(source))) {
    return undefined;
  }
  return path.relative(process.cwd(), source);
}

function mappedSource(file: string): string | undefined {
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
    // An unreadable map is no reason to refuse the script: name the file.
    return undefined;
  }
}
