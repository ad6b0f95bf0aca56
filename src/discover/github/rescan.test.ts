// A re-scan of an unchanged organization, with the state store as cache: REST answers come back
// as 304s (not charged), unchanged workflow trees are not read again, and the inventory is the same.
import { Octokit } from "@octokit/rest";
import { afterEach, describe, expect, it } from "vitest";
import { startGithubFake, type GithubFake } from "../../sandbox/github/index.js";
import { buildScenario } from "../../sandbox/scenario/index.js";
import type { World } from "../../sandbox/world.js";
import { openMemoryStateStore, type StateStore } from "../../state/index.js";
import type { DiscoverEvent } from "../events.js";
import { RequestCounter } from "../request-counter.js";
import { githubConnection } from "../../../test/support/discover.js";
import { discoverGithub } from "./index.js";

const fakes: GithubFake[] = [];
const stores: StateStore[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
  stores.splice(0).forEach((s) => s.close());
});

/** What the fake has charged this token so far, REST requests plus GraphQL points (from its free /rate_limit). */
async function charged(fake: GithubFake): Promise<number> {
  const octokit = new Octokit({ auth: githubConnection(fake).token, baseUrl: fake.url });
  const { data } = await octokit.rest.rateLimit.get();
  return data.resources.core.used + (data.resources.graphql?.used ?? 0);
}

async function scan(world: World, fake: GithubFake, store: StateStore) {
  const events: DiscoverEvent[] = [];
  const before = await charged(fake);
  const result = await discoverGithub({
    org: "acme",
    concurrency: 4,
    deep: true,
    now: new Date(world.now),
    counter: new RequestCounter(),
    cache: store,
    onEvent: (e) => events.push(e),
    connection: githubConnection(fake),
  });
  return { ...result, events, charged: (await charged(fake)) - before };
}

describe("a re-scan with the scan cache", () => {
  it("is charged at most a tenth of the first scan and gives the same inventory", async () => {
    const world = buildScenario("acme", { repos: 120 });
    world.github.rateLimit.limit = 100_000;
    world.github.rateLimit.graphqlLimit = 100_000;
    const fake = await startGithubFake(world);
    fakes.push(fake);
    const store = openMemoryStateStore();
    stores.push(store);

    const first = await scan(world, fake, store);
    const second = await scan(world, fake, store);

    expect(first.charged).toBeGreaterThan(200);
    expect(second.charged).toBeLessThanOrEqual(first.charged * 0.1);
    expect(second.github).toEqual(first.github);
    expect(second.skipped).toEqual(first.skipped);
    const cacheEvent = second.events.find((e) => e.type === "github-cache");
    expect(cacheEvent).toMatchObject({ type: "github-cache", reusedTrees: world.github.repos.length });
    expect((cacheEvent as { notModified: number }).notModified).toBeGreaterThan(first.charged * 0.8);
  });

  it("reads again the workflow files of a repo whose workflow tree changed, and only those", async () => {
    const world = buildScenario("acme");
    const fake = await startGithubFake(world);
    fakes.push(fake);
    const store = openMemoryStateStore();
    stores.push(store);
    await scan(world, fake, store);

    // The fake builds its git objects once: the changed world gets a fresh fake (same content, same ids).
    const repo = world.github.repos.find((r) => Object.keys(r.files).some((p) => p.startsWith(".github/workflows/")))!;
    const path = Object.keys(repo.files).find((p) => p.startsWith(".github/workflows/"))!;
    repo.files[path] = `${repo.files[path]}\n# changed since the last scan\n`;
    const changedFake = await startGithubFake(world);
    fakes.push(changedFake);
    const second = await scan(world, changedFake, store);
    const read = second.github.repos.find((r) => r.fullName === repo.fullName)!;
    expect(read.workflows.find((w) => w.path === path)?.text).toContain("# changed since the last scan");
    expect(second.events.find((e) => e.type === "github-cache")).toMatchObject({ reusedTrees: world.github.repos.length - 1 });
  });

  it("never keeps the token, nor a file that looks like it holds a secret value", async () => {
    const world = buildScenario("acme");
    const repo = world.github.repos.find((r) => Object.keys(r.files).some((p) => p.startsWith(".github/workflows/")))!;
    const path = Object.keys(repo.files).find((p) => p.startsWith(".github/workflows/"))!;
    const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYREALONEKEY";
    repo.files[path] = `${repo.files[path]}\n# aws_secret_access_key: ${secret}\n`;
    const fake = await startGithubFake(world);
    fakes.push(fake);
    const store = openMemoryStateStore();
    stores.push(store);
    await scan(world, fake, store);
    const dump = JSON.stringify(
      (store as unknown as { db: { all(sql: string): unknown[] } }).db.all("SELECT * FROM scan_cache"),
    );
    expect(dump.length).toBeGreaterThan(1000);
    expect(dump).not.toContain(githubConnection(fake).token);
    expect(dump).not.toContain(secret);
  });
});
