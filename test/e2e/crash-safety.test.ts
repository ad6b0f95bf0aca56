// Crash safety through the built CLI: `pr --apply` and `retire --apply` are killed (SIGKILL) when the
// sandbox has received their Nth write — the next write held unapplied ("before") or applied with its
// answer lost ("after") — and run again. The rerun finishes the work; nothing is lost and nothing is
// done twice: one pull request and one branch per repo with one commit on the base, each key
// deactivated and deleted once, and a third run writes nothing at all.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeAcmeRefs } from "../support/acme-refs.js";
import { runCli, tempDir } from "../support/cli.js";
import { admin, applied, runKilledAt, trap } from "../support/crash.js";
import { startSandboxProcess, type SandboxProcess } from "../support/sandbox-process.js";

const PR_REPOS = ["acme/data-pipeline", "acme/analytics-etl"];
const MIGRATED = ["acme/data-pipeline", "acme/analytics-etl", "acme/chat-plugin-github", "acme/platform-infra", "acme/web-frontend"];
const BRANCH = "keyless/oidc-migration";
/** The sandbox's clock runs 1000 times faster for keyless's pacing (no rate limits are played). */
const FAST = { KEYLESS_SANDBOX_TIME_SCALE: "1000" };

let dir: string;
let refs: string[];

beforeAll(async () => {
  dir = await tempDir("keyless-crash-");
  refs = await writeAcmeRefs(dir);
  const sandbox = await startSandboxProcess(["--limits", "none"]);
  try {
    const audit = await runCli(["audit", "--org", "acme", "--quiet", "--out", dir, ...refs], { env: sandbox.env });
    expect(audit.code, audit.stderr).toBe(0);
    const plan = await runCli(["plan", "--from", dir, "--quiet", "--out", dir, ...refs], { env: sandbox.env });
    expect(plan.code, plan.stderr).toBe(0);
  } finally {
    await sandbox.stop();
  }
}, 120_000);

