// A scan whose token runs out of budget many times over: the sandbox enforces GitHub's primary and
// secondary limits on a clock 3,600 times faster (an hour's window passes in a second), and the
// scan must wait for each reset, say so, and finish with everything read.
import { afterEach, describe, expect, it } from "vitest";
import { startGithubFake, type GithubFake } from "../../sandbox/github/index.js";
import { buildScenario } from "../../sandbox/scenario/index.js";
import type { DiscoverEvent } from "../events.js";
import { RequestCounter } from "../request-counter.js";
import { githubConnection } from "../../../test/support/discover.js";
import { discoverGithub } from "./index.js";

const fakes: GithubFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function scan(limits: { limit: number; timeScale: number } | undefined) {
  const world = buildScenario("acme");
  if (limits) {
    world.github.rateLimit.limit = limits.limit;
    world.github.rateLimit.graphqlLimit = limits.limit;
  }
  const fake = await startGithubFake(world, limits ? { limits: { timeScale: limits.timeScale, secondary: true } } : {});
  fakes.push(fake);
  const events: DiscoverEvent[] = [];
  const result = await discoverGithub({
    org: "acme",
    concurrency: 8,
    deep: true,
    // A few repos read in detail: some 40 requests, four windows' worth at a budget of 10.
    repos: world.github.repos.slice(0, 6).map((r) => r.name),
    now: new Date(world.now),
    counter: new RequestCounter(),
    onEvent: (e) => events.push(e),
    connection: githubConnection(fake, limits ? { timeScale: limits.timeScale } : {}),
  });
  return { ...result, events };
}

describe("a scan that meets GitHub's rate limits", () => {
  it("waits for each reset, announces the waits, and reads everything an unlimited scan reads", async () => {
    const unlimited = await scan(undefined);
    const limited = await scan({ limit: 10, timeScale: 3600 });

    expect(limited.skipped.filter((s) => /rate limit/i.test(s.reason))).toEqual([]);
    expect(limited.skipped).toEqual(unlimited.skipped);
    expect({ ...limited.github, apiUrl: "" }).toEqual({ ...unlimited.github, apiUrl: "" });

    const waits = limited.events.filter((e): e is Extract<DiscoverEvent, { type: "wait" }> => e.type === "wait");
    // However fast or slow this machine is, 40 requests at 10 a window cannot pass without waiting.
    expect(waits.length).toBeGreaterThanOrEqual(1);
    expect(waits.every((w) => w.side === "github" && /rate limit/.test(w.reason) && w.until !== undefined)).toBe(true);
    const rates = limited.events.filter((e) => e.type === "rate");
    expect(rates.length).toBeGreaterThan(0);
  });
});
