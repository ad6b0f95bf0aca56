// Injected faults: latency, and GitHub's secondary rate limit (403 or 429 with retry-after), on a
// seeded fraction of requests, answered by @octokit/plugin-throttling and plugin-retry.

import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, statusOf, quietLog, type Harness } from "../../../test/support/sandbox/github.js";
import { testWorld, TOKENS } from "../../../test/support/sandbox/github-world.js";

const Throttled = Octokit.plugin(throttling, retry);

let h: Harness;
afterEach(async () => {
  await h?.fake.close();
});

function throttledClient(url: string, hits: Array<{ status: number; retryAfter: number }>) {
  return new Throttled({
    baseUrl: url,
    auth: TOKENS.admin,
    log: quietLog,
    // plugin-retry also retries 429 answers (1 s, 4 s...); scale its delays down the same way.
    retry: { retryAfterBaseValue: 5 },
    throttle: {
      // The fake asks for retry-after: 1; scale seconds to 5 ms so the test stays fast.
      retryAfterBaseValue: 5,
      onRateLimit: () => false,
      onSecondaryRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => {
        hits.push({ status: 0, retryAfter });
        return retryCount < 8;
      },
    },
  });
}

function total(requests: Map<string, number>): number {
  return [...requests.values()].reduce((a, b) => a + b, 0);
}

describe("secondary rate limit faults", () => {
  it("answers a seeded fraction with 403/429, the secondary-limit message and retry-after", async () => {
    h = await startHarness({ faults: { secondaryRateLimitRate: 0.5, seed: 42 } });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const result = await statusOf(h.client().users.getAuthenticated());
      statuses.push(result.status);
      if (result.status !== 0) {
        expect(result.message).toMatch(/secondary rate limit/);
        expect(result.headers["retry-after"]).toBe("1");
      }
    }
    const faulted = statuses.filter((s) => s !== 0);
    expect(faulted.length).toBeGreaterThan(3);
    expect(faulted.length).toBeLessThan(17);
    expect(new Set(faulted)).toEqual(new Set([403, 429]));

    // The same seed gives the same sequence.
    const again = await startHarness({ faults: { secondaryRateLimitRate: 0.5, seed: 42 } });
    const replay: number[] = [];
    for (let i = 0; i < 20; i++) {
      replay.push((await statusOf(again.client().users.getAuthenticated())).status);
    }
    await again.fake.close();
    expect(replay).toEqual(statuses);
  });

  it("lets the throttling plugin retry REST pagination to a complete result", async () => {
    h = await startHarness({ faults: { secondaryRateLimitRate: 0.3, seed: 3 } }, testWorld(40));
    const hits: Array<{ status: number; retryAfter: number }> = [];
    const o = throttledClient(h.fake.url, hits);
    const repos = await o.paginate(o.repos.listForOrg, { org: "acme", per_page: 100 });
    expect(repos).toHaveLength(40);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((hit) => hit.retryAfter === 1)).toBe(true);
    expect(total(h.fake.requests)).toBe(8 + hits.length);
  });

  it("lets the throttling plugin retry GraphQL", async () => {
    h = await startHarness({ faults: { secondaryRateLimitRate: 0.5, seed: 3 } });
    const hits: Array<{ status: number; retryAfter: number }> = [];
    const o = throttledClient(h.fake.url, hits);
    // The plugin spaces GraphQL calls (its "write" group) by a second each: keep the loop short.
    for (let i = 0; i < 3; i++) {
      const data = await o.graphql<{ viewer: { login: string } }>("{ viewer { login } }");
      expect(data.viewer.login).toBe("octo-admin");
    }
    expect(hits.length).toBeGreaterThan(0);
    expect(h.fake.requests.get("POST /graphql")).toBe(3 + hits.length);
  });
});

describe("latency", () => {
  it("delays every answer by latencyMs", async () => {
    h = await startHarness({ latencyMs: 60 });
    const started = performance.now();
    await h.client().meta.get();
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });
});
