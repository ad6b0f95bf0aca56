import { describe, expect, it } from "vitest";
import { scanEta } from "./eta.js";

const HOUR = 3_600_000;
const t0 = Date.parse("2026-11-20T12:00:00Z");

describe("scanEta", () => {
  it("is unknown before the first repo", () => {
    expect(scanEta({ now: t0, startedAt: t0, done: 0, total: 10, requests: 3, windowMs: HOUR })).toBeUndefined();
  });

  it("follows the pace so far while the budget lasts", () => {
    const eta = scanEta({ now: t0 + 60_000, startedAt: t0, done: 100, total: 400, requests: 400, rate: { limit: 5000, remaining: 4600, resetAt: t0 + HOUR }, windowMs: HOUR });
    expect(eta).toBe(t0 + 240_000);
  });

  it("counts the windows the rest of the scan needs once the budget cannot cover it", () => {
    // 9,000 repos left at 4 requests each: 36,000 requests, 600 left now, then 5,000 a window.
    const now = t0 + 10 * 60_000;
    const eta = scanEta({ now, startedAt: t0, done: 1000, total: 10_000, requests: 4000, rate: { limit: 5000, remaining: 600, resetAt: t0 + HOUR }, windowMs: HOUR })!;
    // 35,400 beyond this window: 7.08 windows → 7 resets after this one, the last partly used.
    expect(eta).toBeGreaterThan(t0 + HOUR + 6 * HOUR);
    expect(eta).toBeLessThan(t0 + HOUR + 8 * HOUR);
  });
});
