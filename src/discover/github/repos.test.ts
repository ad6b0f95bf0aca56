import { afterEach, describe, expect, it } from "vitest";
import { startGithubFake, type GithubFake } from "../../sandbox/github/index.js";
import { buildScenario, SANDBOX_GITHUB_TOKEN } from "../../sandbox/scenario/index.js";
import type { World } from "../../sandbox/world.js";
import { KeylessOctokit, type GithubClient } from "./client.js";
import { listRepos, type RepoPage } from "./repos.js";

const TIMEOUT_MESSAGE =
  "Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug. Please include `C0DE:1234` when reporting this issue.";

const fakes: GithubFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

type Intercept = (body: { query: string; variables: { first: number; after: string | null } }, forward: () => Promise<Response>) => Promise<Response>;

/** An Octokit on the fake whose GraphQL answers pass through `intercept` (throttling off: no 1 s spacing). */
async function client(world: World, intercept: Intercept): Promise<{ octokit: GithubClient; graphql: number[]; rest: string[] }> {
  const fake = await startGithubFake(world);
  fakes.push(fake);
  const graphql: number[] = [];
  const rest: string[] = [];
  const wrapped: typeof fetch = async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (!url.endsWith("/graphql")) {
      rest.push(new URL(url).pathname);
      return fetch(input, init);
    }
    const body = JSON.parse(String(init?.body)) as Parameters<Intercept>[0];
    graphql.push(body.variables.first);
    return intercept(body, () => fetch(input, init));
  };
  const octokit = new KeylessOctokit({
    auth: SANDBOX_GITHUB_TOKEN,
    baseUrl: fake.url,
    request: { fetch: wrapped },
    throttle: { enabled: false },
    retry: { retries: 2, retryAfterBaseValue: 1 },
    log: { debug() {}, info() {}, warn() {}, error() {} },
  });
  return { octokit, graphql, rest };
}

