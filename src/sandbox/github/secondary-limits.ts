// GitHub's documented secondary rate limits, per rate-limit owner (a user, or an installation):
// at most 100 requests in flight (REST and GraphQL together); at most 900 points a minute on REST
// and 2,000 on GraphQL (a REST GET costs 1 point and a write 5; a GraphQL query 1, a mutation 5);
// at most 80 content-creating requests a minute and 500 an hour. Windows open at the first request
// and run on the sandbox's rate clock. Refused requests are not counted.

import { retryAfterSeconds, scaledMs, type RateClock } from "../clock.js";

export interface SecondaryLimitValues {
  concurrent: number;
  restPointsPerMinute: number;
  graphqlPointsPerMinute: number;
  contentPerMinute: number;
  contentPerHour: number;
}

/** The values of GitHub's "About secondary rate limits" (REST and GraphQL rate-limit pages). */
export const GITHUB_SECONDARY_LIMITS: SecondaryLimitValues = {
  concurrent: 100,
  restPointsPerMinute: 900,
  graphqlPointsPerMinute: 2_000,
  contentPerMinute: 80,
  contentPerHour: 500,
};

/** What a request spends of the secondary limits. */
export interface SecondaryCharge {
  api: "rest" | "graphql";
  /** REST GET/HEAD/OPTIONS and GraphQL queries 1; REST writes and GraphQL mutations 5. */
  points: number;
  /** Creates content (a commit, a branch, a pull request, a comment...). */
  creates: boolean;
}

export interface Refusal {
  /** Real seconds the client is told to wait (retry-after). */
  retryAfter: number;
  /** Which limit refused it (for tests and logs; GitHub does not say). */
  limit: "concurrent" | "points" | "content-minute" | "content-hour";
}

interface Window {
  used: number;
  endsMs: number;
}

export function secondaryCharge(method: string, api: "rest" | "graphql", isMutation = false): SecondaryCharge {
  const write = api === "graphql" ? isMutation : !["GET", "HEAD", "OPTIONS"].includes(method);
  // DELETE removes content; POST, PUT and PATCH (and GraphQL mutations) create or change it.
  const creates = api === "graphql" ? isMutation : method === "POST" || method === "PUT" || method === "PATCH";
  return { api, points: write ? 5 : 1, creates };
}

export class SecondaryLimits {
  private readonly inFlight = new Map<string, number>();
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly clock: RateClock,
    readonly values: SecondaryLimitValues = GITHUB_SECONDARY_LIMITS,
  ) {}

  /**
   * Admits a request of `owner` or refuses it. An admitted request holds one of the owner's
   * concurrent slots until `release` is called (when its answer has been sent).
   */
  admit(owner: string, charge: SecondaryCharge): { refused: Refusal } | { refused?: undefined; release: () => void } {
    const busy = this.inFlight.get(owner) ?? 0;
    if (busy >= this.values.concurrent) {
      return { refused: { limit: "concurrent", retryAfter: retryAfterSeconds(this.clock, this.clock.nowMs() + scaledMs(this.clock, 60)) } };
    }
    const checks: Array<[string, number, number, number, Refusal["limit"]]> = [
      [`${charge.api}-points`, charge.points, charge.api === "rest" ? this.values.restPointsPerMinute : this.values.graphqlPointsPerMinute, 60, "points"],
    ];
    if (charge.creates) {
      checks.push(["content-minute", 1, this.values.contentPerMinute, 60, "content-minute"], ["content-hour", 1, this.values.contentPerHour, 3600, "content-hour"]);
    }
    const open = checks.map(([name, cost, limit, seconds, label]) => ({ window: this.window(`${owner}:${name}`, seconds), cost, limit, label }));
    const over = open.find((c) => c.window.used + c.cost > c.limit);
    if (over) {
      return { refused: { limit: over.label, retryAfter: retryAfterSeconds(this.clock, over.window.endsMs) } };
    }
    for (const c of open) c.window.used += c.cost;
    this.inFlight.set(owner, busy + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.inFlight.set(owner, (this.inFlight.get(owner) ?? 1) - 1);
      },
    };
  }

  private window(key: string, seconds: number): Window {
    const now = this.clock.nowMs();
    let window = this.windows.get(key);
    if (!window || now >= window.endsMs) {
      window = { used: 0, endsMs: now + scaledMs(this.clock, seconds) };
      this.windows.set(key, window);
    }
    return window;
  }
}
