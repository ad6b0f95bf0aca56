// The clock rate-limit windows run on. With a time scale of N, every documented window (GitHub's
// hour, a secondary limit's minute, AWS's per-second rates) lasts 1/N of its real length, and the
// headers that tell a client when to come back (x-ratelimit-reset, retry-after) are real epoch
// seconds and real seconds: a client that waits as told waits 1/N of what GitHub would make it wait.

export interface RateClock {
  /** How many times faster than real time the windows pass (1: as documented). */
  readonly scale: number;
  /** Real time, epoch milliseconds. */
  nowMs(): number;
}

export function rateClock(scale = 1, nowMs: () => number = Date.now): RateClock {
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new RangeError(`time scale must be a positive number (got ${scale})`);
  }
  return { scale, nowMs };
}

/** Real milliseconds that a documented duration of `seconds` lasts on this clock. */
export function scaledMs(clock: RateClock, seconds: number): number {
  return (seconds * 1000) / clock.scale;
}

/** A `retry-after` value: whole real seconds until `untilMs`, at least 1 (the header has no fractions). */
export function retryAfterSeconds(clock: RateClock, untilMs: number): number {
  return Math.max(1, Math.ceil((untilMs - clock.nowMs()) / 1000));
}
