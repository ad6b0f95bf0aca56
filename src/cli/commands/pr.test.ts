// `keyless pr` in-process, from a saved audit folder, against the sandbox's GitHub fake.
import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { worldToInventory } from "../../../test/support/world-to-inventory.js";
import { serializeInventory } from "../../inventory/parse.js";
import { unpacedClient } from "../../publish/github/client.js";
import { startSandbox, type Sandbox } from "../../sandbox/index.js";
import { buildScenario } from "../../sandbox/scenario/index.js";
import { openStateStore } from "../../state/index.js";
import type { Io } from "../io.js";
import { runStages } from "../pipeline.js";
import { ACME_REFS_FILE, writeAcmeRefs } from "../../../test/support/acme-refs.js";
import { registerPrCommand } from "./pr.js";

let sandbox: Sandbox;
let dir: string;

beforeAll(async () => {
  const world = buildScenario("acme");
  dir = await mkdtemp(join(tmpdir(), "keyless-pr-"));
  await writeFile(join(dir, "inventory.json"), serializeInventory(worldToInventory(world)));
  // customer-portal deploys on tags release-*; the team's config pins the one release tag it ships from.
  await writeAcmeRefs(dir);
  sandbox = await startSandbox({ world, only: "github" });
});
afterAll(async () => {
  await sandbox?.close();
});

async function run(args: string[], env: Record<string, string | undefined> = sandbox.env): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = "";
  let stderr = "";
  out.on("data", (c) => (stdout += String(c)));
  err.on("data", (c) => (stderr += String(c)));
  const io: Io = { stdout: out, stderr: err, env, cwd: dir, now: () => new Date("2026-11-20T12:00:00Z"), waitForInterrupt: async () => {} };
  const result = { code: 0 };
  const program = new Command("keyless").exitOverride();
  registerPrCommand(program, io, result, { client: (connection, counter) => unpacedClient(connection, counter) });
  await program.parseAsync(["node", "keyless", "pr", ...args]);
  return { code: result.code, stdout, stderr };
}

const writes = () => [...sandbox.github!.requests].filter(([k]) => /^(POST|PATCH|PUT|DELETE) /.test(k)).reduce((n, [, c]) => n + c, 0);