async function collect(pages: AsyncGenerator<RepoPage>): Promise<RepoPage> {
  const all: RepoPage = { repos: [], total: 0, skipped: [] };
  for await (const page of pages) {
    all.repos.push(...page.repos);
    all.skipped.push(...page.skipped);
    all.total = page.total || all.total;
  }
  return all;
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/** Workflow and composite-action files of a planted repo, path → text. */
function plantedFiles(world: World, fullName: string): Record<string, string> {
  const repo = world.github.repos.find((r) => r.fullName === fullName);
  return Object.fromEntries(Object.entries(repo?.files ?? {}).filter(([p]) => /^\.github\/workflows\/[^/]+\.ya?ml$|^\.github\/actions\/[^/]+\/action\.ya?ml$/.test(p)));
}

describe("listRepos", () => {
  it("halves the page while GitHub times out, grows it back after good pages, and lists every repo once", async () => {
    const world = buildScenario("acme");
    // GitHub's answer to a query that ran too long: HTTP 200, no data, one error.
    const { octokit, graphql } = await client(world, async (body, forward) =>
      body.variables.first > 6 ? json(200, { data: null, errors: [{ message: TIMEOUT_MESSAGE }] }) : forward(),
    );
    const listed = await collect(listRepos(octokit, "acme"));
    const names = listed.repos.map((r) => r.fullName);
    expect(new Set(names).size).toBe(names.length);
    expect(names.sort()).toEqual(world.github.repos.map((r) => r.fullName).sort());
    expect(listed.skipped).toEqual([]);
    // 25 and 12 time out; pages of 6 follow, and every third good page tries 12 again.
    expect(graphql.slice(0, 6)).toEqual([25, 12, 6, 6, 6, 12]);
    expect(graphql.filter((n) => n === 6)).toHaveLength(8); // 48 repos in pages of 6
    for (const repo of listed.repos.slice(0, 5)) {
      expect(Object.fromEntries(repo.workflows.map((w) => [w.path, w.text]))).toEqual(plantedFiles(world, repo.fullName));
    }
  });

  it("lists a repo too heavy even alone without file text and reads its files over REST", async () => {
    const world = buildScenario("acme");
    world.github.repos = world.github.repos.filter((r) => Object.keys(plantedFiles(world, r.fullName)).length >= 2).slice(0, 3);
    // Every query that asks for blob text fails with a gateway timeout; the light one does not.
    const { octokit, rest } = await client(world, async (body, forward) => (body.query.includes("isTruncated") ? json(502, { message: "Server Error" }) : forward()));
    const listed = await collect(listRepos(octokit, "acme", { maxPageSize: 4 }));
    expect(listed.repos.map((r) => r.fullName).sort()).toEqual(world.github.repos.map((r) => r.fullName).sort());
    for (const repo of listed.repos) {
      expect(Object.fromEntries(repo.workflows.map((w) => [w.path, w.text]))).toEqual(plantedFiles(world, repo.fullName));
    }
    expect(rest.filter((p) => p.includes("/git/blobs/"))).toHaveLength(listed.repos.reduce((n, r) => n + r.workflows.length, 0));
  });

  it("reads the whole file over REST when GraphQL truncated its text", async () => {
    const world = buildScenario("acme");
    const target = world.github.repos.find((r) => Object.keys(plantedFiles(world, r.fullName)).length > 0);
    world.github.repos = target ? [target] : [];
    const { octokit } = await client(world, async (_body, forward) => {
      const answer = (await (await forward()).json()) as { data: { organization: { repositories: { nodes: Array<{ workflows: { entries: Array<{ object: { text: string; isTruncated: boolean } | null }> } | null }> } } } };
      for (const node of answer.data.organization.repositories.nodes) {
        for (const entry of node.workflows?.entries ?? []) {
          if (entry.object?.text) Object.assign(entry.object, { text: entry.object.text.slice(0, 10), isTruncated: true });
        }
      }
      return json(200, answer);
    });
    const listed = await collect(listRepos(octokit, "acme"));
    expect(Object.fromEntries((listed.repos[0]?.workflows ?? []).map((w) => [w.path, w.text]))).toEqual(plantedFiles(world, target?.fullName ?? ""));
  });

  it("keeps data GitHub sent beside an access error, records the error, and does not shrink for it", async () => {
    const world = buildScenario("acme");
    world.github.repos = world.github.repos.slice(0, 4);
    const { octokit, graphql } = await client(world, async (_body, forward) => {
      const answer = (await (await forward()).json()) as { data: { organization: { repositories: { nodes: Array<{ nameWithOwner: string; workflows: unknown }> } } } };
      const first = answer.data.organization.repositories.nodes[0];
      if (first) first.workflows = null;
      return json(200, { ...answer, errors: [{ type: "FORBIDDEN", message: "Resource not accessible by integration", path: ["organization", "repositories", "nodes", 0, "workflows"] }] });
    });
    const listed = await collect(listRepos(octokit, "acme"));
    expect(listed.repos).toHaveLength(4);
    expect(listed.skipped).toEqual([{ side: "github", target: world.github.repos.map((r) => r.fullName).sort()[0], code: "FORBIDDEN", reason: "Resource not accessible by integration" }]);
    expect(graphql).toEqual([25]);
  });

  it("records where the listing stopped when GitHub keeps failing, instead of losing the scan", async () => {
    const world = buildScenario("acme");
    let calls = 0;
    const { octokit } = await client(world, async (_body, forward) => (++calls === 1 ? forward() : json(502, { message: "Server Error" })));
    const listed = await collect(listRepos(octokit, "acme"));
    expect(listed.repos).toHaveLength(25);
    expect(listed.skipped).toEqual([expect.objectContaining({ target: "acme repositories", code: "HTTP502", reason: expect.stringMatching(/^listing stopped after 25 repositories/) })]);
  });
});
