import path from 'node:path';
import {mappedSource} from '../compiled-source';

/**
 * The file a compiled script comes from, for messages: the first of the
 * `sources` of the source map next to it (`<file>.map`), else the file
 * itself; relative to the working directory.
 */
export function scriptSourceFile(file: string): string {
  return path.relative(process.cwd(), mappedSource(file) ?? file);
}