describe("keyless pr --from <audit folder>", () => {
  it("dry run by default: per repo the branch, files with diffs, title and body; nothing written, no state file", async () => {
    const r = await run(["--from", ".", "--config", ACME_REFS_FILE, "--repo", "customer-portal,billing-api", "--labels", "security"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^dry run: nothing is written/);
    expect(r.stdout).toContain("acme/customer-portal: would open a pull request");
    expect(r.stdout).toContain("branch:    keyless/oidc-migration → main");
    expect(r.stdout).toContain("labels:    security");
    expect(r.stdout).toContain("M .github/actions/aws-login/action.yml");
    // The config's ref replaces release-*: the entry role is named (and trusts) that tag alone.
    expect(r.stdout).toContain("role-to-assume: arn:aws:iam::947472025964:role/keyless/gha-customer-portal-main+tag-release-2026.11");
    expect(r.stdout).toMatch(/\+\+\+ b\/\.github\/workflows\/deploy\.yml\n\s+@@/);
    expect(r.stdout).toContain("title:     Assume AWS roles with GitHub OIDC instead of long-lived access keys");
    expect(r.stdout).toContain("<!-- keyless:migration v1 plan:");
    expect(r.stdout).toMatch(/dry run: nothing was written \(--apply writes\)\. 2 repositories: 2 would-open/);
    expect(writes()).toBe(0);
    expect(existsSync(join(dir, ".keyless"))).toBe(false);
  });

  it("without the config, release-* is planned exactly on its own (no '/' in the tag) and the PR is still opened", async () => {
    const r = await run(["--from", ".", "--repo", "customer-portal", "--no-body"]);
    expect(r.stdout).toContain("acme/customer-portal: would open a pull request");
    expect(r.stdout).toContain("role-to-assume: arn:aws:iam::947472025964:role/keyless/gha-customer-portal-main+tag-release\n");
  });

  it("--apply opens them and records them in .keyless/state.db; run again: nothing to do", async () => {
    const first = await run(["--from", ".", "--config", ACME_REFS_FILE, "--repo", "customer-portal,billing-api", "--apply", "--quiet"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/acme\/billing-api: opened #\d+ http/);
    expect(first.stdout).toMatch(/2 repositories: 2 opened/);
    const store = openStateStore(join(dir, ".keyless", "state.db"));
    expect(store.listPrs().map((p) => [p.repo, p.state])).toEqual([
      ["acme/billing-api", "open"],
      ["acme/customer-portal", "open"],
    ]);
    expect(store.latestSnapshot("plan")).toBeDefined();
    expect(store.snapshotTimes("inventory")).toHaveLength(1);
    store.close();
    const count = writes();
    const second = await run(["--from", ".", "--config", ACME_REFS_FILE, "--repo", "customer-portal,billing-api", "--apply", "--quiet"]);
    expect(second.stdout).toMatch(/2 repositories: 2 unchanged/);
    expect(writes()).toBe(count);
  });

  it("says which repos get no PR and why, and warns of a --repo that matches nothing", async () => {
    const r = await run(["--from", ".", "--repo", "mobile-backend,orders-service,no-such-repo", "--no-diff", "--no-body"]);
    expect(r.stdout).toMatch(/acme\/mobile-backend: no pull request: no workflow could be patched/);
    expect(r.stdout).toMatch(/acme\/orders-service: no pull request: plan status blocked/);
    expect(r.stdout).toContain("warning: no-such-repo matches no repository of the plan");
  });

  it("without a token, a dry run still previews from the saved audit; --apply says what is missing", async () => {
    const offline = await run(["--from", ".", "--repo", "billing-api", "--no-body"], { PATH: process.env.PATH });
    expect(offline.code).toBe(0);
    expect(offline.stdout).toContain("dry run without a GitHub token");
    expect(offline.stdout).toContain("acme/billing-api: would open a pull request (unless one exists)");
    await expect(run(["--from", ".", "--repo", "billing-api", "--apply"], { PATH: process.env.PATH })).rejects.toMatchObject({ code: "NoGithubToken" });
  });

  it("reads plan.json beside the inventory, and refuses one made from another inventory", async () => {
    const inventory = worldToInventory(buildScenario("acme"));
    const { plan } = runStages({ inventory, config: undefined, now: new Date("2026-11-20T12:00:00Z") });
    const saved = await mkdtemp(join(tmpdir(), "keyless-plan-"));
    await writeFile(join(saved, "inventory.json"), serializeInventory(inventory));
    // A plan whose only ready repo is warehouse-api: the PRs follow the saved plan, not a fresh one.
    const narrowed = { ...plan, repos: plan.repos.map((r) => (r.repo === "acme/warehouse-api" ? r : { ...r, status: "skipped" as const })) };
    await writeFile(join(saved, "plan.json"), JSON.stringify(narrowed));
    const r = await run(["--from", saved, "--no-body", "--no-diff"]);
    expect(r.stdout).toMatch(/^acme\/warehouse-api: would open a pull request$/m);
    expect(r.stdout).toMatch(/1 repository: 1 would-open/);
    await writeFile(join(saved, "plan.json"), JSON.stringify({ ...plan, inventoryGeneratedAt: "2020-01-01T00:00:00.000Z" }));
    await expect(run(["--from", saved])).rejects.toMatchObject({ code: "PlanInventoryMismatch" });
  });

  it("a token without the workflow scope: a clear error before any write", async () => {
    sandbox.world.github.tokens.push({ token: "ghp_cli_repo_only_not_real", scopes: ["repo"], login: "keyless-sandbox" });
    const count = writes();
    await expect(run(["--from", ".", "--repo", "ledger-service", "--apply"], { ...sandbox.env, GITHUB_TOKEN: "ghp_cli_repo_only_not_real" })).rejects.toMatchObject({
      code: "MissingTokenScope",
    });
    expect(writes()).toBe(count);
  });
});
