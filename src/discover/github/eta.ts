// When a GitHub scan should end: the slower of "at the pace so far" and "as the rate limit allows"
// (the requests still needed, beyond what is left of this window, at one full budget per window).
// Pure: the caller passes the clock's reading.

export interface EtaInput {
  now: number;
  startedAt: number;
  /** Repos read, and to read in all. */
  done: number;
  total: number;
  /** Requests charged so far (REST). */
  requests: number;
  rate?: { limit: number; remaining: number; resetAt: number };
  /** How long a rate-limit window lasts (an hour on GitHub; less on a scaled sandbox clock). */
  windowMs: number;
}

/** Epoch milliseconds, or undefined until one repo has been read. */
export function scanEta(input: EtaInput): number | undefined {
  const { now, startedAt, done, total, requests, rate, windowMs } = input;
  if (done <= 0 || total <= 0) return undefined;
  const left = Math.max(0, total - done);
  const atPace = now + ((now - startedAt) / done) * left;
  if (!rate || rate.limit <= 0) return Math.round(atPace);
  const needed = (requests / done) * left;
  if (needed <= rate.remaining) return Math.round(atPace);
  // Beyond this window: whole budgets, one per window, the last one partly used.
  const beyond = needed - rate.remaining;
  const windows = Math.ceil(beyond / rate.limit);
  const lastShare = (beyond - (windows - 1) * rate.limit) / rate.limit;
  const byLimit = Math.max(rate.resetAt, now) + (windows - 1) * windowMs + lastShare * Math.min(windowMs, (now - startedAt) / Math.max(1, requests) * rate.limit);
  return Math.round(Math.max(atPace, byLimit));
}
