/** A stream the command line writes to, as far as waiting for it goes. */
export interface Flushable {
  /** Bytes written but not yet handed to the system (Node's writable streams). */
  readonly writableLength?: number;
  write(text: string, done?: () => void): unknown;
}

/**
 * Resolves once what was written to `stream` has left the process. A pipe
 * takes 64 KiB at a time and Node queues the rest: `process.exit()` right
 * after the last write (as `src/migrate.ts` does) would cut the output
 * there. An empty write's callback runs after the writes before it; a
 * stream that queues nothing (a terminal, a file, a test's collector) is
 * not waited for.
 */
export function flushed(stream: Flushable): Promise<void> {
  if (!stream.writableLength) return Promise.resolve();
  return new Promise(resolve => {
    stream.write('', () => resolve());
  });
}
