import { afterEach, describe, expect, it } from "vitest";
import { startGithubFake, type GithubFake } from "../../sandbox/github/index.js";
import { buildScenario, SANDBOX_GITHUB_TOKEN } from "../../sandbox/scenario/index.js";
import type { GithubRepo, World } from "../../sandbox/world.js";
import { KeylessOctokit } from "./client.js";
import { readRepoDetails } from "./repo-details.js";
import type { RepoBase } from "./repos.js";

const fakes: GithubFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

/** REST on the fake, except paths `answer` decides to answer itself (as GitHub would). */
async function octokitFor(world: World, answer: (path: string) => Response | undefined) {
  const fake = await startGithubFake(world);
  fakes.push(fake);
  const wrapped: typeof fetch = async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    return answer(new URL(url).pathname) ?? fetch(input, init);
  };
  return new KeylessOctokit({ auth: SANDBOX_GITHUB_TOKEN, baseUrl: fake.url, request: { fetch: wrapped }, throttle: { enabled: false }, retry: { enabled: false }, log: { debug() {}, info() {}, warn() {}, error() {} } });
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

function baseOf(repo: GithubRepo): RepoBase {
  return {
    fullName: repo.fullName, id: repo.id, owner: repo.owner, ownerId: repo.ownerId, name: repo.name, defaultBranch: repo.defaultBranch,
    archived: repo.archived, fork: repo.fork, visibility: repo.visibility, createdAt: repo.createdAt,
    workflows: [], environments: repo.environments.map((e) => e.name),
  };
}

const options = (world: World) => ({ deep: true, runsSince: new Date(Date.parse(world.now) - 90 * 86_400_000), maxRuns: 300 });

describe("readRepoDetails", () => {
  it("reads a 404 on the OIDC subject route as the default subject (the repo never opted in)", async () => {
    const world = buildScenario("acme");
    const repo = world.github.repos.find((r) => r.secrets.length > 0) as GithubRepo;
    const octokit = await octokitFor(world, (path) => (path.endsWith("/actions/oidc/customization/sub") ? json(404, { message: "Not Found", status: "404" }) : undefined));
    const { repo: read, skipped } = await readRepoDetails(octokit, baseOf(repo), options(world));
    expect(read.oidcSubject).toEqual({ useDefault: true });
    expect(skipped).toEqual([]);
    expect(read.secrets.map((s) => s.name).sort()).toEqual(repo.secrets.map((s) => s.name).sort());
  });

  it("records a read the token may not make (403) and goes on with the others", async () => {
    const world = buildScenario("acme");
    const repo = world.github.repos.find((r) => r.secrets.length > 0 && r.workflowRuns.length > 0) as GithubRepo;
    const forbidden = json(403, { message: "Resource not accessible by personal access token", status: "403" });
    const octokit = await octokitFor(world, (path) => (path.endsWith("/actions/variables") ? forbidden : undefined));
    const { repo: read, skipped, missing } = await readRepoDetails(octokit, baseOf(repo), options(world));
    expect(missing).toBe(false);
    expect(skipped).toEqual([
      { side: "github", target: `${repo.fullName} variables`, code: "AccessDenied", reason: expect.stringContaining("needs repo (classic) or Variables: read") },
    ]);
    expect(read.secrets.length).toBeGreaterThan(0);
    expect(read.workflowRuns.length).toBeGreaterThan(0);
    expect(read.oidcSubject?.useDefault).toBe(repo.oidcSubject.useDefault);
  });

  it("records the secrets of a repo as skipped when that one read fails, keeping the rest", async () => {
    const world = buildScenario("acme");
    const repo = world.github.repos.find((r) => r.workflowRuns.length > 0) as GithubRepo;
    const octokit = await octokitFor(world, (path) => (path.endsWith("/actions/secrets") ? json(403, { message: "Must have admin rights to Repository.", status: "403" }) : undefined));
    const { repo: read, skipped } = await readRepoDetails(octokit, baseOf(repo), options(world));
    expect(skipped).toEqual([expect.objectContaining({ target: `${repo.fullName} secrets`, code: "AccessDenied" })]);
    expect(read.secrets.filter((s) => s.scope === "repo")).toEqual([]);
    expect(read.workflowRuns.length).toBeGreaterThan(0);
  });
});
