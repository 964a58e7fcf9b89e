/**
 * One process at a time in an embedded PostgreSQL data directory. PGlite
 * itself opens a directory another process has open and both then write to
 * it, so the example takes a lock file of its own, `<dataDir>.lock`, holding
 * the owner's pid.
 */
import fs from 'node:fs';
import path from 'node:path';

/**
 * Take the lock of `dataDir`; returns the function that releases it (also
 * run when the process exits without calling it, as a CLI that ends with
 * `process.exit()` does). A lock file whose process is gone (killed) is
 * taken over.
 *
 * @throws Error naming the process that uses the directory
 */
export function lockDataDir(dataDir: string): () => void {
  const lockFile = `${path.resolve(dataDir)}.lock`;
  fs.mkdirSync(path.dirname(lockFile), {recursive: true});
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), {flag: 'wx'});
      const release = () => {
        process.off('exit', release);
        fs.rmSync(lockFile, {force: true});
      };
      process.on('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = Number(fs.readFileSync(lockFile, 'utf8'));
    if (isRunning(owner)) {
      throw new Error(
        `The embedded PostgreSQL data directory ${dataDir} is in use by ` +
          `process ${owner}: stop that process first, or give this one ` +
          'another directory (EMBEDDED_PG_DATA).',
      );
    }
    // Left by a process that was killed: remove it and take it again.
    fs.rmSync(lockFile, {force: true});
  }
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
