// Every REST route of the GitHub fake, driven through the real @octokit/rest, must answer with a
// body that GitHub's published OpenAPI description (api.github.com.json) accepts.

import { gzipSync } from "node:zlib";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpenApiValidator } from "./openapi-validator.js";
import { routes } from "./routes/index.js";
import { startGithubFake, type Exchange, type GithubFake } from "./server.js";
import { testWorld, TOKENS } from "../../../test/support/sandbox/github-world.js";
import { appClaims, signAppJwt } from "../../../test/support/sandbox/app-jwt.js";
import { generateAppKeyPair, registerSandboxApp } from "./app-jwt.js";

const exchanges: Exchange[] = [];
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
let fake: GithubFake;
let validator: OpenApiValidator;
let appKey: { id: number; privateKeyPem: string };

async function call(octokit: Octokit, route: string, params: Record<string, unknown> = {}): Promise<void> {
  try {
    await octokit.request(route, params);
  } catch {
    // Error answers are validated too (against the operation's error schema or basic-error).
  }
}

/** Drives every route, on success and error paths, with the scopes each needs. */
async function driveAllRoutes(): Promise<void> {
  const admin = new Octokit({ baseUrl: fake.url, auth: TOKENS.admin, log: quiet });
  const publicOnly = new Octokit({ baseUrl: fake.url, auth: TOKENS.publicOnly, log: quiet });
  const repo = { owner: "acme", repo: "api" };
  await call(admin, "GET /user");
  await call(admin, "GET /meta");
  await call(admin, "GET /rate_limit");
  await call(admin, "GET /orgs/{org}", { org: "acme" });
  await call(admin, "GET /orgs/{org}", { org: "nope" });
  await call(admin, "GET /orgs/{org}/repos", { org: "acme", per_page: 100 });
  await call(admin, "GET /repos/{owner}/{repo}", repo);
  await call(publicOnly, "GET /repos/{owner}/{repo}", { owner: "acme", repo: "billing" });
  await call(admin, "GET /repos/{owner}/{repo}/contents/{path}", { ...repo, path: ".github/workflows" });
  await call(admin, "GET /repos/{owner}/{repo}/contents/{path}", { ...repo, path: "" });
  await call(admin, "GET /repos/{owner}/{repo}/contents/{path}", { ...repo, path: "README.md" });
  await call(admin, "GET /repos/{owner}/{repo}/contents/{path}", { ...repo, path: "missing.txt" });

  const ref = await admin.git.getRef({ ...repo, ref: "heads/main" });
  const head = ref.data.object.sha;
  const commit = await admin.git.getCommit({ ...repo, commit_sha: head });
  await call(admin, "GET /repos/{owner}/{repo}/git/matching-refs/{ref}", { ...repo, ref: "heads/" });
  await call(admin, "GET /repos/{owner}/{repo}/git/ref/{ref}", { ...repo, ref: "heads/nope" });
  await call(admin, "GET /repos/{owner}/{repo}/git/ref/{ref}", { owner: "acme", repo: "empty", ref: "heads/main" });
  const tree = await admin.git.getTree({ ...repo, tree_sha: commit.data.tree.sha, recursive: "1" });
  const blobSha = tree.data.tree.find((e) => e.type === "blob")!.sha!;
  await call(admin, "GET /repos/{owner}/{repo}/git/blobs/{file_sha}", { ...repo, file_sha: blobSha });
  await call(admin, "GET /repos/{owner}/{repo}/git/blobs/{file_sha}", { ...repo, file_sha: "0".repeat(40) });
  const blob = await admin.git.createBlob({ ...repo, content: "hello\n", encoding: "utf-8" });
  const newTree = await admin.git.createTree({ ...repo, base_tree: commit.data.tree.sha, tree: [{ path: "docs/hello.md", mode: "100644", type: "blob", sha: blob.data.sha }] });
  const newCommit = await admin.git.createCommit({ ...repo, message: "Add hello", tree: newTree.data.sha, parents: [head] });
  await call(admin, "POST /repos/{owner}/{repo}/git/refs", { ...repo, ref: "refs/heads/keyless/conformance", sha: newCommit.data.sha });
  await call(admin, "POST /repos/{owner}/{repo}/git/refs", { ...repo, ref: "refs/heads/keyless/conformance", sha: newCommit.data.sha });
  await call(admin, "PATCH /repos/{owner}/{repo}/git/refs/{ref}", { ...repo, ref: "heads/keyless/conformance", sha: newCommit.data.sha });
  await call(admin, "PATCH /repos/{owner}/{repo}/git/refs/{ref}", { ...repo, ref: "heads/keyless/conformance", sha: head });
  await call(admin, "POST /repos/{owner}/{repo}/git/refs", { ...repo, ref: "refs/heads/keyless/gone", sha: head });
  await call(admin, "DELETE /repos/{owner}/{repo}/git/refs/{ref}", { ...repo, ref: "heads/keyless/gone" });

  await call(admin, "GET /repos/{owner}/{repo}/actions/secrets", repo);
  await call(publicOnly, "GET /repos/{owner}/{repo}/actions/secrets", repo);
  await call(admin, "GET /repos/{owner}/{repo}/actions/secrets/{secret_name}", { ...repo, secret_name: "AWS_ACCESS_KEY_ID" });
  await call(admin, "GET /repos/{owner}/{repo}/environments", repo);
  await call(admin, "GET /repos/{owner}/{repo}/environments/{environment_name}/secrets", { ...repo, environment_name: "production" });
  await call(admin, "GET /repositories/{repository_id}/environments/{environment_name}/secrets", { repository_id: 101, environment_name: "production" });
  await call(admin, "GET /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}", { ...repo, environment_name: "production", secret_name: "PROD_AWS_ACCESS_KEY_ID" });
  await call(admin, "GET /repos/{owner}/{repo}/actions/variables", repo);
  await call(admin, "GET /repos/{owner}/{repo}/actions/variables/{name}", { ...repo, name: "AWS_REGION" });
  await call(admin, "GET /repos/{owner}/{repo}/environments/{environment_name}/variables", { ...repo, environment_name: "production" });
  await call(admin, "GET /orgs/{org}/actions/secrets", { org: "acme" });
  await call(admin, "GET /orgs/{org}/actions/secrets/{secret_name}", { org: "acme", secret_name: "SHARED_DEPLOY_KEY" });
  await call(admin, "GET /orgs/{org}/actions/secrets/{secret_name}/repositories", { org: "acme", secret_name: "SHARED_DEPLOY_KEY" });
  const noStores = new Octokit({ baseUrl: fake.url, auth: TOKENS.noStores, log: quiet });
  for (const store of ["dependabot", "codespaces"]) {
    await call(admin, `GET /orgs/{org}/${store}/secrets`, { org: "acme" });
    await call(noStores, `GET /orgs/{org}/${store}/secrets`, { org: "acme" });
    await call(admin, `GET /repos/{owner}/{repo}/${store}/secrets`, repo);
    await call(noStores, `GET /repos/{owner}/{repo}/${store}/secrets`, repo);
  }
  await call(admin, "GET /orgs/{org}/dependabot/secrets/{secret_name}/repositories", { org: "acme", secret_name: "NPM_AWS_ACCESS_KEY_ID" });
  await call(admin, "GET /orgs/{org}/codespaces/secrets/{secret_name}/repositories", { org: "acme", secret_name: "DEV_AWS_ACCESS_KEY_ID" });
  await call(admin, "GET /orgs/{org}/actions/variables", { org: "acme" });
  await call(admin, "GET /repos/{owner}/{repo}/actions/oidc/customization/sub", repo);
  await call(admin, "GET /repos/{owner}/{repo}/actions/oidc/customization/sub", { owner: "acme", repo: "platform" });
  await call(admin, "GET /repos/{owner}/{repo}/actions/workflows", repo);
  await call(admin, "GET /repos/{owner}/{repo}/actions/runs", { ...repo, per_page: 3 });
  await call(admin, "GET /repos/{owner}/{repo}/secret-scanning/alerts", repo);
  await call(admin, "GET /repos/{owner}/{repo}/secret-scanning/alerts", { owner: "acme", repo: "platform" });
  await call(admin, "GET /orgs/{org}/secret-scanning/alerts", { org: "acme" });

  const sarif = gzipSync(JSON.stringify({ version: "2.1.0", runs: [{ tool: { driver: { name: "keyless" } }, results: [] }] })).toString("base64");
  const upload = await admin.request("POST /repos/{owner}/{repo}/code-scanning/sarifs", { ...repo, commit_sha: head, ref: "refs/heads/main", sarif, tool_name: "keyless" });
  await call(admin, "GET /repos/{owner}/{repo}/code-scanning/sarifs/{sarif_id}", { ...repo, sarif_id: upload.data.id! });
  await call(admin, "GET /repos/{owner}/{repo}/code-scanning/sarifs/{sarif_id}", { ...repo, sarif_id: "00000000-0000-0000-0000-000000000000" });
  await call(admin, "POST /repos/{owner}/{repo}/code-scanning/sarifs", { ...repo, commit_sha: head, ref: "refs/heads/main", sarif: Buffer.from("not gzip").toString("base64") });
  await call(admin, "POST /repos/{owner}/{repo}/code-scanning/sarifs", { owner: "acme", repo: "platform", commit_sha: head, ref: "refs/heads/main", sarif });

  const pull = await admin.pulls.create({ ...repo, title: "Use OIDC", head: "keyless/conformance", base: "main", body: "Moves to OIDC." });
  await call(admin, "POST /repos/{owner}/{repo}/pulls", { ...repo, title: "Again", head: "keyless/conformance", base: "main" });
  await call(admin, "GET /repos/{owner}/{repo}/pulls", { ...repo, state: "all" });
  await call(admin, "GET /repos/{owner}/{repo}/pulls/{pull_number}", { ...repo, pull_number: pull.data.number });
  await call(admin, "PATCH /repos/{owner}/{repo}/pulls/{pull_number}", { ...repo, pull_number: pull.data.number, title: "Use OIDC role assumption" });
  await call(admin, "POST /repos/{owner}/{repo}/issues/{issue_number}/labels", { ...repo, issue_number: pull.data.number, labels: ["security"] });
  await call(admin, "GET /repos/{owner}/{repo}/issues/{issue_number}/labels", { ...repo, issue_number: pull.data.number });
  await call(admin, "POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", { ...repo, pull_number: pull.data.number, reviewers: ["octo-member"] });
  await call(admin, "GET /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", { ...repo, pull_number: pull.data.number });
  await call(admin, "PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge", { ...repo, pull_number: pull.data.number, merge_method: "squash" });
  await call(admin, "PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge", { ...repo, pull_number: pull.data.number });

  await call(admin, "DELETE /repos/{owner}/{repo}/actions/secrets/{secret_name}", { ...repo, secret_name: "AWS_SECRET_ACCESS_KEY" });
  await call(admin, "DELETE /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}", { ...repo, environment_name: "production", secret_name: "PROD_AWS_ACCESS_KEY_ID" });
  await call(admin, "DELETE /orgs/{org}/actions/secrets/{secret_name}", { org: "acme", secret_name: "PRIVATE_ONLY" });
  // Dependabot and Codespaces secrets: deleted (204), then gone (404).
  for (let i = 0; i < 2; i++) {
    await call(admin, "DELETE /repos/{owner}/{repo}/dependabot/secrets/{secret_name}", { ...repo, secret_name: "CODEARTIFACT_TOKEN" });
    await call(admin, "DELETE /repos/{owner}/{repo}/codespaces/secrets/{secret_name}", { ...repo, secret_name: "AWS_ACCESS_KEY_ID" });
    await call(admin, "DELETE /orgs/{org}/dependabot/secrets/{secret_name}", { org: "acme", secret_name: "NPM_AWS_ACCESS_KEY_ID" });
    await call(admin, "DELETE /orgs/{org}/codespaces/secrets/{secret_name}", { org: "acme", secret_name: "DEV_AWS_ACCESS_KEY_ID" });
  }
  await call(new Octokit({ baseUrl: fake.url, auth: "ghp_wrong", log: quiet }), "GET /user");

  // GitHub App endpoints, with the app's JWT; then the installation token on REST routes.
  const app = new Octokit({ baseUrl: fake.url, auth: signAppJwt(appKey.privateKeyPem, appClaims(appKey.id)), log: quiet });
  await call(app, "GET /app");
  await call(app, "GET /app/installations");
  await call(app, "GET /orgs/{org}/installation", { org: "acme" });
  await call(app, "GET /orgs/{org}/installation", { org: "nope" });
  const installation = await app.request("GET /orgs/{org}/installation", { org: "acme" });
  await call(app, "POST /app/installations/{installation_id}/access_tokens", { installation_id: installation.data.id, permissions: { administration: "write" } });
  await call(app, "POST /app/installations/{installation_id}/access_tokens", { installation_id: 1 });
  const minted = await app.request("POST /app/installations/{installation_id}/access_tokens", { installation_id: installation.data.id });
  const bot = new Octokit({ baseUrl: fake.url, auth: minted.data.token, log: quiet });
  await call(bot, "GET /user");
  await call(bot, "GET /repos/{owner}/{repo}", repo);
  // GitHub serves organization Codespaces secrets to no app: 403.
  await call(bot, "DELETE /orgs/{org}/codespaces/secrets/{secret_name}", { org: "acme", secret_name: "MISSING" });
  await call(new Octokit({ baseUrl: fake.url, auth: signAppJwt(generateAppKeyPair().privateKeyPem, appClaims(appKey.id)), log: quiet }), "GET /app");
}

