// Paces GitHub requests from the rate-limit headers GitHub sends on every answer, so that a scan
// never runs into a limit and never fails because of one:
// - primary limits (per token and resource: `core` for REST, `graphql` in points): while the last
//   answer said nothing is left (minus the requests already in flight), requests wait until
//   `x-ratelimit-reset`, and the wait is announced (the progress line shows it and the ETA);
// - secondary limits (points per minute: REST reads 1, GraphQL queries 1): a token bucket whose
//   burst plus one minute of refill stays under GitHub's documented 900 (REST) and 2,000 (GraphQL)
//   points per minute, so small scans run at full speed and large ones settle below the limit.
// Everything runs on an injected clock, so tests count waits and spacing instead of timing them.

export type Resource = "core" | "graphql";

export interface RateState {
  resource: Resource;
  limit: number;
  remaining: number;
  /** Epoch milliseconds when the window refills. */
  resetAt: number;
}

export interface PaceWait {
  resource: Resource;
  /** Milliseconds to wait. */
  ms: number;
  /** Epoch milliseconds when the wait ends. */
  until: number;
  reason: string;
}

export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface PacerOptions {
  clock?: PacerClock;
  /** Sandbox only: how many times faster than real time its clock runs (per-minute limits shrink with it). */
  timeScale?: number;
  onWait?: (wait: PaceWait) => void;
  /** Told whenever an answer updates what is left of a budget. */
  onRate?: (state: RateState) => void;
}

/** GitHub's secondary limits, as a bucket: burst + refill per minute ≤ the documented points per minute. */
const SECONDARY: Record<Resource, { burst: number; perMinute: number }> = {
  core: { burst: 300, perMinute: 600 }, // documented: 900 points per minute
  graphql: { burst: 600, perMinute: 1400 }, // documented: 2,000 points per minute
};

const realClock: PacerClock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

interface Budget {
  state?: RateState;
  inFlight: number;
  tokens: number;
  refilledAt: number;
  /** The wait every request of this resource shares while the budget is spent. */
  waiting?: Promise<void>;
}

export class RatePacer {
  private readonly clock: PacerClock;
  private readonly scale: number;
  private readonly budgets: Record<Resource, Budget>;

  constructor(private readonly options: PacerOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.scale = Math.max(1, options.timeScale ?? 1);
    const now = this.clock.now();
    this.budgets = {
      core: { inFlight: 0, tokens: SECONDARY.core.burst, refilledAt: now },
      graphql: { inFlight: 0, tokens: SECONDARY.graphql.burst, refilledAt: now },
    };
  }

  /** What the last answer said about a resource's budget. */
  state(resource: Resource): RateState | undefined {
    return this.budgets[resource].state;
  }

  /** Resolves when a request of `resource` may be sent; the caller must then call `settle`. */
  async acquire(resource: Resource): Promise<void> {
    const budget = this.budgets[resource];
    for (;;) {
      if (budget.waiting) {
        await budget.waiting;
        continue;
      }
      const now = this.clock.now();
      const state = budget.state;
      if (state && state.remaining - budget.inFlight <= 0 && now < state.resetAt) {
        // One second past the reset, as GitHub advises (a scaled second on the sandbox's clock).
        const until = state.resetAt + 1000 / this.scale;
        budget.waiting = this.pause(resource, until, `GitHub ${resource === "graphql" ? "GraphQL" : "REST"} rate limit used up (${state.limit} per window)`);
        continue;
      }
      if (state && now >= state.resetAt && state.remaining - budget.inFlight <= 0) {
        // The window has refilled: trust the limit until the next answer says otherwise.
        budget.state = { ...state, remaining: state.limit };
      }
      const delay = this.takeToken(resource, now);
      if (delay > 0) {
        await this.clock.sleep(delay);
        continue;
      }
      budget.inFlight++;
      return;
    }
  }

  /** Records an answer (its headers), or a request that got none (headers undefined). */
  settle(resource: Resource, headers: Headers | undefined): void {
    const budget = this.budgets[resource];
    budget.inFlight = Math.max(0, budget.inFlight - 1);
    if (!headers) return;
    const limit = Number(headers.get("x-ratelimit-limit"));
    const remaining = Number(headers.get("x-ratelimit-remaining"));
    const reset = Number(headers.get("x-ratelimit-reset"));
    if (!headers.has("x-ratelimit-remaining") || !Number.isFinite(limit) || !Number.isFinite(remaining) || !Number.isFinite(reset)) return;
    // An answer may name another budget (e.g. search); only the one it names is updated.
    const named = headers.get("x-ratelimit-resource");
    if (named && named !== "core" && named !== "graphql") return;
    const target: Resource = (named as Resource | null) ?? resource;
    const state: RateState = { resource: target, limit, remaining, resetAt: reset * 1000 };
    const previous = this.budgets[target].state;
    // Answers arrive out of order: within one window, the lowest remaining is the latest news.
    if (previous && previous.resetAt === state.resetAt && previous.remaining < state.remaining) return;
    this.budgets[target].state = state;
    this.options.onRate?.(state);
  }

  private async pause(resource: Resource, until: number, reason: string): Promise<void> {
    const ms = Math.max(0, until - this.clock.now());
    this.options.onWait?.({ resource, ms, until, reason });
    try {
      await this.clock.sleep(ms);
    } finally {
      const budget = this.budgets[resource];
      budget.waiting = undefined;
      if (budget.state) budget.state = { ...budget.state, remaining: budget.state.limit };
    }
  }

  /** Milliseconds until the secondary-limit bucket has a token (0: taken). */
  private takeToken(resource: Resource, now: number): number {
    const budget = this.budgets[resource];
    const { burst, perMinute } = SECONDARY[resource];
    const perMs = (perMinute * this.scale) / 60_000;
    budget.tokens = Math.min(burst, budget.tokens + (now - budget.refilledAt) * perMs);
    budget.refilledAt = now;
    if (budget.tokens >= 1) {
      budget.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - budget.tokens) / perMs);
  }
}

/** GraphQL answers count against the `graphql` budget, everything else against `core`. */
export function resourceOf(url: string): Resource {
  return /\/graphql\/?$/.test(new URL(url).pathname) ? "graphql" : "core";
}
