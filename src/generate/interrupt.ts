/** The signals that end a command by default: Ctrl-C, `kill`, a closed terminal. */
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** What `listenForInterrupt()` heard, and how to stop listening. */
export interface Interruption {
  /** The first signal heard, if any. */
  signal(): NodeJS.Signals | undefined;
  /**
   * Stop listening, and end the process as the signal heard would have
   * (raised again) unless something else listens to it (an app's own
   * shutdown handler, which heard it too).
   */
  end(): void;
}

/**
 * Listen to the signals that would end the process, so that a run can clean
 * up first (drop its shadow databases): `onFirst` is called with the first
 * one. Later ones are ignored until `end()`: `npm run` passes a terminal's
 * Ctrl-C on to the script, which then hears it twice.
 */
export function listenForInterrupt(
  onFirst: (signal: NodeJS.Signals) => void,
): Interruption {
  let heard: NodeJS.Signals | undefined;
  const listener = (signal: NodeJS.Signals) => {
    if (heard) return;
    heard = signal;
    onFirst(signal);
  };
  for (const signal of SIGNALS) process.on(signal, listener);
  return {
    signal: () => heard,
    end() {
      for (const signal of SIGNALS) process.off(signal, listener);
      if (heard && process.listenerCount(heard) === 0) {
        process.kill(process.pid, heard);
      }
    },
  };
}
