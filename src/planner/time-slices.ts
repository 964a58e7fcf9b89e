/** How long synchronous work runs before it lets the event loop turn, ms. */
const SLICE_MS = 2;

/**
 * Cuts long synchronous work (per-model loops at 1000 models take tens of
 * milliseconds) into slices: `await slices.next()` between items resolves
 * at once, or, once a slice is used up, after letting the event loop turn,
 * so that queries sent before the work reach the server and their answers
 * are read while it runs.
 */
export class TimeSlices {
  private started = performance.now();

  async next(): Promise<void> {
    if (performance.now() - this.started <= SLICE_MS) return;
    await new Promise(resolve => setImmediate(resolve));
    this.started = performance.now();
  }
}
