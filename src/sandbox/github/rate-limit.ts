// GitHub's primary rate limits, per token and resource (`core` for REST, `graphql` in points),
// with the x-ratelimit-* headers. Windows run on the real clock: clients sleep against it.

export type Resource = "core" | "graphql";

export interface RateWindow {
  limit: number;
  used: number;
  /** Epoch seconds when the window refills. */
  reset: number;
  resource: Resource;
}

const WINDOW_SECONDS = 3600;

export class RateLimits {
  private readonly windows = new Map<string, RateWindow>();
  constructor(private readonly limits: () => { core: number; graphql: number }) {}

  /** The current window for a token, refilled when its hour has passed. */
  peek(token: string, resource: Resource): RateWindow {
    const key = `${resource}:${token}`;
    const nowSeconds = Math.floor(Date.now() / 1000);
    let window = this.windows.get(key);
    if (!window || nowSeconds >= window.reset) {
      window = { limit: this.limits()[resource], used: 0, reset: nowSeconds + WINDOW_SECONDS, resource };
      this.windows.set(key, window);
    }
    return window;
  }

  /** Takes `cost` from the window; false (nothing taken) when it would go past the limit. */
  consume(token: string, resource: Resource, cost: number): { ok: boolean; window: RateWindow } {
    const window = this.peek(token, resource);
    if (window.used + cost > window.limit) {
      return { ok: false, window };
    }
    window.used += cost;
    return { ok: true, window };
  }
}

export function remaining(window: RateWindow): number {
  return Math.max(0, window.limit - window.used);
}

export function rateHeaders(window: RateWindow): Record<string, string> {
  return {
    "x-ratelimit-limit": String(window.limit),
    "x-ratelimit-remaining": String(remaining(window)),
    "x-ratelimit-reset": String(window.reset),
    "x-ratelimit-used": String(window.used),
    "x-ratelimit-resource": window.resource,
  };
}
