import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startGithubFake, type GithubFake, type GithubFakeOptions } from "../../sandbox/github/index.js";
import { buildScenario, SANDBOX_GITHUB_LIMITED_TOKEN } from "../../sandbox/scenario/index.js";
import type { World } from "../../sandbox/world.js";
import type { DiscoverEvent } from "../events.js";
import { RequestCounter } from "../request-counter.js";
import { githubConnection } from "../../../test/support/discover.js";
import type { GithubConnection } from "./client.js";
import { discoverGithub, type GithubDiscoverOptions } from "./index.js";

const DAY = 86_400_000;
const fakes: GithubFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function scan(world: World, fakeOptions: GithubFakeOptions = {}, overrides: Omit<Partial<GithubDiscoverOptions>, "connection"> & { connection?: Partial<GithubConnection> } = {}) {
  const fake = await startGithubFake(world, fakeOptions);
  fakes.push(fake);
  const counter = new RequestCounter();
  const events: DiscoverEvent[] = [];
  const { connection, ...rest } = overrides;
  const result = await discoverGithub({
    org: "acme",
    concurrency: 4,
    deep: true,
    now: new Date(world.now),
    counter,
    onEvent: (e) => events.push(e),
    ...rest,
    connection: githubConnection(fake, connection),
  });
  return { ...result, fake, counter, events };
}

/** The fake's request log in the counter's naming: "GET /repos/{owner}/{repo}/…" → "GET /repos/{}/{}/…". */
function fakeLog(fake: GithubFake): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, n] of fake.requests) {
    const name = key.replace(/\{[^}]+\}/g, "{}");
    out[name] = (out[name] ?? 0) + n;
  }
  return out;
}
const ourLog = (counter: RequestCounter) => Object.fromEntries(counter.toJSON().map((r) => [r.endpoint, r.count]));
/** The inventory minus what differs between two fakes (their URL). */
const comparable = (github: Awaited<ReturnType<typeof scan>>["github"]) => JSON.parse(JSON.stringify({ ...github, apiUrl: "" })) as unknown;

let baseline: Awaited<ReturnType<typeof scan>>;
let baselineWorld: World;
beforeAll(async () => {
  baselineWorld = buildScenario("acme");
  baseline = await scan(baselineWorld);
  fakes.splice(0);
});
afterAll(async () => baseline.fake.close());

