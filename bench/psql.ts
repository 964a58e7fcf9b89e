import {execFile} from 'node:child_process';
import {writeFile} from 'node:fs/promises';
import {serverSettings, type TestDatabase} from '../test/support/databases';

/** A SQL script of statements, each ended by `;`, one per line. */
export function sqlScript(statements: readonly string[]): string {
  return statements.map(s => `${s};\n`).join('');
}

/** Write statements as a psql script; returns the path. */
export async function writeScript(
  path: string,
  statements: readonly string[],
): Promise<string> {
  await writeFile(path, sqlScript(statements));
  return path;
}

/**
 * Run a script with `psql -1 -f` (one transaction, stop at the first error)
 * on a PostgreSQL database and return the wall time of the psql process, ms.
 */
export function runPsqlScript(db: TestDatabase, path: string): Promise<number> {
  const {host, port, user, password} = serverSettings('postgresql');
  const args = [
    '-X',
    '-q',
    '-v',
    'ON_ERROR_STOP=1',
    '-1',
    '-h',
    host,
    '-p',
    String(port),
    '-U',
    user,
    '-d',
    db.name,
    '-f',
    path,
  ];
  const env = {...process.env, PGPASSWORD: password};
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile('psql', args, {env, maxBuffer: 1 << 24}, (err, _out, stderr) => {
      const ms = performance.now() - started;
      if (err) reject(new Error(`psql failed: ${stderr || err.message}`));
      else resolve(ms);
    });
  });
}
