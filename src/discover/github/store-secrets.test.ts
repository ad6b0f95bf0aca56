import { afterEach, describe, expect, it } from "vitest";
import { startGithubFake, type GithubFake } from "../../sandbox/github/index.js";
import { githubConnection } from "../../../test/support/discover.js";
import { testWorld, TOKENS } from "../../../test/support/sandbox/github-world.js";
import { RequestCounter } from "../request-counter.js";
import { discoverGithub } from "./index.js";

const fakes: GithubFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function scan(token: string) {
  const world = testWorld();
  const fake = await startGithubFake(world);
  fakes.push(fake);
  const result = await discoverGithub({
    org: "acme",
    concurrency: 4,
    deep: true,
    now: new Date(world.now),
    counter: new RequestCounter(),
    connection: githubConnection(fake, { token }),
  });
  const storeCalls = [...fake.requests].filter(([k]) => /\/(dependabot|codespaces)\/secrets/.test(k)).reduce((n, [, c]) => n + c, 0);
  return { ...result, storeCalls, repoCount: world.github.repos.length };
}

describe("Dependabot and Codespaces secrets", () => {
  it("reads organization and repository secrets of both stores, names and dates, with who sees an org secret", async () => {
    const { github } = await scan(TOKENS.admin);
    expect(github.orgStoreSecrets).toEqual([
      { name: "NPM_AWS_ACCESS_KEY_ID", store: "dependabot", createdAt: "2024-01-01T00:00:00Z", updatedAt: "2024-01-01T00:00:00Z", visibility: "selected", selectedRepos: ["acme/api"] },
      { name: "DEV_AWS_ACCESS_KEY_ID", store: "codespaces", createdAt: "2024-01-01T00:00:00Z", updatedAt: "2024-01-01T00:00:00Z", visibility: "selected", selectedRepos: ["acme/api", "acme/billing"] },
    ]);
    const api = github.repos.find((r) => r.name === "api");
    expect(api?.storeSecrets).toEqual([
      { name: "CODEARTIFACT_TOKEN", store: "dependabot", createdAt: "2025-02-03T00:00:00Z", updatedAt: "2025-02-04T00:00:00Z" },
      { name: "AWS_ACCESS_KEY_ID", store: "codespaces", createdAt: "2025-02-03T00:00:00Z", updatedAt: "2025-02-03T00:00:00Z" },
    ]);
    // Actions secrets stay Actions secrets: nothing of the other stores leaks into them.
    expect(api?.secrets.map((s) => s.name)).not.toContain("CODEARTIFACT_TOKEN");
  });

  it("a token without the stores' permission: each store skipped once with the reason, the rest of the scan intact", async () => {
    const { github, skipped, storeCalls, repoCount } = await scan(TOKENS.noStores);
    expect(github.orgStoreSecrets).toEqual([]);
    expect(github.repos.every((r) => (r.storeSecrets ?? []).length === 0)).toBe(true);
    expect(github.repos.find((r) => r.name === "api")?.secrets.length).toBeGreaterThan(0);
    const storeSkips = skipped.filter((s) => /Dependabot|Codespaces/.test(s.target));
    // Every repository's gap is explained where it is: the two org reads and two per repository.
    expect(storeSkips.length).toBe(2 + 2 * repoCount);
    expect(storeSkips.every((s) => s.code === "AccessDenied" && /(Dependabot|Codespaces) secrets: read/.test(s.reason))).toBe(true);
    expect(storeSkips.filter((s) => /^not asked/.test(s.reason)).length).toBeGreaterThan(0);
    // Refused three times in a row, then not asked again (concurrency 4: a few more in flight).
    expect(storeCalls).toBeLessThan(2 + 2 * (3 + 4));
    expect(repoCount).toBeGreaterThan(8);
  });
});