beforeAll(async () => {
  validator = new OpenApiValidator();
  const world = testWorld();
  // One repository without GitHub Advanced Security: its code scanning answers 403.
  const platform = world.github.repos.find((r) => r.fullName === "acme/platform");
  if (platform) platform.codeScanningEnabled = false;
  const keys = generateAppKeyPair();
  appKey = { id: registerSandboxApp(world, keys).id, privateKeyPem: keys.privateKeyPem };
  fake = await startGithubFake(world, { onExchange: (exchange) => exchanges.push(exchange) });
  await driveAllRoutes();
});

afterAll(async () => {
  await fake?.close();
});

describe("OpenAPI conformance", () => {
  it("finds every route of the fake in GitHub's OpenAPI description", () => {
    const missing = routes.filter((route) => !validator.operation(route.alias ?? route.path, route.method)).map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
  });

  it("serves bodies that match the documented response schema, on every route", () => {
    const failures: string[] = [];
    for (const exchange of exchanges) {
      const route = exchange.route;
      const label = `${exchange.method} ${route?.path ?? "(unmatched)"} → ${exchange.status}`;
      const operation = route ? validator.operation(route.alias ?? route.path, route.method) : undefined;
      let schema = operation ? validator.responseSchema(operation, exchange.status) : undefined;
      // Error answers GitHub documents without a body (or not at all) still carry its basic error.
      if ((schema === undefined || schema === null) && exchange.status >= 400) {
        schema = validator.basicError();
      }
      if (schema === undefined) {
        failures.push(`${label}: status not documented`);
      } else if (schema === null) {
        if (exchange.body !== undefined) failures.push(`${label}: documented without a body but one was sent`);
      } else {
        failures.push(...validator.validate(`${label}`, schema, exchange.body).map((e) => `${label}: ${e}`));
      }
    }
    expect(failures).toEqual([]);
  });

  it("exercised every route with a successful answer", () => {
    const succeeded = new Set(exchanges.filter((e) => e.status < 300 && e.route).map((e) => `${e.method} ${e.route!.path}`));
    const unexercised = routes.map((r) => `${r.method} ${r.path}`).filter((key) => !succeeded.has(key));
    expect(unexercised).toEqual([]);
  });

  it("rejects a body that does not match (the check can fail)", () => {
    const operation = validator.operation("/repos/{owner}/{repo}", "GET")!;
    const schema = validator.responseSchema(operation, 200);
    expect(validator.validate("negative", schema, { id: "not-a-number", name: 42 }).length).toBeGreaterThan(0);
    const nullable = validator.operation("/repos/{owner}/{repo}/actions/oidc/customization/sub", "GET")!;
    expect(validator.validate("negative-2", validator.responseSchema(nullable, 200), { include_claim_keys: [] })).not.toEqual([]);
  });
});
