// REST behaviour through the real @octokit/rest: auth, scopes, pagination, rate-limit headers,
// and the Actions, secrets and secret-scanning reads keyless depends on.

import { afterEach, describe, expect, it } from "vitest";
import { startHarness, statusOf, type Harness } from "../../../test/support/sandbox/github.js";
import { testWorld, TOKENS } from "../../../test/support/sandbox/github-world.js";

let h: Harness;
afterEach(async () => {
  await h?.fake.close();
});

describe("authentication and scopes", () => {
  it("answers 401 Bad credentials for an unknown token and accepts token and Bearer forms", async () => {
    h = await startHarness();
    const bad = await fetch(`${h.fake.url}/user`, { headers: { authorization: "token nope" } });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ message: "Bad credentials", documentation_url: expect.any(String), status: "401" });
    const none = await fetch(`${h.fake.url}/user`);
    expect(none.status).toBe(401);
    const bearer = await fetch(`${h.fake.url}/user`, { headers: { authorization: `Bearer ${TOKENS.publicOnly}` } });
    expect(bearer.status).toBe(200);
    expect(bearer.headers.get("x-oauth-scopes")).toBe("public_repo");
    expect(((await bearer.json()) as { login: string }).login).toBe("octo-public");
  });

  it("hides private and internal repos from a public_repo-only token", async () => {
    h = await startHarness();
    const names = (await h.client(TOKENS.publicOnly).paginate("GET /orgs/{org}/repos", { org: "acme" })).map((r) => r.name);
    expect(names).not.toContain("billing");
    expect(names).not.toContain("platform");
    expect(names).toContain("api");
    expect((await statusOf(h.client(TOKENS.publicOnly).repos.get({ owner: "acme", repo: "billing" }))).status).toBe(404);
  });

  it("refuses secrets without the repo scope and org secrets without admin:org", async () => {
    h = await startHarness();
    const repoSecrets = await statusOf(h.client(TOKENS.publicOnly).actions.listRepoSecrets({ owner: "acme", repo: "api" }));
    expect(repoSecrets.status).toBe(403);
    const orgSecrets = await statusOf(h.client(TOKENS.noOrgAdmin).actions.listOrgSecrets({ org: "acme" }));
    expect(orgSecrets.status).toBe(403);
    const ok = await h.client().actions.listOrgSecrets({ org: "acme" });
    expect(ok.headers["x-accepted-oauth-scopes"]).toBe("admin:org");
    expect(ok.data.secrets.find((s) => s.name === "SHARED_DEPLOY_KEY")?.selected_repositories_url).toMatch(/\/orgs\/acme\/actions\/secrets\/SHARED_DEPLOY_KEY\/repositories$/);
  });

  it("answers 404 Not Found for unknown orgs, repos and paths", async () => {
    h = await startHarness();
    const o = h.client();
    expect((await statusOf(o.orgs.get({ org: "ghost" }))).status).toBe(404);
    expect((await statusOf(o.repos.get({ owner: "acme", repo: "ghost" }))).status).toBe(404);
    const missing = await statusOf(o.repos.getContent({ owner: "acme", repo: "api", path: "nope.txt" }));
    expect(missing).toMatchObject({ status: 404 });
  });
});

