import {execFile} from 'node:child_process';
import {writeFile} from 'node:fs/promises';
import {serverSettings, type TestDatabase} from '../test/support/databases';

/** A SQL script of statements, each ended by `;`, one per line. */
export function sqlScript(statements: readonly string[]): string {
  return statements.map(s => `${s};\n`).join('');
}

/** Write statements as a script for the server's own client; returns the path. */
export async function writeScript(
  path: string,
  statements: readonly string[],
): Promise<string> {
  await writeFile(path, sqlScript(statements));
  return path;
}

/** How the server's own client runs a script, as the report names it. */
export function clientCommand(kind: TestDatabase['kind']): string {
  return kind === 'postgresql' ? 'psql -1 -f' : 'mariadb -e "source file"';
}

/**
 * Run a script with the server's own command-line client and return the
 * wall time of the client process, ms: `psql -1 -f` on PostgreSQL (one
 * transaction, stop at the first error; `oneTransaction: false`, each
 * statement committing on its own, for a schema larger than the server's
 * lock table allows in one), `mariadb -e "source <file>"` on MySQL
 * (statement after statement, stop at the first error).
 */
export function runClientScript(
  db: TestDatabase,
  path: string,
  oneTransaction = true,
): Promise<number> {
  const {host, port, user, password} = serverSettings(db.kind);
  const [command, args, env] =
    db.kind === 'postgresql'
      ? [
          'psql',
          [
            '-X',
            '-q',
            '-v',
            'ON_ERROR_STOP=1',
            ...(oneTransaction ? ['-1'] : []),
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
          ],
          {...process.env, PGPASSWORD: password},
        ]
      : [
          'mariadb',
          [
            '--no-defaults',
            '--batch',
            `--host=${host}`,
            `--port=${port}`,
            `--user=${user}`,
            db.name,
            '-e',
            `source ${path}`,
          ],
          {...process.env, MYSQL_PWD: password},
        ];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(command, args, {env, maxBuffer: 1 << 24}, (err, _out, stderr) => {
      const ms = performance.now() - started;
      if (err) reject(new Error(`${command} failed: ${stderr || err.message}`));
      else resolve(ms);
    });
  });
}
