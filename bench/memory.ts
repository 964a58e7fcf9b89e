/** Memory use around one measured call. */
export interface MemoryUse {
  /** Peak resident set size of the whole process so far (kernel-tracked), MB. */
  readonly peakRssMb: number;
  /** Resident set size just before the call, MB. */
  readonly rssBeforeMb: number;
  /** Highest sampled `heapUsed` during the call minus `heapUsed` after a full GC before it, MB. */
  readonly heapGrowthMb: number;
}

const MB = 1024 * 1024;

/**
 * Samples `process.memoryUsage().heapUsed` every `intervalMs` while a call
 * runs. Samples are taken whenever the event loop turns, which a migration
 * (waiting on the database after each query) does constantly.
 */
export class MemorySampler {
  private timer?: NodeJS.Timeout;
  private baselineHeap = 0;
  private peakHeap = 0;
  private rssBefore = 0;

  constructor(private readonly intervalMs = 5) {}

  /** Collect garbage (when `--expose-gc` is on), take the baseline, start sampling. */
  start(): void {
    globalThis.gc?.();
    const now = process.memoryUsage();
    this.baselineHeap = now.heapUsed;
    this.peakHeap = now.heapUsed;
    this.rssBefore = now.rss;
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  /** Stop sampling and report. */
  stop(): MemoryUse {
    clearInterval(this.timer);
    return this.peek();
  }

  /** Report what was sampled so far; sampling goes on. */
  peek(): MemoryUse {
    this.sample();
    return {
      peakRssMb: round((process.resourceUsage().maxRSS * 1024) / MB),
      rssBeforeMb: round(this.rssBefore / MB),
      heapGrowthMb: round((this.peakHeap - this.baselineHeap) / MB),
    };
  }

  private sample(): void {
    const heap = process.memoryUsage().heapUsed;
    if (heap > this.peakHeap) this.peakHeap = heap;
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
