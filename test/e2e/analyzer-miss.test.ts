// The sandbox grades the analyzer, not the other way round. acme/data-pipeline gets a second
// workflow that hands its key to the AWS CLI through $GITHUB_ENV under names that say nothing of
// AWS — a shape keyless's analyzer does not see. keyless plans, migrates the workflow it does see,
// the pull request is merged, and the sandbox runs what a push to main runs, as GitHub would: the
// hidden workflow still uses the key. `keyless verify` must then refuse to call the key unused;
// when the simulated runner asked the analyzer which keys a job uses, it said "ready", and
// `retire` would have broken that workflow.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { runCli, tempDir } from "../support/cli.js";

const REPO = "acme/data-pipeline";
const HIDDEN = ".github/workflows/sync.yml";
const SYNC = [
  "name: Sync exports",
  "on:",
  "  push:",
  "    branches: [main]",
  "jobs:",
  "  sync:",
  "    runs-on: ubuntu-latest",
  "    steps:",
  "      - name: Load deploy credentials",
  "        run: |",
  '          echo "DEPLOY_ID=${{ secrets.AWS_ACCESS_KEY_ID }}" >> "$GITHUB_ENV"',
  '          echo "DEPLOY_SECRET=${{ secrets.AWS_SECRET_ACCESS_KEY }}" >> "$GITHUB_ENV"',
  "      - run: aws s3 sync exports/ s3://acme-pipeline-exports",
  "        env:",
  "          AWS_ACCESS_KEY_ID: ${{ env.DEPLOY_ID }}",
  "          AWS_SECRET_ACCESS_KEY: ${{ env.DEPLOY_SECRET }}",
  "          AWS_REGION: eu-west-1",
  "",
].join("\n");

interface Verdict {
  accessKeyId: string;
  verdict: string;
  reasons: string[];
}

let sandbox: Sandbox;
let dir: string;
const cli = (args: string[]) => runCli(args, { cwd: dir, env: { ...sandbox.env, KEYLESS_NOW: sandbox.world.now } });

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: "acme" });
  const repo = sandbox.world.github.repos.find((r) => r.fullName === REPO)!;
  repo.files[HIDDEN] = SYNC;
  dir = await tempDir("keyless-analyzer-miss-");
});

afterAll(async () => {
  await sandbox?.close();
});

describe("a key use the analyzer misses", () => {
  it("is not in the plan: keyless migrates only the nightly workflow", async () => {
    // Only the accounts this repository touches: the key's and the tooling account (the OIDC provider).
    const plan = await cli(["plan", "--org", "acme", "--repos", REPO, "--accounts", "135629879328,947472025964", "--quiet", "--out", dir]);
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    const planned = JSON.parse(await readFile(join(dir, "plan.json"), "utf8")) as { repos: Array<{ repo: string; status: string; assignments: Array<{ path: string }> }> };
    const repo = planned.repos.find((r) => r.repo === REPO);
    expect(repo?.status).toBe("ready");
    // The precondition of this test: if the analyzer learns this shape, pick one it still misses.
    expect(repo?.assignments.map((a) => a.path)).toEqual([".github/workflows/nightly.yml"]);
  });

  it("after the migration is merged, the hidden workflow's run still uses the key, and verify refuses to retire it", async () => {
    const planned = JSON.parse(await readFile(join(dir, "plan.json"), "utf8"));
    expect(sandbox.applyPlan(planned).errors).toEqual([]);
    const pr = await cli(["pr", "--from", dir, "--repo", REPO, "--apply", "--quiet"]);
    expect(pr.code, pr.stdout + pr.stderr).toBe(0);

    const key = sandbox.world.truth.links.find((l) => l.repo === REPO)!.accessKeyId;
    const [owner, name] = REPO.split("/") as [string, string];
    const octokit = new Octokit({ auth: sandbox.env.GITHUB_TOKEN, baseUrl: sandbox.env.GITHUB_API_URL });
    const pulls = await octokit.pulls.list({ owner, repo: name, state: "open" });
    expect(pulls.data).toHaveLength(1);
    const mergedAt = sandbox.world.now;
    await octokit.pulls.merge({ owner, repo: name, pull_number: pulls.data[0]!.number });

    const verify = await cli(["verify", "--key", key, "--quiet", "--json"]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    const verdict = (JSON.parse(verify.stdout) as { verdicts: Verdict[] }).verdicts.find((v) => v.accessKeyId === key);
    expect(verdict?.verdict, verdict?.reasons.join("; ")).toBe("blocked");
    expect(verdict?.reasons).toEqual(expect.arrayContaining([expect.stringMatching(/after the last merge .*: something still uses it$/), expect.stringContaining("CloudTrail shows 1 use(s) after the last merge")]));

    // What verify saw: the merge's push ran the hidden workflow too, and its job authenticated with the key.
    const runs = sandbox.world.github.repos.find((r) => r.fullName === REPO)!.workflowRuns.filter((r) => r.createdAt >= mergedAt);
    expect(runs.map((r) => [r.workflowPath, r.conclusion]).sort()).toEqual([[".github/workflows/nightly.yml", "success"], [HIDDEN, "success"]]);
    const uses = sandbox.world.aws.cloudtrail.filter((e) => e.accessKeyId === key && e.eventTime > mergedAt);
    expect(uses).toMatchObject([{ eventName: "GetCallerIdentity", awsRegion: "eu-west-1" }]);
  });
});