describe("pagination and rate limits", () => {
  it("caps per_page and links every page so paginate sees all repos", async () => {
    h = await startHarness({}, testWorld(23));
    const o = h.client();
    const first = await o.repos.listForOrg({ org: "acme", per_page: 100 });
    expect(first.data).toHaveLength(5);
    expect(first.headers.link).toContain('rel="next"');
    expect(first.headers.link).toContain('rel="last"');
    const third = await o.repos.listForOrg({ org: "acme", per_page: 100, page: 3 });
    expect(third.headers.link).toMatch(/rel="prev".*rel="next".*rel="last".*rel="first"/);
    const all = await o.paginate(o.repos.listForOrg, { org: "acme", per_page: 100 });
    expect(all).toHaveLength(23);
    expect(new Set(all.map((r) => r.id)).size).toBe(23);
    expect(h.fake.requests.get("GET /orgs/{org}/repos")).toBe(2 + 5);
  });

  it("sorts and filters org repos like GitHub (type, sort, direction)", async () => {
    h = await startHarness();
    const o = h.client();
    const forks = await o.paginate(o.repos.listForOrg, { org: "acme", type: "forks" });
    expect(forks.map((r) => r.name)).toEqual(["forked-tool"]);
    const byName = await o.paginate(o.repos.listForOrg, { org: "acme", sort: "full_name" });
    expect(byName.map((r) => r.name)).toEqual([...byName.map((r) => r.name)].sort());
  });

  it("counts down x-ratelimit headers and answers 403 once the primary limit is spent", async () => {
    const world = testWorld();
    world.github.rateLimit.limit = 3;
    h = await startHarness({}, world);
    const o = h.client();
    const a = await o.users.getAuthenticated();
    expect(a.headers["x-ratelimit-limit"]).toBe("3");
    expect(a.headers["x-ratelimit-remaining"]).toBe("2");
    expect(a.headers["x-ratelimit-used"]).toBe("1");
    expect(a.headers["x-ratelimit-resource"]).toBe("core");
    expect(Number(a.headers["x-ratelimit-reset"])).toBeGreaterThan(Date.now() / 1000);
    await o.users.getAuthenticated();
    await o.users.getAuthenticated();
    const spent = await statusOf(o.users.getAuthenticated());
    expect(spent.status).toBe(403);
    expect(spent.message).toMatch(/API rate limit exceeded/);
    expect(spent.headers["x-ratelimit-remaining"]).toBe("0");
    const limits = await o.rateLimit.get();
    expect(limits.data.resources.core).toMatchObject({ limit: 3, remaining: 0, used: 3 });
  });
});

