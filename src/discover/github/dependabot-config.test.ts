// dependabot.yml over the API: read in the page that lists repositories, not one request per repo.
import { afterEach, describe, expect, it } from "vitest";
import { startGithubFake, type GithubFake } from "../../sandbox/github/index.js";
import { buildScenario, LABS_ORG, SANDBOX_GITHUB_TOKEN } from "../../sandbox/scenario/index.js";
import { KeylessOctokit } from "./client.js";
import { dependabotConfigOf } from "./dependabot-config.js";
import { listRepos } from "./repos.js";

const fakes: GithubFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

describe("dependabot.yml read with the repository listing", () => {
  it("keeps the planted file as dependabotConfig, none where there is none, in one GraphQL request", async () => {
    const world = buildScenario("enterprise");
    const fake = await startGithubFake(world);
    fakes.push(fake);
    const requests: string[] = [];
    const octokit = new KeylessOctokit({
      auth: SANDBOX_GITHUB_TOKEN,
      baseUrl: fake.url,
      request: { fetch: (async (input: string | URL | Request, init?: RequestInit) => {
        requests.push(new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url).pathname);
        return fetch(input, init);
      }) as typeof fetch },
      throttle: { enabled: false },
      log: { debug() {}, info() {}, warn() {}, error() {} },
    });
    const repos = [];
    for await (const page of listRepos(octokit, LABS_ORG)) repos.push(...page.repos);
    const planted = world.github.repos.filter((r) => r.owner === LABS_ORG && r.files[".github/dependabot.yml"]);
    expect(planted.length).toBeGreaterThan(0);
    for (const r of world.github.repos.filter((w) => w.owner === LABS_ORG)) {
      const listed = repos.find((x) => x.fullName === r.fullName);
      const text = r.files[".github/dependabot.yml"];
      expect(listed?.dependabotConfig).toEqual(text ? { path: ".github/dependabot.yml", text } : undefined);
    }
    expect(requests.filter((p) => p.endsWith("/graphql"))).toHaveLength(1);
    expect(requests.filter((p) => p.includes("dependabot"))).toEqual([]);
  });

  it("prefers .yml, falls back to .yaml, and leaves out binary, cut-short or oversized files (size in bytes)", () => {
    const blob = (text: string, extra = {}) => ({ byteSize: text.length, text, ...extra });
    expect(dependabotConfigOf({ dependabotYml: blob("a"), dependabotYaml: blob("b") })).toEqual({ path: ".github/dependabot.yml", text: "a" });
    expect(dependabotConfigOf({ dependabotYml: null, dependabotYaml: blob("b") })).toEqual({ path: ".github/dependabot.yaml", text: "b" });
    expect(dependabotConfigOf({ dependabotYml: blob("a", { byteSize: 900 }) })).toBeUndefined(); // cut short
    expect(dependabotConfigOf({ dependabotYml: blob("a", { text: null }) })).toBeUndefined(); // binary
    expect(dependabotConfigOf({ dependabotYml: blob("a".repeat(2 * 1024 * 1024)) })).toBeUndefined();
    expect(dependabotConfigOf({ dependabotYml: blob("é", { byteSize: 2 }) })).toEqual({ path: ".github/dependabot.yml", text: "é" });
    // A tree at that path answers as an object without Blob fields.
    expect(dependabotConfigOf({ dependabotYml: {} })).toBeUndefined();
  });
});
