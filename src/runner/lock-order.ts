/**
 * The order in which one run's datasources, planned at the same time, take
 * their databases' migration locks.
 *
 * The datasources of one database (a lane, see `databaseLane()`) take its
 * lock only once every lane found before it has taken its own, or has
 * finished without one. Every replica of an app finds its datasources in
 * the same order, so two runs never hold one database's lock each while
 * waiting for the other's: a wait that only `lockTimeoutMs` would end, with
 * a `MigrationLockTimeoutError` for both.
 */
export class LockOrder {
  private readonly lanes: string[] = [];
  private readonly remaining = new Map<string, number>();
  private readonly passed = new Map<string, Deferred>();

  /** `laneOfEach`: the lane of each datasource of the run, in their order. */
  constructor(laneOfEach: readonly string[]) {
    for (const lane of laneOfEach) {
      if (!this.passed.has(lane)) {
        this.lanes.push(lane);
        this.passed.set(lane, deferred());
      }
      this.remaining.set(lane, (this.remaining.get(lane) ?? 0) + 1);
    }
  }

  /** The turn of one lane, for the datasources in it. */
  turnOf(lane: string): LockTurn {
    return {
      wait: async () => {
        const before = this.lanes.slice(0, this.lanes.indexOf(lane));
        await Promise.all(before.map(l => this.passed.get(l)?.promise));
      },
      pass: () => this.passed.get(lane)?.resolve(),
    };
  }

  /** One datasource of `lane` is prepared; the lane passes with its last. */
  finished(lane: string): void {
    const left = (this.remaining.get(lane) ?? 1) - 1;
    this.remaining.set(lane, left);
    if (left === 0) this.passed.get(lane)?.resolve();
  }
}

/** When a datasource may take its database's lock (see {@link LockOrder}). */
export interface LockTurn {
  /** Resolves once every lane before this one has passed. */
  wait(): Promise<void>;
  /** This lane holds its lock: the lanes after it may take theirs. */
  pass(): void;
}

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>(r => {
    resolve = r;
  });
  return {promise, resolve};
}
