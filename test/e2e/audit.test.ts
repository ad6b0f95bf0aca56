// `keyless audit` end to end: the built binary against a sandbox it finds through the standard
// environment, checked against the scenario's own ground truth.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { runCli, tempDir, type CliResult } from "../support/cli.js";

let sandbox: Sandbox;
let out: string;
let run: CliResult;
let audit: any;
let inventory: any;

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: "acme" });
  out = await tempDir();
  run = await runCli(["audit", "--org", "acme", "--out", out], { env: sandbox.env });
  audit = JSON.parse(await readFile(join(out, "audit.json"), "utf8"));
  inventory = JSON.parse(await readFile(join(out, "inventory.json"), "utf8"));
});
afterAll(async () => {
  await sandbox?.close();
});

describe("keyless audit --org against the sandbox", () => {
  it("exits 0, says what it wrote, and keeps progress off stdout", () => {
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/wrote .*inventory\.json, .*audit\.json, .*audit\.md/);
    expect(run.stdout).not.toMatch(/accounts to read/);
    expect(run.stderr).toMatch(/accounts to read/);
  });

  it("lists every account with its OU path, and the denied one as unreachable with the reason", () => {
    const world = sandbox.world;
    expect(audit.accounts.map((a: any) => a.id).sort()).toEqual(world.aws.accounts.map((a) => a.id).sort());
    for (const id of world.truth.unreachableAccounts) {
      const account = audit.accounts.find((a: any) => a.id === id);
      expect(account.reachable).toBe(false);
      expect(account.unreachableReason).toMatch(/AccessDenied/);
    }
    const nested = audit.accounts.filter((a: any) => a.ouPath.length > 1);
    expect(nested.length).toBeGreaterThan(0);
  });

  it("finds every IAM user key of every reachable account, with status, creation and last use", () => {
    const world = sandbox.world;
    const reachable = new Set(audit.accounts.filter((a: any) => a.reachable).map((a: any) => a.id));
    const expected = Object.entries(world.aws.iam)
      .filter(([account]) => reachable.has(account))
      .flatMap(([account, iam]) => iam.accessKeys.filter((k) => k.userName !== "<root_account>").map((k) => ({ ...k, account })));
    expect(expected.length).toBeGreaterThanOrEqual(30);
    const found = new Map(audit.keys.map((k: any) => [k.accessKeyId, k]));
    for (const key of expected) {
      const got: any = found.get(key.accessKeyId);
      expect(got, key.accessKeyId).toBeDefined();
      expect(got.status).toBe(key.status);
      expect(got.accountId).toBe(key.account);
      expect(Date.parse(got.createdAt)).toBe(Date.parse(key.createDate));
      expect(got.lastUsed ? Date.parse(got.lastUsed.at) : undefined).toBe(key.lastUsed ? Date.parse(key.lastUsed.date) : undefined);
    }
    expect(audit.keys.some((k: any) => k.isRoot)).toBe(true);
  });

  it("reads every repository with its workflow files, secrets and environments", () => {
    const world = sandbox.world;
    expect(inventory.github.repos.map((r: any) => r.fullName).sort()).toEqual(world.github.repos.map((r) => r.fullName).sort());
    for (const repo of world.github.repos) {
      const got = inventory.github.repos.find((r: any) => r.fullName === repo.fullName);
      const workflowPaths = Object.keys(repo.files).filter((p) => /^\.github\/workflows\/[^/]+\.ya?ml$/i.test(p));
      for (const path of workflowPaths) expect(got.workflows.map((w: any) => w.path), `${repo.fullName}`).toContain(path);
      expect(got.secrets.filter((s: any) => s.scope === "repo").map((s: any) => s.name).sort()).toEqual(repo.secrets.map((s) => s.name).sort());
      expect(got.environments.sort()).toEqual(repo.environments.map((e) => e.name).sort());
    }
  });

  it("records organization secrets with their visibility and selected repositories", () => {
    const world = sandbox.world;
    const org = world.github.orgs[0]!;
    for (const secret of org.secrets) {
      const got = inventory.github.orgSecrets.find((s: any) => s.name === secret.name);
      expect(got.visibility).toBe(secret.visibility);
      if (secret.visibility === "selected") expect([...got.selectedRepos].sort()).toEqual([...(secret.selectedRepos ?? [])].sort());
    }
  });

  it("counts requests per endpoint on both sides", () => {
    expect(audit.summary.requests.aws).toBeGreaterThan(0);
    expect(audit.summary.requests.github).toBeGreaterThan(0);
    expect(audit.coverage.requests.some((r: any) => r.endpoint === "POST /graphql")).toBe(true);
    expect(audit.coverage.requests.some((r: any) => r.endpoint.startsWith("iam:"))).toBe(true);
  });

  it("never writes or prints a secret value", async () => {
    const secrets = Object.values(sandbox.world.aws.callers).flatMap((c) => [c.secretAccessKey, c.sessionToken]).filter((s): s is string => !!s);
    secrets.push(...sandbox.world.github.tokens.map((t) => t.token));
    const texts = [run.stdout, run.stderr, ...(await Promise.all(["inventory.json", "audit.json", "audit.md"].map((f) => readFile(join(out, f), "utf8"))))];
    for (const text of texts) for (const secret of secrets) expect(text.includes(secret)).toBe(false);
  });

  it("re-runs from the saved inventory without network and writes the same audit", async () => {
    const again = await tempDir();
    const rerun = await runCli(["audit", "--from", join(out, "inventory.json"), "--out", again], { env: {} });
    expect(rerun.stderr).toBe("");
    expect(rerun.code).toBe(0);
    expect(await readFile(join(again, "audit.json"), "utf8")).toBe(await readFile(join(out, "audit.json"), "utf8"));
  });
});
