// GitHub's primary and secondary rate limits as the fake plays them, through the real Octokit and its
// throttling plugin: headers, token kinds, GraphQL points, a limit reached and reset on a scaled
// clock, and secondary limits answered with retry-after.

import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import { afterEach, describe, expect, it } from "vitest";
import { installationLimit } from "./rate-limit.js";
import { startHarness, statusOf, quietLog, type Harness } from "../../../test/support/sandbox/github.js";
import { testWorld, TOKENS } from "../../../test/support/sandbox/github-world.js";

const Throttled = Octokit.plugin(throttling);

let h: Harness | undefined;
afterEach(async () => {
  await h?.fake.close();
  h = undefined;
});

function throttled(url: string, events: string[], token: string = TOKENS.admin) {
  return new Throttled({
    baseUrl: url,
    auth: token,
    log: quietLog,
    throttle: {
      onRateLimit: (retryAfter: number) => {
        events.push(`primary ${retryAfter}`);
        return true;
      },
      onSecondaryRateLimit: (retryAfter: number) => {
        events.push(`secondary ${retryAfter}`);
        return true;
      },
    },
  });
}

describe("primary limits by token kind", () => {
  it("gives a personal token 5,000 an hour and an installation GitHub's scaled limit, each its own window", async () => {
    const world = testWorld(40);
    world.github.orgs[0]!.members = 30;
    h = await startHarness({}, world);
    const personal = await h.client().users.getAuthenticated();
    expect(personal.headers["x-ratelimit-limit"]).toBe("5000");
    expect(personal.headers["x-oauth-scopes"]).toContain("repo");
    const app = await h.client(TOKENS.installation).repos.listForOrg({ org: "acme" });
    // 5,000 + 50 × (40 − 20) repositories + 50 × (30 − 20) users.
    expect(app.headers["x-ratelimit-limit"]).toBe("6500");
    expect(app.headers["x-ratelimit-used"]).toBe("1");
    expect(app.headers["x-oauth-scopes"]).toBeUndefined();
    const graphql = await h.client(TOKENS.installation).graphql<{ rateLimit: { limit: number } }>("{ rateLimit { limit } }");
    expect(graphql.rateLimit.limit).toBe(6500);
  });

  it("caps an installation at 12,500 and leaves a small one at 5,000", () => {
    expect(installationLimit(10_000, 3_000)).toBe(12_500);
    expect(installationLimit(12, 5)).toBe(5_000);
    expect(installationLimit(170, 0)).toBe(12_500);
  });

  it("charges GraphQL the sum of connection requests / 100 and says so in headers and rateLimit", async () => {
    h = await startHarness({}, testWorld(12));
    const o = h.client();
    // 1 request for the repositories, then 100 for each of the two nested connections: 201 → 2 points.
    const query = `{ organization(login: "acme") { repositories(first: 100) { nodes { a: environments(first: 100) { totalCount } b: environments(first: 100) { totalCount } } } } rateLimit { cost remaining resetAt } }`;
    const response = await o.request("POST /graphql", { query });
    const data = (response.data as { data: { rateLimit: { cost: number; remaining: number; resetAt: string } } }).data;
    expect(data.rateLimit.cost).toBe(2);
    expect(data.rateLimit.remaining).toBe(4998);
    expect(response.headers["x-ratelimit-used"]).toBe("2");
    expect(response.headers["x-ratelimit-resource"]).toBe("graphql");
    expect(Date.parse(data.rateLimit.resetAt) / 1000).toBeCloseTo(Number(response.headers["x-ratelimit-reset"]), -1);
    // REST has its own window.
    expect((await o.users.getAuthenticated()).headers["x-ratelimit-used"]).toBe("1");
  });
});

