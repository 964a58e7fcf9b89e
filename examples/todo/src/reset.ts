/**
 * `npm run example:reset`: delete the embedded PostgreSQL's data,
 * `examples/todo/.data` (not a directory `EMBEDDED_PG_DATA` names), so that
 * the next run starts from an empty database. Refused while a process uses
 * it (an `npm run example:start` still serving): that process would go on
 * writing to deleted files, and its lock gone, a second one would start
 * beside it.
 */
import fs from 'node:fs';
import path from 'node:path';
import {lockDataDir} from './data-dir-lock';
import {DEFAULT_EMBEDDED_DATA_DIR} from './database';

/**
 * Delete the folder holding `dataDir` (the data directory and its lock
 * file), taking the lock first.
 *
 * @throws Error naming the process that uses `dataDir`; nothing is deleted
 */
export function resetEmbeddedData(dataDir: string): void {
  const release = lockDataDir(dataDir);
  try {
    fs.rmSync(path.dirname(dataDir), {recursive: true, force: true});
  } finally {
    release();
  }
}

if (require.main === module) {
  try {
    resetEmbeddedData(DEFAULT_EMBEDDED_DATA_DIR);
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
  }
}
