import { describe, expect, it } from "vitest";
import { KeylessError } from "../../core/errors.js";
import { RequestCounter } from "../request-counter.js";
import { githubClient } from "./client.js";
import { checkOrg } from "./org.js";
import { RatePacer, type PaceWait, type PacerClock } from "./pacer.js";

/** A clock that only moves when someone sleeps on it: waits are counted, never timed. */
function fakeClock(start = 1_000_000_000_000): PacerClock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

function rateHeaders(limit: number, remaining: number, resetSeconds: number, resource = "core"): Headers {
  return new Headers({
    "x-ratelimit-limit": String(limit),
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-reset": String(resetSeconds),
    "x-ratelimit-resource": resource,
  });
}

describe("RatePacer", () => {
  it("waits for the reset once the headers say the budget is spent, and announces the wait", async () => {
    const clock = fakeClock();
    const waits: PaceWait[] = [];
    const pacer = new RatePacer({ clock, onWait: (w) => waits.push(w) });
    const reset = Math.floor(clock.now() / 1000) + 600;
    const sentAt: number[] = [];
    // A budget of 3 left: three requests go at once, the fourth waits for the reset.
    let left = 3;
    for (let i = 0; i < 5; i++) {
      await pacer.acquire("core");
      sentAt.push(clock.now());
      left = Math.max(0, left - 1);
      pacer.settle("core", rateHeaders(5000, left, reset));
      if (clock.now() >= reset * 1000) left = 5000;
    }
    expect(sentAt.slice(0, 3).every((t) => t < reset * 1000)).toBe(true);
    expect(sentAt.slice(3).every((t) => t > reset * 1000)).toBe(true);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toMatchObject({ resource: "core", until: reset * 1000 + 1000 });
    expect(waits[0]!.reason).toMatch(/rate limit/);
  });

  it("counts requests in flight against what is left, so a burst does not overshoot the budget", async () => {
    const clock = fakeClock();
    const pacer = new RatePacer({ clock });
    const reset = Math.floor(clock.now() / 1000) + 60;
    await pacer.acquire("core");
    pacer.settle("core", rateHeaders(100, 2, reset));
    await pacer.acquire("core");
    await pacer.acquire("core");
    // Two in flight, two left: the next one must wait for the reset.
    const before = clock.slept.length;
    await pacer.acquire("core");
    expect(clock.slept.length).toBe(before + 1);
    expect(clock.now()).toBeGreaterThan(reset * 1000);
  });

  it("keeps REST and GraphQL budgets apart: a spent GraphQL budget does not hold REST reads", async () => {
    const clock = fakeClock();
    const pacer = new RatePacer({ clock });
    const reset = Math.floor(clock.now() / 1000) + 60;
    await pacer.acquire("graphql");
    pacer.settle("graphql", rateHeaders(5000, 0, reset, "graphql"));
    await pacer.acquire("core");
    expect(clock.slept).toEqual([]);
  });

  it("stays under GitHub's 900 REST points a minute however fast requests are asked for", async () => {
    const clock = fakeClock();
    const pacer = new RatePacer({ clock });
    const sentAt: number[] = [];
    for (let i = 0; i < 2000; i++) {
      await pacer.acquire("core");
      sentAt.push(clock.now());
      pacer.settle("core", undefined);
    }
    let worst = 0;
    for (let i = 0, j = 0; i < sentAt.length; i++) {
      while (sentAt[i]! - sentAt[j]! >= 60_000) j++;
      worst = Math.max(worst, i - j + 1);
    }
    expect(worst).toBeLessThanOrEqual(900);
    // ...and does not crawl either: 2,000 reads in under three and a half minutes.
    expect(clock.now() - sentAt[0]!).toBeLessThan(210_000);
  });
});

describe("githubClient pacing", () => {
  it("sends the scanning client's GraphQL queries concurrently, not one a second like writes", async () => {
    let inFlight = 0;
    let most = 0;
    const release: Array<() => void> = [];
    const send: typeof fetch = async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      // Held until five are in flight (or 1.5 s pass: the old one-a-second spacing never gets there).
      await new Promise<void>((resolve) => {
        release.push(resolve);
        if (release.length >= 5) release.splice(0).forEach((r) => r());
        else setTimeout(resolve, 1500);
      });
      inFlight--;
      return new Response(JSON.stringify({ data: { viewer: { login: "x" } } }), { status: 200, headers: { "content-type": "application/json" } });
    };
    const octokit = githubClient({ token: "t", apiUrl: "http://127.0.0.1:9", maxRetries: 0, fetch: send }, new RequestCounter(), undefined, { readOnly: true });
    await Promise.all(Array.from({ length: 5 }, () => octokit.graphql("query { viewer { login } }")));
    expect(most).toBe(5);
  });

  it("refuses writes on the scanning client", async () => {
    const send: typeof fetch = async () => new Response("{}", { status: 200 });
    const octokit = githubClient({ token: "t", apiUrl: "http://127.0.0.1:9", maxRetries: 0, fetch: send }, new RequestCounter(), undefined, { readOnly: true });
    await expect(octokit.request("POST /repos/{owner}/{repo}/issues", { owner: "a", repo: "b", title: "x" })).rejects.toThrow(/only reads/);
  });

  it("reports a used-up rate limit as such, never as an SSO or permission problem", async () => {
    const reset = Math.floor(Date.now() / 1000) - 1; // already past: retries are immediate
    const send: typeof fetch = async () =>
      new Response(JSON.stringify({ message: "API rate limit exceeded for user ID 1." }), {
        status: 403,
        headers: { "content-type": "application/json", "x-ratelimit-limit": "5000", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset), "x-ratelimit-resource": "core" },
      });
    const octokit = githubClient({ token: "t", apiUrl: "http://127.0.0.1:9", maxRetries: 0, retryAfterBaseMs: 0, fetch: send }, new RequestCounter(), undefined, { readOnly: true });
    const error = await checkOrg(octokit, "acme").then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(KeylessError);
    expect((error as KeylessError).code).toBe("GithubRateLimited");
    expect(`${(error as Error).message} ${(error as KeylessError).remediation}`).not.toMatch(/SAML|single sign-on|refused access/i);
  });
});
