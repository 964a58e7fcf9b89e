import {debugLogger} from '../debug';

const debug = debugLogger('progress');

/** How often long online work is asked for its progress. */
export const PROGRESS_INTERVAL_MS = 1000;

/**
 * Report what `poll` reads, every {@link PROGRESS_INTERVAL_MS}, until the
 * returned function is called. Progress is for the eye only: a failed read
 * is logged (`DEBUG=loopback:schema-migration:progress`) and never stops the
 * work it watches; a read still under way when stopped is not reported.
 */
export function watchProgress(
  poll: () => Promise<string[]>,
  report: (message: string) => void,
): () => void {
  let reading = false;
  let stopped = false;
  const timer = setInterval(() => {
    if (reading) return;
    reading = true;
    poll()
      .then(
        lines => {
          if (!stopped) lines.forEach(report);
        },
        (err: unknown) => debug('reading the progress failed: %s', err),
      )
      .finally(() => (reading = false));
  }, PROGRESS_INTERVAL_MS);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