describe("contents, meta and actions", () => {
  it("serves files base64-encoded and directories as arrays, at a ref", async () => {
    h = await startHarness();
    const o = h.client();
    const file = await o.repos.getContent({ owner: "acme", repo: "api", path: ".github/workflows/ci.yaml" });
    if (Array.isArray(file.data) || file.data.type !== "file") throw new Error("expected a file");
    expect(file.data.encoding).toBe("base64");
    expect(Buffer.from(file.data.content, "base64").toString()).toBe("name: 'CI'\non: pull_request\njobs: {}\n");
    const dir = await o.repos.getContent({ owner: "acme", repo: "api", path: ".github/workflows", ref: "main" });
    expect(Array.isArray(dir.data) && dir.data.map((e) => e.name)).toEqual(["ci.yaml", "deploy.yml"]);
    expect((await statusOf(o.repos.getContent({ owner: "acme", repo: "api", path: "README.md", ref: "no-such-branch" }))).status).toBe(404);
  });

  it("serves /meta actions ranges from the world", async () => {
    h = await startHarness();
    const meta = await h.client().meta.get();
    expect(meta.data.actions).toEqual(["4.148.0.0/16", "13.64.0.0/16"]);
  });

  it("filters workflow runs by branch, event, status and created range", async () => {
    h = await startHarness();
    const o = h.client();
    const list = (params: Record<string, string>) => o.paginate(o.actions.listWorkflowRunsForRepo, { owner: "acme", repo: "api", ...params });
    expect(await list({})).toHaveLength(7);
    expect((await list({ branch: "release" })).map((r) => r.id)).toEqual([7006, 7005]);
    expect((await list({ event: "schedule" })).every((r) => r.event === "schedule")).toBe(true);
    expect((await list({ status: "failure" })).map((r) => r.id)).toEqual([7003]);
    expect((await list({ status: "in_progress" })).map((r) => r.id)).toEqual([7000]);
    expect((await list({ created: "2025-04-02..2025-04-03" })).map((r) => r.id)).toEqual([7002, 7001]);
    expect((await list({ created: ">=2025-04-06" })).map((r) => r.id)).toEqual([7006, 7005]);
    const workflows = await o.actions.listRepoWorkflows({ owner: "acme", repo: "api" });
    expect(workflows.data.workflows.map((w) => [w.name, w.state])).toEqual([
      ["CI", "active"],
      ["Deploy", "active"],
      ["Deploy", "deleted"],
    ]);
  });

  it("serves environments, their secrets (both URL forms), variables and the OIDC subject", async () => {
    h = await startHarness();
    const o = h.client();
    const envs = await o.repos.getAllEnvironments({ owner: "acme", repo: "api" });
    expect(envs.data.environments?.map((e) => e.name)).toEqual(["production", "staging"]);
    const secrets = await o.actions.listEnvironmentSecrets({ owner: "acme", repo: "api", environment_name: "production" });
    expect(secrets.data.secrets.map((s) => s.name)).toEqual(["PROD_AWS_ACCESS_KEY_ID"]);
    const byId = await o.request("GET /repositories/{repository_id}/environments/{environment_name}/secrets", { repository_id: 101, environment_name: "production" });
    expect(byId.data.total_count).toBe(1);
    const vars = await o.actions.listRepoVariables({ owner: "acme", repo: "api" });
    expect(vars.data.variables).toEqual([expect.objectContaining({ name: "AWS_REGION", value: "us-east-1" })]);
    const sub = await o.actions.getCustomOidcSubClaimForRepo({ owner: "acme", repo: "api" });
    expect(sub.data).toMatchObject({ use_default: false, include_claim_keys: ["repo", "context"], use_immutable_subject: false });
    const immutable = await o.actions.getCustomOidcSubClaimForRepo({ owner: "acme", repo: "platform" });
    expect(immutable.data).toMatchObject({ use_immutable_subject: true, sub_claim_prefix: "repo:acme@9000/platform@103" });
    const selected = await o.actions.listSelectedReposForOrgSecret({ org: "acme", secret_name: "SHARED_DEPLOY_KEY" });
    expect(selected.data.repositories.map((r) => r.full_name)).toEqual(["acme/api", "acme/billing"]);
  });

  it("deletes secrets, which later reads no longer show", async () => {
    h = await startHarness();
    const o = h.client();
    await o.actions.deleteRepoSecret({ owner: "acme", repo: "api", secret_name: "AWS_SECRET_ACCESS_KEY" });
    const left = await o.actions.listRepoSecrets({ owner: "acme", repo: "api" });
    expect(left.data.secrets.map((s) => s.name)).toEqual(["AWS_ACCESS_KEY_ID"]);
    expect(h.world.github.repos.find((r) => r.name === "api")!.secrets).toHaveLength(1);
    expect((await statusOf(o.actions.deleteRepoSecret({ owner: "acme", repo: "api", secret_name: "AWS_SECRET_ACCESS_KEY" }))).status).toBe(404);
    const archived = await statusOf(o.pulls.create({ owner: "acme", repo: "legacy", title: "x", head: "main", base: "main" }));
    expect(archived).toMatchObject({ status: 403, message: expect.stringContaining("archived") });
  });

  it("lists secret scanning alerts, and answers 404 where scanning is disabled", async () => {
    h = await startHarness();
    const o = h.client();
    const open = await o.secretScanning.listAlertsForRepo({ owner: "acme", repo: "api", state: "open" });
    expect(open.data.map((a) => a.secret)).toEqual(["AKIAIOSFODNN7EXAMPLE"]);
    const disabled = await statusOf(o.secretScanning.listAlertsForRepo({ owner: "acme", repo: "platform" }));
    expect(disabled).toMatchObject({ status: 404, message: expect.stringContaining("Secret scanning is disabled on this repository.") });
    const org = await o.paginate(o.secretScanning.listAlertsForOrg, { org: "acme" });
    expect(org.map((a) => [a.repository?.full_name, a.number])).toEqual([
      ["acme/api", 2],
      ["acme/api", 1],
    ]);
  });
});
