import {fork, type ChildProcess} from 'node:child_process';
import {join} from 'node:path';
import {
  isMigrateMessage,
  type GoMessage,
  type MigrateJob,
  type MigrateMessage,
  type MigrateResult,
} from './protocol';

const live = new Set<ChildProcess>();

/**
 * The app of one migration, running in its own Node.js process
 * (`migrate-child`). {@link MigrationProcess.start} resolves once the app is
 * built and connected; {@link MigrationProcess.migrate} then lets it call
 * `migrateSchema()` and resolves with what happened.
 */
export class MigrationProcess {
  private readonly messages: MigrateMessage[] = [];
  private waiting?: () => void;
  private exited?: string;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: unknown) => {
      if (!isMigrateMessage(message)) return;
      this.messages.push(message);
      this.waiting?.();
    });
    child.on('exit', (code, signal) => {
      live.delete(child);
      this.exited = signal ?? `exit code ${code}`;
      this.waiting?.();
    });
  }

  /** Fork the app's process and wait until it is connected. */
  static async start(job: MigrateJob): Promise<MigrationProcess> {
    const child = fork(
      join(__dirname, 'migrate-child.js'),
      [JSON.stringify(job)],
      {
        execArgv: ['--no-deprecation'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    live.add(child);
    const process = new MigrationProcess(child);
    const first = await process.next();
    if (first.type !== 'ready') {
      throw new Error(`the migrating app did not start: ${describe(first)}`);
    }
    return process;
  }

  /**
   * Let the app migrate; resolve with the result, or with an error result
   * when it does not finish within `timeoutSeconds` (the process is killed).
   */
  async migrate(timeoutSeconds: number): Promise<MigrateResult> {
    const go: GoMessage = {type: 'go'};
    this.child.send(go);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.child.kill('SIGKILL');
    }, timeoutSeconds * 1000);
    try {
      const message = await this.next();
      if (message.type === 'done') return message.result;
      return {
        ms: Number.NaN,
        ddl: 0,
        roundTrips: 0,
        ddlSamples: [],
        warnings: [],
        error: timedOut
          ? `did not finish within ${timeoutSeconds} s (--timeout); killed`
          : describe(message),
      };
    } finally {
      clearTimeout(timer);
    }
  }

  private async next(): Promise<MigrateMessage> {
    for (;;) {
      const message = this.messages.shift();
      if (message) return message;
      if (this.exited !== undefined) {
        return {
          type: 'crashed',
          error: `the migrating process ended (${this.exited}) without a result`,
        };
      }
      await new Promise<void>(resolve => (this.waiting = resolve));
      this.waiting = undefined;
    }
  }
}

function describe(message: MigrateMessage): string {
  return message.type === 'crashed' ? message.error : message.type;
}

/** Kill every migrating process still running (on an error or Ctrl-C). */
export function killMigrations(): void {
  for (const child of live) child.kill('SIGKILL');
}
