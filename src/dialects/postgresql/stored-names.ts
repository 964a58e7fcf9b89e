import {MAX_IDENTIFIER_BYTES} from './name-length';

/**
 * The name PostgreSQL stores for `name`: its first 63 bytes, cut at a
 * character boundary, as the server cuts a longer identifier (silently).
 * The connector names a property's index `<table>_<column>_idx`, which can
 * be longer although the table and the column are not.
 */
export function storedPgName(name: string): string {
  if (Buffer.byteLength(name) <= MAX_IDENTIFIER_BYTES) return name;
  let stored = '';
  for (const character of name) {
    if (Buffer.byteLength(stored + character) > MAX_IDENTIFIER_BYTES) break;
    stored += character;
  }
  return stored;
}
