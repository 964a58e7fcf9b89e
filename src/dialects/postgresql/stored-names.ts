import {MAX_IDENTIFIER_BYTES} from './name-length';

/**
 * The name PostgreSQL stores for `name`: its first 63 bytes, cut at a
 * character boundary, as the server cuts a longer identifier (silently).
 * The connector names a property's index `<table>_<column>_idx`, which can
 * be longer although the table and the column are not.
 */
export function storedPgName(name: string): string {
  return clippedToBytes(name, MAX_IDENTIFIER_BYTES);
}

/** The longest start of `name` of at most `bytes` bytes, in whole characters. */
export function clippedToBytes(name: string, bytes: number): string {
  if (Buffer.byteLength(name) <= bytes) return name;
  let clipped = '';
  for (const character of name) {
    if (Buffer.byteLength(clipped + character) > bytes) break;
    clipped += character;
  }
  return clipped;
}
