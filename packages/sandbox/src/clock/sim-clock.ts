/**
 * The sandbox's clock. Bank time is simulated so that a test can run days of history in seconds
 * (`advance`) and a demo can watch transactions appear (`speed` > 0 lets simulated time flow with real
 * time, faster if asked). Everything in the sandbox that needs "now" asks this clock, never `Date.now()`.
 *
 * Time is an instant in epoch milliseconds; banks' calendar days are derived in their own zone by the
 * ledger (Chinese banks book in UTC+8).
 *
 * @module
 */

/** A listener told the new instant after the clock moved forward. */
export type ClockListener = (nowMs: number) => void;

/** The simulated clock. */
export interface SimClock {
  /** The simulated instant, epoch milliseconds. */
  now(): number;
  /** Moves simulated time forward by `ms` (≥ 0) and tells the listeners. */
  advance(ms: number): void;
  /** Moves simulated time forward to `instantMs` if it is later than now, and tells the listeners. */
  advanceTo(instantMs: number): void;
  /**
   * Tells the listeners the current instant. With `speed` > 0 simulated time flows by itself; whoever
   * drives the sandbox calls `tick()` on a timer so that what became due gets booked and pushed.
   */
  tick(): void;
  /** Registers a listener; returns a function that removes it. */
  onAdvance(listener: ClockListener): () => void;
  /** Simulated milliseconds per real millisecond (0: time moves only by `advance`). */
  readonly speed: number;
}

/** Options for {@link createSimClock}. */
export interface SimClockOptions {
  /** The simulated instant at creation, epoch milliseconds. */
  readonly startMs: number;
  /** Simulated milliseconds per real millisecond; 0 (the default) freezes time between `advance` calls. */
  readonly speed?: number;
  /** The real clock, for `speed` > 0 (passed in so tests control it). */
  readonly realNow?: () => number;
}

/**
 * A clock starting at `startMs`.
 *
 * @example const clock = createSimClock({ startMs: Date.UTC(2026, 0, 5) }); clock.advance(86_400_000);
 */
export function createSimClock(options: SimClockOptions): SimClock {
  const speed = options.speed ?? 0;
  if (!Number.isFinite(options.startMs)) throw new RangeError("clock start must be a finite instant");
  if (!(speed >= 0) || !Number.isFinite(speed)) throw new RangeError("clock speed must be a finite number ≥ 0");
  const realNow = options.realNow ?? Date.now;
  const realStart = realNow();
  let offset = 0;
  let lastTold = options.startMs;
  const listeners = new Set<ClockListener>();
  const now = (): number => {
    const flowing = speed > 0 ? Math.floor((realNow() - realStart) * speed) : 0;
    // Never backwards, even if the real clock is.
    return Math.max(lastTold, options.startMs + offset + flowing);
  };
  const tell = (): void => {
    const t = now();
    lastTold = t;
    for (const l of [...listeners]) l(t);
  };
  return {
    speed,
    now,
    advance(ms) {
      if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError("advance by a finite number of ms ≥ 0");
      offset += ms;
      tell();
    },
    advanceTo(instantMs) {
      const t = now();
      if (instantMs > t) offset += instantMs - t;
      tell();
    },
    tick: tell,
    onAdvance(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
