import { afterEach, describe, expect, it } from "vitest";
import type { Skip } from "../../inventory/schema.js";
import { startGithubFake, type GithubFake } from "../../sandbox/github/index.js";
import { buildScenario, SANDBOX_GITHUB_TOKEN } from "../../sandbox/scenario/index.js";
import { KeylessOctokit } from "./client.js";
import { checkOrg, readAwsAlerts, readOrgSecrets } from "./org.js";

const fakes: GithubFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

/** An Octokit on the acme fake whose answers for some paths are GitHub's, given here. */
async function octokitFor(answer: (path: string) => Response | undefined) {
  const fake = await startGithubFake(buildScenario("acme"));
  fakes.push(fake);
  const wrapped: typeof fetch = async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    return answer(new URL(url).pathname) ?? fetch(input, init);
  };
  const log = { debug() {}, info() {}, warn() {}, error() {} };
  return new KeylessOctokit({ auth: SANDBOX_GITHUB_TOKEN, baseUrl: fake.url, request: { fetch: wrapped }, throttle: { enabled: false }, retry: { enabled: false }, log });
}
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("organization reads", () => {
  it("stops with a clear error when the org refuses the token (SAML SSO not authorized)", async () => {
    const octokit = await octokitFor((path) =>
      path === "/orgs/acme" ? json(403, { message: "Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.", status: "403" }) : undefined,
    );
    await expect(checkOrg(octokit, "acme")).rejects.toMatchObject({ name: "KeylessError", code: "GithubOrgForbidden", message: expect.stringContaining("SAML") });
    await expect(checkOrg(octokit, "no-such-org")).rejects.toMatchObject({ code: "OrgNotFound" });
  });

  it("says secret scanning may be off when the org's alerts answer 404", async () => {
    const octokit = await octokitFor((path) => (path.endsWith("/secret-scanning/alerts") ? json(404, { message: "Not Found", status: "404" }) : undefined));
    const skipped: Skip[] = [];
    expect((await readAwsAlerts(octokit, "acme", skipped)).size).toBe(0);
    expect(skipped).toEqual([expect.objectContaining({ target: "acme secret-scanning alerts", code: "NotFound", reason: expect.stringMatching(/^secret scanning is not enabled for the organization/) })]);
  });

  it("keeps the org secrets when one secret's repository list cannot be read, leaving that list unknown", async () => {
    const octokit = await octokitFor((path) => (/\/actions\/secrets\/PLUGIN_AWS_ACCESS_KEY_ID\/repositories$/.test(path) ? json(500, { message: "Server Error" }) : undefined));
    const skipped: Skip[] = [];
    const secrets = await readOrgSecrets(octokit, "acme", skipped);
    const unknown = secrets.find((s) => s.name === "PLUGIN_AWS_ACCESS_KEY_ID");
    expect(unknown?.visibility).toBe("selected");
    expect(unknown?.selectedRepos).toBeUndefined();
    expect(secrets.find((s) => s.name === "PLUGIN_AWS_SECRET_ACCESS_KEY")?.selectedRepos?.length).toBeGreaterThan(0);
    expect(skipped).toEqual([expect.objectContaining({ target: "acme organization secret PLUGIN_AWS_ACCESS_KEY_ID repositories", code: "HTTP500" })]);
  });
});
