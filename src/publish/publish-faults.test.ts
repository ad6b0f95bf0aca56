// pr --apply and retire --apply when the answers to writes are lost (the sandbox applies the write,
// then drops the connection): reruns converge, with one pull request, branch and commit per repo, and
// each key deactivated and deleted by one call.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyze } from "../analyze/index.js";
import { DEFAULT_ANALYSIS_CONFIG } from "../analyze/model.js";
import { planConfig } from "../config/parse.js";
import { serializeInventory } from "../inventory/parse.js";
import { buildPlan } from "../plan/index.js";
import { acmeInventory } from "../../test/support/plan.js";
import type { FaultMix } from "../sandbox/fault-mix.js";
import { startSandbox, type Sandbox } from "../sandbox/index.js";
import { keyless, sandboxGithub, type CliRun } from "../../test/support/publish/aws.js";

const MIGRATED = ["acme/data-pipeline", "acme/analytics-etl", "acme/chat-plugin-github", "acme/platform-infra", "acme/web-frontend"];
const BRANCH = "keyless/oidc-migration";
/** Shared with the fakes: raised only while the command under test runs. */
const mix: FaultMix = {};
let sandbox: Sandbox;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: "acme", faults: { mix, seed: 5 } });
  dir = await mkdtemp(join(tmpdir(), "keyless-lost-"));
  const inventory = acmeInventory(sandbox.world);
  const now = new Date(sandbox.world.now);
  const plan = buildPlan({ inventory, analysis: analyze(inventory, DEFAULT_ANALYSIS_CONFIG, now), config: planConfig(undefined), now });
  await writeFile(join(dir, "inventory.json"), serializeInventory(inventory));
  expect(sandbox.applyPlan(plan).errors).toEqual([]);
});
afterAll(async () => {
  await sandbox?.close();
});

/** Runs the command with lost answers until it succeeds (at most 4 runs); returns the runs it took. */
async function converge(args: string[], lost: number): Promise<number> {
  const runs: CliRun[] = [];
  mix.lost = lost;
  try {
    while (runs.length < 4) {
      const run = await keyless(sandbox, dir, args);
      runs.push(run);
      if (run.code === 0) return runs.length;
    }
  } finally {
    mix.lost = 0;
  }
  throw new Error(`did not converge: ${runs.map((r) => r.stdout + r.stderr).join("\n---\n")}`);
}

function received(pattern: RegExp): Map<string, number> {
  const out = new Map<string, number>();
  for (const what of sandbox.writeTrap.status().log) if (pattern.test(what)) out.set(what, (out.get(what) ?? 0) + 1);
  return out;
}

async function noWrites(args: string[]): Promise<void> {
  const before = sandbox.writeTrap.writes;
  const run = await keyless(sandbox, dir, args);
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(sandbox.writeTrap.status().log.slice(before)).toEqual([]);
}

describe("writes whose answers are lost", () => {
  it("pr --apply converges: one PR and one commit on the base per repo", { timeout: 240_000 }, async () => {
    const args = ["pr", "--from", dir, ...MIGRATED.flatMap((r) => ["--repo", r]), "--apply", "--quiet"];
    const runs = await converge(args, 0.15);
    console.log(`pr --apply converged in ${runs} run(s); lost answers: ${sandbox.github?.faults.get("lost") ?? 0}`);
    expect(sandbox.github?.faults.get("lost") ?? 0).toBeGreaterThan(0);
    // A lost answer to a branch or PR creation no longer fails the run (its retry finds what it made).
    expect(runs).toBe(1);
    const gh = sandboxGithub(sandbox);
    for (const repo of MIGRATED) {
      const [owner = "", name = ""] = repo.split("/");
      const pulls = (await gh.rest.pulls.list({ owner, repo: name, state: "all" })).data.filter((p) => p.head.ref === BRANCH);
      expect(pulls.map((p) => p.state), repo).toEqual(["open"]);
      const head = (await gh.rest.git.getCommit({ owner, repo: name, commit_sha: sandbox.github?.branchSha(repo, BRANCH) ?? "" })).data;
      expect(head.parents.map((p) => p.sha), repo).toEqual([sandbox.github?.branchSha(repo)]);
    }
    await noWrites(args);
  });

  it("retire --deactivate and --delete converge: each key changed by one call", { timeout: 240_000 }, async () => {
    const gh = sandboxGithub(sandbox);
    for (const repo of MIGRATED) {
      const [owner = "", name = ""] = repo.split("/");
      await gh.rest.pulls.merge({ owner, repo: name, pull_number: 1 });
    }
    const deactivate = ["retire", "--deactivate", "--apply", "--quiet"];
    const lostBefore = sandbox.aws?.faults.get("lost") ?? 0;
    console.log(`retire --deactivate converged in ${await converge(deactivate, 0.4)} run(s)`);
    await noWrites(deactivate);
    const updates = received(/^aws iam:UpdateAccessKey /);
    expect(updates.size).toBeGreaterThan(0);
    for (const [what, n] of updates) expect(n, what).toBe(1);

    sandbox.advanceClock(8);
    const remove = ["retire", "--delete", "--apply", "--quiet"];
    console.log(`retire --delete converged in ${await converge(remove, 0.4)} run(s)`);
    await noWrites(remove);
    expect((sandbox.aws?.faults.get("lost") ?? 0) - lostBefore).toBeGreaterThan(0);
    const deletes = received(/^aws iam:DeleteAccessKey /);
    expect([...deletes.keys()].map((w) => w.split(" ")[2]).sort()).toEqual([...updates.keys()].map((w) => w.split(" ")[2]).sort());
    for (const [what, n] of deletes) expect(n, what).toBe(1);
  });
});
