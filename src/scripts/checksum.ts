import {createHash} from 'node:crypto';
import type {MigrationScript} from './types';

/**
 * The checksum of a script's code: the SHA-256 (hex) of the source text of
 * its `up` and `down` functions as the running JavaScript has them
 * (`Function.prototype.toString`), with every run of white space collapsed
 * to one space, so that re-indenting does not count as a change.
 *
 * It covers `up` and `down` only: not the functions they call, nor the
 * version or description. Anything that changes the emitted JavaScript of
 * `up`/`down` (an edit, a compiler target change) changes it.
 */
export function scriptChecksum(
  script: Pick<MigrationScript, 'up' | 'down'>,
): string {
  const source = (fn: unknown): string =>
    typeof fn === 'function'
      ? normalize(Function.prototype.toString.call(fn))
      : '';
  return createHash('sha256')
    .update(`up:${source(script.up)}\ndown:${source(script.down)}`)
    .digest('hex');
}

function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
