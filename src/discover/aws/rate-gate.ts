// Paces requests to a fixed rate per key. CloudTrail's LookupEvents allows two requests per second
// per account and region; a gate per account-region makes a large account wait its turn instead of
// being throttled until the SDK's retries run out.

export type Gate = () => Promise<void>;

export interface GateClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: GateClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * A gate that lets one caller through at a time, at least 1000/perSecond ms after the previous one
 * actually went, in arrival order. Measured on release, not planned ahead: a stalled event loop
 * delays callers, it never lets a burst through.
 */
export function rateGate(perSecond: number, clock: GateClock = realClock): Gate {
  const spacing = 1000 / perSecond;
  let last = -Infinity;
  let tail: Promise<void> = Promise.resolve();
  return () => {
    const turn = tail.then(async () => {
      const wait = last + spacing - clock.now();
      if (wait > 0) await clock.sleep(Math.ceil(wait));
      last = clock.now();
    });
    tail = turn;
    return turn;
  };
}

/** One gate per key (e.g. "123456789012/eu-west-1"), created on first use. */
export class RateGates {
  private readonly gates = new Map<string, Gate>();

  constructor(
    private readonly perSecond: number,
    private readonly clock: GateClock = realClock,
  ) {}

  get(key: string): Gate {
    let gate = this.gates.get(key);
    if (!gate) {
      gate = rateGate(this.perSecond, this.clock);
      this.gates.set(key, gate);
    }
    return gate;
  }
}
