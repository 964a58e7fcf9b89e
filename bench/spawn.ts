import {fork, type ChildProcess} from 'node:child_process';
import {join} from 'node:path';
import {
  isChildMessage,
  type AbortRequest,
  type MeasureJob,
  type Measurement,
} from './protocol';

/** How one measuring child process ended. */
export type Outcome =
  | {readonly status: 'measured'; readonly measurement: Measurement}
  | {
      readonly status: 'failed';
      readonly error: string;
      readonly measurement?: Measurement;
    }
  | {
      readonly status: 'timed-out';
      readonly seconds: number;
      /** What the call had done when it was stopped, if the child could say. */
      readonly partial?: Measurement;
    };

/** How long a child that overran gets to report what it did, ms. */
const ABORT_GRACE_MS = 2000;

const live = new Set<ChildProcess>();

/**
 * Run one measurement in a fresh Node.js process (`bench/child`), with GC
 * exposed for the memory baseline. The app is built and connected before
 * the clock starts; if the setup or the measured call takes longer than
 * `timeoutSeconds`, the child is asked what it did so far, then killed, and
 * the outcome is `timed-out`.
 */
export function measureInChild(
  job: MeasureJob,
  timeoutSeconds: number,
): Promise<Outcome> {
  const child = fork(join(__dirname, 'child.js'), [JSON.stringify(job)], {
    execArgv: ['--expose-gc', '--no-deprecation'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  live.add(child);
  return new Promise<Outcome>(resolve => {
    let outcome: Outcome | undefined;
    let timedOut = false;
    let timer = setTimeout(() => expire(), timeoutSeconds * 1000);
    const expire = () => {
      timedOut = true;
      outcome = {status: 'timed-out', seconds: timeoutSeconds};
      const abort: AbortRequest = {type: 'abort'};
      if (child.connected) child.send(abort, () => undefined);
      timer = setTimeout(() => child.kill('SIGKILL'), ABORT_GRACE_MS);
    };
    child.on('message', (message: unknown) => {
      if (!isChildMessage(message)) return;
      if (timedOut) {
        if (message.type === 'partial') {
          outcome = {
            status: 'timed-out',
            seconds: timeoutSeconds,
            partial: message.measurement,
          };
          child.kill('SIGKILL');
        }
        return;
      }
      if (message.type === 'started') {
        clearTimeout(timer);
        timer = setTimeout(() => expire(), timeoutSeconds * 1000);
      } else if (message.type === 'measured') {
        outcome = {status: 'measured', measurement: message.measurement};
      } else if (message.type === 'failed') {
        outcome = {
          status: 'failed',
          error: message.error,
          measurement: message.measurement,
        };
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      resolve(
        outcome ?? {
          status: 'failed',
          error: `the measuring process ended (${signal ?? `exit code ${code}`}) without a result`,
        },
      );
    });
  });
}

/** Kill every measuring child still running (on an error or Ctrl-C). */
export function killChildren(): void {
  for (const child of live) child.kill('SIGKILL');
}
