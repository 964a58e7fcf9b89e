import {setTimeout as sleep} from 'node:timers/promises';
import type {TestDatabase} from '../../test/support/databases';
import {CUSTOMERS} from './seed';
import {loadStatements, openSession, type SqlSession} from './sessions';
import type {TimedOp} from './stats';

/** The shape of the load. */
export interface LoadShape {
  /** Writer connections: inserts and updates by primary key, half each. */
  readonly writers: number;
  /** Reader connections: point selects by primary key. */
  readonly readers: number;
  /** The pause between two operations of one connection, ms. */
  readonly pauseMs: number;
  /** Orders loaded: updates and selects pick ids in 2..rows (id 1 is the long transaction's). */
  readonly rows: number;
  /** Seeds the ids and amounts each connection picks. */
  readonly seed: number;
}

/** What the load recorded, per kind of operation. */
export interface LoadRecord {
  readonly writes: TimedOp[];
  readonly reads: TimedOp[];
}

/**
 * A steady application load on `Order` from raw driver connections, each
 * in a tight loop (one operation, a tiny pause, the next), recording every
 * operation's start and end. Runs from {@link start} until {@link stop}.
 */
export class Load {
  private running = false;
  private loops: Promise<void>[] = [];
  private stopping?: Promise<LoadRecord>;
  private readonly record: LoadRecord = {writes: [], reads: []};

  private constructor(
    private readonly shape: LoadShape,
    private readonly db: TestDatabase,
    private readonly writers: SqlSession[],
    private readonly readers: SqlSession[],
  ) {}

  /** Open the load's connections (not timed). */
  static async connect(db: TestDatabase, shape: LoadShape): Promise<Load> {
    const open = (role: string, count: number) =>
      Promise.all(
        Array.from({length: count}, (_, i) =>
          openSession(db, `bench-load-${role}-${i + 1}`),
        ),
      );
    return new Load(
      shape,
      db,
      await open('writer', shape.writers),
      await open('reader', shape.readers),
    );
  }

  /** Start every connection's loop. */
  start(): void {
    this.running = true;
    const sql = loadStatements(this.db.kind);
    const {rows, seed, pauseMs} = this.shape;
    this.loops = [
      ...this.writers.map((session, w) => {
        const random = mulberry32(seed + w + 1);
        let inserted = 0;
        return this.loop(session, this.record.writes, pauseMs, () =>
          random() < 0.5
            ? [
                sql.insert,
                [
                  1 + Math.floor(random() * CUSTOMERS),
                  Math.floor(random() * 1000),
                  `w${w + 1}-${++inserted}`,
                ],
              ]
            : [sql.update, [pickId(random, rows)]],
        );
      }),
      ...this.readers.map((session, r) => {
        const random = mulberry32(seed + 1000 + r);
        return this.loop(session, this.record.reads, pauseMs, () => [
          sql.select,
          [pickId(random, rows)],
        ]);
      }),
    ];
  }

  /**
   * Stop the loops (each finishes its operation in flight) and close the
   * connections; calling it again returns the same record.
   */
  stop(): Promise<LoadRecord> {
    this.stopping ??= this.finish();
    return this.stopping;
  }

  private async finish(): Promise<LoadRecord> {
    this.running = false;
    await Promise.all(this.loops);
    await Promise.all(
      [...this.writers, ...this.readers].map(s =>
        s.close().catch(() => undefined),
      ),
    );
    return this.record;
  }

  private async loop(
    session: SqlSession,
    into: TimedOp[],
    pauseMs: number,
    next: () => [string, unknown[]],
  ): Promise<void> {
    while (this.running) {
      const [sql, params] = next();
      const start = performance.now();
      let error: string | undefined;
      try {
        await session.query(sql, params);
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
      into.push({start, end: performance.now(), error});
      await sleep(pauseMs);
    }
  }
}

/** An order id the long transaction never locks: 2..rows. */
function pickId(random: () => number, rows: number): number {
  return 2 + Math.floor(random() * Math.max(1, rows - 1));
}

/** A small seeded pseudo-random generator (mulberry32), numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