describe("discoverGithub against the acme sandbox", () => {
  it("reads every repo once with its workflow files, secrets, variables, OIDC subject and runs", () => {
    const world = baselineWorld;
    const { github, skipped } = baseline;
    expect(skipped).toEqual([]);
    expect(github.repos.map((r) => r.fullName).sort()).toEqual(world.github.repos.map((r) => r.fullName).sort());

    const since = Date.parse(new Date(Date.parse(world.now) - 90 * DAY).toISOString().slice(0, 10));
    for (const planted of world.github.repos) {
      const repo = github.repos.find((r) => r.fullName === planted.fullName);
      const files = Object.entries(planted.files).filter(([p]) => /^\.github\/workflows\/[^/]+\.ya?ml$|^\.github\/actions\/[^/]+\/action\.ya?ml$/.test(p));
      expect(Object.fromEntries((repo?.workflows ?? []).map((w) => [w.path, w.text]))).toEqual(Object.fromEntries(files));
      expect(repo?.id).toBe(planted.id);
      expect(repo?.environments.sort()).toEqual(planted.environments.map((e) => e.name).sort());
      const secrets = [...planted.secrets.map((s) => `repo/${s.name}`), ...planted.environments.flatMap((e) => e.secrets.map((s) => `${e.name}/${s.name}`))];
      expect((repo?.secrets ?? []).map((s) => `${s.environment ?? "repo"}/${s.name}`).sort()).toEqual(secrets.sort());
      expect((repo?.variables ?? []).map((v) => `${v.environment ?? "repo"}/${v.name}=${v.value}`).sort()).toEqual(
        [...planted.variables.map((v) => `repo/${v.name}=${v.value}`), ...planted.environments.flatMap((e) => e.variables.map((v) => `${e.name}/${v.name}=${v.value}`))].sort(),
      );
      expect(repo?.oidcSubject?.useDefault).toBe(planted.oidcSubject.useDefault);
      expect((repo?.workflowRuns ?? []).map((r) => r.id).sort()).toEqual(planted.workflowRuns.filter((r) => Date.parse(r.createdAt) >= since).map((r) => r.id).sort());
    }
    const selected = github.orgSecrets.find((s) => s.visibility === "selected");
    expect(selected?.selectedRepos?.length).toBeGreaterThan(0);
    expect(github.repos.flatMap((r) => r.secretScanningAlerts).some((a) => /^AKIA[A-Z2-7]{16}$/.test(a.accessKeyId ?? ""))).toBe(true);
    expect(github.actionsIpRanges.length).toBeGreaterThan(0);
  });

  it("counts every HTTP request once, as the fake saw them", () => {
    expect(ourLog(baseline.counter)).toEqual(fakeLog(baseline.fake));
  });

  it("follows pagination across REST pages of one item and other GraphQL page bounds: the same inventory", async () => {
    const tight = await scan(buildScenario("acme"), { maxPerPage: 1 }, { pageSize: 24 });
    expect(comparable(tight.github)).toEqual(comparable(baseline.github));
    expect(tight.counter.total("github")).toBeGreaterThan(baseline.counter.total("github"));
    expect(ourLog(tight.counter)["POST /graphql"]).toBe(2); // 48 repos in pages of 24
  });

  it("answers secondary rate limits (30% of requests) with retries: same inventory, retries counted", async () => {
    // Eight retries: at a 30% random rate, five limits in a row on one of ~300 requests is likely.
    const stormy = await scan(buildScenario("acme"), { faults: { secondaryRateLimitRate: 0.3, seed: 5 } }, { connection: { maxRetries: 8 } });
    expect(comparable(stormy.github)).toEqual(comparable(baseline.github));
    expect(stormy.skipped).toEqual([]);
    expect(ourLog(stormy.counter)).toEqual(fakeLog(stormy.fake));
    expect(stormy.counter.total("github")).toBeGreaterThan(baseline.counter.total("github") * 1.2);
  });

  it("records what a token without the permission cannot read, and reads the rest", async () => {
    const world = buildScenario("acme");
    const { github, skipped, events } = await scan(world, {}, { connection: { token: SANDBOX_GITHUB_LIMITED_TOKEN } });
    const publicRepos = world.github.repos.filter((r) => r.visibility === "public");
    expect(github.repos.map((r) => r.fullName).sort()).toEqual(publicRepos.map((r) => r.fullName).sort());
    // Workflows are still read; secrets need admin rights the token does not carry.
    expect(github.repos.every((r) => r.workflows.length === Object.keys(world.github.repos.find((p) => p.fullName === r.fullName)?.files ?? {}).filter((p) => p.startsWith(".github/") && p.endsWith(".yml")).length)).toBe(true);
    for (const repo of publicRepos) {
      expect(skipped).toContainEqual({ side: "github", target: `${repo.fullName} secrets`, code: "AccessDenied", reason: expect.stringContaining("needs repo (classic) or Secrets: read") });
    }
    expect(skipped).toContainEqual(expect.objectContaining({ target: "acme organization secrets", code: "AccessDenied" }));
    expect(events.filter((e) => e.type === "github-repo-done")).toHaveLength(publicRepos.length);
  });

  it("records a repo deleted during the scan as not found, and the scan goes on", async () => {
    const world = buildScenario("acme");
    const victim = world.github.repos.find((r) => r.name.startsWith("a")) ?? world.github.repos[0];
    // One GraphQL page: the fake's cursors are positions, so a deletion between pages would shift
    // the next page by one (GitHub's cursors are keyed by name and would not).
    const { github, skipped } = await scan(world, {}, {
      pageSize: 100,
      onEvent: (e) => {
        // Listed by GraphQL, gone before its secrets are read.
        if (e.type === "github-repos") world.github.repos = world.github.repos.filter((r) => r !== victim);
      },
    });
    expect(skipped).toEqual([expect.objectContaining({ target: victim?.fullName, code: "NotFound" })]);
    expect(github.repos).toHaveLength(48);
    expect(github.repos.filter((r) => r.fullName !== victim?.fullName).every((r) => r.oidcSubject !== undefined)).toBe(true);
  });
});