describe("a limit reached and reset on a scaled clock", () => {
  it("refuses with 403, remaining 0 and a reset 1/600 of an hour away; Octokit waits for it and goes on", async () => {
    const world = testWorld();
    world.github.rateLimit.limit = 3;
    // Time scale 600: the hour lasts six seconds.
    h = await startHarness({ limits: { timeScale: 600 } }, world);
    const o = h.client();
    const first = await o.users.getAuthenticated();
    const reset = Number(first.headers["x-ratelimit-reset"]);
    expect(reset - Date.now() / 1000).toBeGreaterThan(0);
    expect(reset - Date.now() / 1000).toBeLessThanOrEqual(7);
    await o.users.getAuthenticated();
    await o.users.getAuthenticated();
    const spent = await statusOf(o.users.getAuthenticated());
    expect(spent).toMatchObject({ status: 403, message: expect.stringMatching(/API rate limit exceeded/) });
    expect(spent.headers["x-ratelimit-remaining"]).toBe("0");

    const events: string[] = [];
    const started = Date.now();
    const after = await throttled(h.fake.url, events).users.getAuthenticated();
    expect(events).toHaveLength(1);
    // Octokit waits until x-ratelimit-reset, plus one second of its own.
    expect(events[0]).toMatch(/^primary [1-8]$/);
    // Seconds, not the hour of an unscaled window (room left for a loaded machine).
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(after.headers["x-ratelimit-used"]).toBe("1");
  });

  it("states an unscaled hour by default and 1/60 of it at time scale 60", async () => {
    h = await startHarness();
    const plain = Number((await h.client().users.getAuthenticated()).headers["x-ratelimit-reset"]) - Date.now() / 1000;
    expect(plain).toBeGreaterThan(3590);
    await h.fake.close();
    h = await startHarness({ limits: { timeScale: 60 } });
    const scaled = Number((await h.client().users.getAuthenticated()).headers["x-ratelimit-reset"]) - Date.now() / 1000;
    expect(scaled).toBeGreaterThan(58);
    expect(scaled).toBeLessThanOrEqual(61);
  });

  it("sends no rate-limit headers and answers /rate_limit 404 when primary limits are off", async () => {
    h = await startHarness({ limits: { primary: false } });
    const o = h.client();
    const me = await o.users.getAuthenticated();
    expect(me.headers["x-ratelimit-limit"]).toBeUndefined();
    expect((await statusOf(o.rateLimit.get())).status).toBe(404);
  });
});

describe("secondary limits", () => {
  it("refuses past the REST points of a minute with GitHub's message and retry-after; Octokit retries after it", async () => {
    // Time scale 20: the minute lasts three seconds.
    h = await startHarness({ limits: { secondary: { restPointsPerMinute: 4 }, timeScale: 20 } });
    const o = h.client();
    for (let i = 0; i < 4; i++) await o.users.getAuthenticated();
    const refused = await statusOf(o.users.getAuthenticated());
    expect(refused.status).toBe(403);
    expect(refused.message).toMatch(/You have exceeded a secondary rate limit/);
    expect(refused.headers["retry-after"]).toMatch(/^[1-3]$/);
    expect(refused.headers["x-ratelimit-remaining"]).not.toBe("0");

    const events: string[] = [];
    await throttled(h.fake.url, events).users.getAuthenticated();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatch(/^secondary [1-3]$/);
  });

  it("counts a REST write as 5 points and limits content-creating requests per minute", async () => {
    h = await startHarness({ limits: { secondary: { restPointsPerMinute: 12, contentPerMinute: 1 } } });
    const o = h.client();
    await o.git.createBlob({ owner: "acme", repo: "api", content: "a", encoding: "utf-8" });
    const second = await statusOf(o.git.createBlob({ owner: "acme", repo: "api", content: "b", encoding: "utf-8" }));
    expect(second.status).toBe(403);
    expect(second.message).toMatch(/secondary rate limit/);
    expect(Number(second.headers["retry-after"])).toBeGreaterThan(50);
    // 5 points spent by the write: 7 reads fit in the minute, the 8th does not.
    for (let i = 0; i < 7; i++) await o.users.getAuthenticated();
    expect((await statusOf(o.users.getAuthenticated())).status).toBe(403);
  });

  it("refuses requests past the concurrent limit while the others are in flight", async () => {
    h = await startHarness({ latencyMs: 150, limits: { secondary: { concurrent: 2 } } });
    const o = h.client();
    const results = await Promise.all([1, 2, 3].map(() => statusOf(o.users.getAuthenticated())));
    expect(results.map((r) => r.status).sort()).toEqual([0, 0, 403]);
    // Once they are answered, the slots are free again.
    expect((await statusOf(o.users.getAuthenticated())).status).toBe(0);
  });
});
