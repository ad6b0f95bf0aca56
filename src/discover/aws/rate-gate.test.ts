import { describe, expect, it } from "vitest";
import { RateGates, rateGate, type GateClock } from "./rate-gate.js";

/** A clock that only moves when someone sleeps, so pacing is measured exactly. */
function manualClock(): GateClock & { slept: number[]; advance(ms: number): void } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    advance: (ms) => void (now += ms),
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

describe("rateGate", () => {
  it("lets callers through one per 1000/rate ms, in arrival order", async () => {
    const clock = manualClock();
    const gate = rateGate(2, clock);
    const released: number[] = [];
    // Five callers arrive at once: the first goes at 0, then one every 500 ms.
    await Promise.all([1, 2, 3, 4, 5].map(async (n) => {
      await gate();
      released.push(n, clock.now());
    }));
    expect(released).toEqual([1, 0, 2, 500, 3, 1000, 4, 1500, 5, 2000]);
    // A caller arriving long after the last release goes at once.
    clock.advance(10_000);
    const before = clock.slept.length;
    await gate();
    expect(clock.slept.length).toBe(before);
  });

  it("never lets a burst through when timers fire late (spacing is measured from the last release)", async () => {
    // A busy event loop: the first sleep ends 700 ms late, later sleeps end on time.
    let now = 0;
    let stall = 700;
    const clock: GateClock = {
      now: () => now,
      sleep: async (ms) => {
        const due = now + ms;
        await new Promise((r) => setTimeout(r, 0));
        now = Math.max(now, due + stall);
        stall = 0;
      },
    };
    const gate = rateGate(2, clock);
    const released: number[] = [];
    await Promise.all([1, 2, 3, 4].map(async () => {
      await gate();
      released.push(now);
    }));
    const gaps = released.slice(1).map((t, i) => t - (released[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(500);
  });

  it("keeps separate paces per key (LookupEvents limits each account and region on its own)", async () => {
    const clock = manualClock();
    const gates = new RateGates(2, clock);
    expect(gates.get("111111111111/us-east-1")).toBe(gates.get("111111111111/us-east-1"));
    await gates.get("111111111111/us-east-1")();
    await gates.get("111111111111/eu-west-1")();
    await gates.get("222222222222/us-east-1")();
    expect(clock.slept).toEqual([]); // three different keys: nobody waited
    await gates.get("111111111111/us-east-1")();
    expect(clock.slept).toEqual([500]);
  });
});