async function github<T>(env: Record<string, string>, path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${env.GITHUB_API_URL}${path}`, { headers: { authorization: `token ${env.GITHUB_TOKEN}` } });
  return { status: response.status, body: (response.status === 200 ? await response.json() : undefined) as T };
}

/** One open PR per repo from keyless's branch, whose head is one commit on the base branch. */
async function expectOnePrEach(env: Record<string, string>, repos: string[]): Promise<void> {
  for (const repo of repos) {
    const pulls = await github<Array<{ head: { ref: string; sha: string }; state: string }>>(env, `/repos/${repo}/pulls?state=all&per_page=100`);
    const ours = pulls.body.filter((p) => p.head.ref === BRANCH);
    expect(ours.map((p) => p.state), repo).toEqual(["open"]);
    const branch = await github<{ object: { sha: string } }>(env, `/repos/${repo}/git/ref/heads/${BRANCH}`);
    const main = await github<{ object: { sha: string } }>(env, `/repos/${repo}/git/ref/heads/main`);
    const head = await github<{ parents: Array<{ sha: string }> }>(env, `/repos/${repo}/git/commits/${branch.body.object.sha}`);
    expect(head.body.parents.map((p) => p.sha), repo).toEqual([main.body.object.sha]);
    expect(ours[0]?.head.sha, repo).toBe(branch.body.object.sha);
  }
}

/** A rerun after everything is done writes nothing. */
async function expectNoWrites(args: string[], env: Record<string, string>): Promise<void> {
  const before = (await trap(env)).writes;
  const run = await runCli(args, { env });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect((await trap(env)).log.slice(before)).toEqual([]);
}

interface Point {
  after: number;
  mode: "before" | "after";
}

const killedAt: string[] = [];
afterAll(() => {
  console.log(`kill points: ${killedAt.join(", ")}`);
});

async function withSandbox(args: string[], fn: (sandbox: SandboxProcess, env: Record<string, string>) => Promise<void>): Promise<void> {
  const sandbox = await startSandboxProcess(["--limits", "none", ...args]);
  try {
    const state = join(await tempDir("keyless-crash-state-"), "state.db");
    await fn(sandbox, { ...sandbox.env, ...FAST, KEYLESS_STATE: state });
  } finally {
    await sandbox.stop();
  }
}

describe("crash safety", () => {
  // One repo per kill point, all in one sandbox: the kill of one never touches another's writes.
  const prPoints: Array<Point & { repo: string }> = [
    { repo: "acme/data-pipeline", after: 0, mode: "before" },
    { repo: "acme/analytics-etl", after: 1, mode: "after" },
    { repo: "acme/chat-plugin-github", after: 2, mode: "before" },
    { repo: "acme/platform-infra", after: 2, mode: "after" },
    { repo: "acme/web-frontend", after: 3, mode: "before" },
    { repo: "acme/customer-portal", after: 3, mode: "after" },
    { repo: "acme/billing-api", after: 4, mode: "after" },
    { repo: "acme/checkout-service", after: 4, mode: "before" },
  ];
  const prArgs = (repos: string[]) => ["pr", "--from", dir, ...refs, ...repos.flatMap((r) => ["--repo", r]), "--apply", "--quiet"];

  it("pr --apply killed at many writes: each rerun finishes, one PR, branch and commit per repo, then nothing to write", { timeout: 300_000 }, async () => {
    // The write trap counts one sandbox's writes, so kill points run one after another per sandbox;
    // two sandboxes take half the points each, side by side (the CLI mostly waits on the sandbox).
    const halves = [prPoints.filter((_, i) => i % 2 === 0), prPoints.filter((_, i) => i % 2 === 1)];
    await Promise.all(
      halves.map((points) =>
        withSandbox([], async (_sandbox, env) => {
          for (const { repo, after, mode } of points) {
            const killed = await runKilledAt(prArgs([repo]), env, after, mode);
            expect(killed.outcome, `${repo}: ${killed.output}`).toBe("killed");
            killedAt.push(`pr ${repo} ${mode} write ${after + 1}`);
            const rerun = await runCli(prArgs([repo]), { env });
            expect(rerun.code, `${repo}: ${rerun.stdout}${rerun.stderr}`).toBe(0);
            await expectOnePrEach(env, [repo]);
          }
          await expectNoWrites(prArgs(points.map((p) => p.repo)), env);
        }),
      ),
    );
  });

  const retirePoints: Point[] = [
    { after: 0, mode: "after" },
    { after: 1, mode: "before" },
    { after: 3, mode: "after" },
  ];

  it.each(retirePoints)("retire --deactivate and --delete killed after write $after, $mode: converge, each key changed once", { timeout: 120_000 }, async ({ after, mode }) => {
    await withSandbox(["--apply-plan", join(dir, "plan.json")], async (_sandbox, env) => {
      const pr = await runCli(["pr", "--from", dir, ...refs, ...MIGRATED.flatMap((r) => ["--repo", r]), "--apply", "--quiet"], { env });
      expect(pr.code, pr.stdout + pr.stderr).toBe(0);
      for (const repo of MIGRATED) {
        const response = await fetch(`${env.GITHUB_API_URL}/repos/${repo}/pulls/1/merge`, { method: "PUT", headers: { authorization: `token ${env.GITHUB_TOKEN}` } });
        expect(response.status, repo).toBe(200);
      }
      const { now } = await admin<{ now: string }>(env, "advance-clock", { days: 1 });
      const deactivate = ["retire", "--deactivate", "--apply", "--quiet", ...refs];
      const at = { ...env, KEYLESS_NOW: now };
      const killed = await runKilledAt(deactivate, at, after, mode);
      expect(killed.outcome, killed.output).toBe("killed");
      killedAt.push(`retire --deactivate ${mode} write ${after + 1}`);
      const rerun = await runCli(deactivate, { env: at });
      expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
      await expectNoWrites(deactivate, at);
      const deactivations = applied(await trap(env), /^aws iam:UpdateAccessKey /);
      expect(deactivations.size).toBeGreaterThan(0);
      for (const [what, n] of deactivations) expect(n, what).toBe(1);

      // The quiet period, then the deletions.
      const later = (await admin<{ now: string }>(env, "advance-clock", { days: 8 })).now;
      const remove = ["retire", "--delete", "--apply", "--quiet", ...refs];
      const atLater = { ...env, KEYLESS_NOW: later };
      const killedDelete = await runKilledAt(remove, atLater, after, mode);
      expect(killedDelete.outcome, killedDelete.output).toBe("killed");
      killedAt.push(`retire --delete ${mode} write ${after + 1}`);
      const rerunDelete = await runCli(remove, { env: atLater });
      expect(rerunDelete.code, rerunDelete.stdout + rerunDelete.stderr).toBe(0);
      await expectNoWrites(remove, atLater);
      const status = await trap(env);
      const deletions = applied(status, /^aws iam:DeleteAccessKey /);
      // Every key keyless deactivated is deleted, once.
      expect([...deletions.keys()].map((w) => w.split(" ")[2]).sort()).toEqual([...deactivations.keys()].map((w) => w.split(" ")[2]).sort());
      for (const [what, n] of deletions) expect(n, what).toBe(1);
      const secretDeletes = applied(status, /^github DELETE .*\/secrets\//);
      expect(secretDeletes.size).toBeGreaterThan(0);
    });
  });
});
