// GitHub's primary rate limits: one window per rate-limit owner and resource (`core` for REST,
// `graphql` in points), with the x-ratelimit-* headers. A personal token's limit is its user's
// (every token of a user shares it); a GitHub App installation token has the installation's,
// which grows with the organization (see installationLimit). Windows open at the first request
// and last an hour on the sandbox's rate clock.

import { scaledMs, type RateClock } from "../clock.js";
import type { TokenInfo } from "./auth.js";

export type Resource = "core" | "graphql";

export interface RateWindow {
  limit: number;
  used: number;
  /** Epoch seconds (real) when the window refills, as x-ratelimit-reset says. */
  reset: number;
  resource: Resource;
  /** Real epoch milliseconds when the window refills (reset is this, rounded up). */
  resetMs: number;
}

export const WINDOW_SECONDS = 3600;

/** The limit of a token kind for a resource, per hour. */
export type LimitOf = (token: TokenInfo, resource: Resource) => number;

/**
 * GitHub App installation (not on Enterprise Cloud): 5,000 an hour, plus 50 for each repository
 * past 20 and 50 for each organization user past 20, at most 12,500 (REST requests and GraphQL
 * points alike). GitHub's wording ("installations with more than 20 repositories receive another
 * 50 requests per hour for each repository") is read as counting the repositories past the 20th.
 */
export function installationLimit(repositories: number, users: number): number {
  return Math.min(12_500, 5_000 + 50 * Math.max(0, repositories - 20) + 50 * Math.max(0, users - 20));
}

export class RateLimits {
  private readonly windows = new Map<string, RateWindow>();
  constructor(
    private readonly limitOf: LimitOf,
    private readonly clock: RateClock,
  ) {}

  /** The current window of a token's owner, refilled when its hour has passed. */
  peek(token: TokenInfo, resource: Resource): RateWindow {
    const key = `${resource}:${token.rateOwner}`;
    const now = this.clock.nowMs();
    let window = this.windows.get(key);
    if (!window || now >= window.resetMs) {
      const resetMs = now + scaledMs(this.clock, WINDOW_SECONDS);
      window = { limit: this.limitOf(token, resource), used: 0, reset: Math.ceil(resetMs / 1000), resetMs, resource };
      this.windows.set(key, window);
    }
    return window;
  }

  /** Takes `cost` from the window; false (nothing taken) when it would go past the limit. */
  consume(token: TokenInfo, resource: Resource, cost: number): { ok: boolean; window: RateWindow } {
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

/** The x-ratelimit-* headers; none when limits are off (as GitHub Enterprise Server without rate limiting). */
export function rateHeaders(window: RateWindow): Record<string, string> {
  if (!Number.isFinite(window.limit)) {
    return {};
  }
  return {
    "x-ratelimit-limit": String(window.limit),
    "x-ratelimit-remaining": String(remaining(window)),
    "x-ratelimit-reset": String(window.reset),
    "x-ratelimit-used": String(window.used),
    "x-ratelimit-resource": window.resource,
  };
}
