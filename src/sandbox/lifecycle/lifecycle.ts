// The sandbox playing along with a migration: the plan applied to its AWS side, simulated workflow
// runs when a pull request is merged into a default branch (or when a test asks), OIDC tokens as
// GitHub would mint them, and a clock tests can move. One per World; the AWS and GitHub fakes of a
// sandbox share it.

import { createHash } from "node:crypto";
import { KeylessError } from "../../core/errors.js";
import type { Plan } from "../../plan/index.js";
import { createIdFactory, type IdFactory } from "../aws/index.js";
import type { PullMergedEvent } from "../github/index.js";
import type { GithubRepo, World } from "../world.js";
import { applyPlanToWorld, type ApplyOptions, type ApplyReport } from "./apply-plan.js";
import { jobClaims } from "./claims.js";
import { mintToken } from "./oidc-issuer.js";
import { runWorkflow, type RunReport } from "./run.js";
import { pushRuns, triggerFor, triggersOf, type Trigger } from "./triggers.js";
import { parseYaml } from "./workflow-walk.js";

export interface SimulateOptions {
  /** Run as this event on the default branch instead of the one the workflow's triggers give. */
  event?: Trigger["event"];
  /** Login the run is attributed to (the token's `actor`). */
  actor?: string;
}

export interface TokenRequest {
  /** owner/name of a repo in the world. */
  repo: string;
  /** Default: refs/heads/<default branch>. */
  ref?: string;
  environment?: string;
  /** Default push; pull_request gives the `pull_request` subject. */
  event?: string;
  audience?: string;
  workflowPath?: string;
}

export interface Lifecycle {
  applyPlan(plan: Plan, options?: ApplyOptions): ApplyReport;
  /** Runs one workflow (its own trigger, or `options.event`), or every workflow a push to the default branch runs. */
  simulateRun(repo: string, workflowPath?: string, options?: SimulateOptions): RunReport[];
  /** The GitHub fake's merge listener: runs what the merge triggers on the default branch. */
  onPullMerged(event: PullMergedEvent): RunReport[];
  /** Moves world.now forward (fractions allowed); returns the new time. */
  advanceClock(days: number): string;
  /** A signed OIDC token for a job of `repo`, as GitHub would mint it now. */
  mintOidcToken(request: TokenRequest): string;
  /** Every simulated run, oldest first. */
  readonly runs: readonly RunReport[];
}

export interface LifecycleOptions {
  /** The commit a branch of a repo points to (the GitHub fake knows; else a stand-in sha). */
  branchSha?: (repo: string, branch: string) => string | undefined;
  /** The AWS fake's clock (world.now plus its uptime), so tokens and runs are never in its past. */
  now?: () => Date;
}

const WORKFLOW_FILE = /^\.github\/workflows\/[^/]+\.ya?ml$/;

export function createLifecycle(world: World, options: LifecycleOptions = {}): Lifecycle {
  // A sequence of its own, so in-process sessions never repeat the AWS fake's ids.
  const ids: IdFactory = createIdFactory((world.seed ^ 0x11fecc1e) >>> 0);
  const runs: RunReport[] = [];
  const repoOf = (name: string): GithubRepo => {
    const repo = world.github.repos.find((r) => r.fullName.toLowerCase() === name.toLowerCase());
    if (!repo) throw new KeylessError("SandboxUnknownRepo", `The sandbox has no repository ${name}.`, "Use owner/name of a repository in the sandbox scenario.");
    return repo;
  };
  const shaOf = (repo: GithubRepo, branch: string) =>
    options.branchSha?.(repo.fullName, branch) ?? createHash("sha1").update(JSON.stringify([repo.fullName, branch, repo.files])).digest("hex");
  const now = () => new Date(Math.max(Date.parse(world.now), options.now?.().getTime() ?? 0));
  const run = (repo: GithubRepo, path: string, trigger: Trigger, sha: string, actor: string) => {
    const report = runWorkflow(world, ids, { repo, workflowPath: path, trigger, sha, actor, startAfter: now() });
    runs.push(report);
    return report;
  };

  return {
    runs,
    applyPlan: (plan, applyOptions) => applyPlanToWorld(world, plan, applyOptions),
    simulateRun(name, workflowPath, simulate = {}) {
      const repo = repoOf(name);
      const actor = simulate.actor ?? "keyless-sandbox";
      const sha = shaOf(repo, repo.defaultBranch);
      if (workflowPath === undefined) {
        return workflowsOf(repo)
          .filter((path) => pushRuns(triggersOf(parseYaml(repo.files[path])), repo.defaultBranch))
          .map((path) => run(repo, path, { event: simulate.event ?? "push", ref: `refs/heads/${repo.defaultBranch}` }, sha, actor));
      }
      if (!(workflowPath in repo.files)) throw new KeylessError("SandboxUnknownWorkflow", `${repo.fullName} has no file ${workflowPath} on ${repo.defaultBranch}.`, "Name a workflow file of the default branch.");
      const own = triggerFor(triggersOf(parseYaml(repo.files[workflowPath])), repo.defaultBranch);
      const trigger = simulate.event ? { event: simulate.event, ref: `refs/heads/${repo.defaultBranch}` } : own;
      if (!trigger) throw new KeylessError("SandboxNoTrigger", `${workflowPath} of ${repo.fullName} has no trigger that runs it on ${repo.defaultBranch}.`, "Pass an event to run it as (push, schedule or workflow_dispatch).");
      return [run(repo, workflowPath, trigger, sha, actor)];
    },
    onPullMerged(event) {
      const repo = event.repo;
      if (event.base !== repo.defaultBranch) return [];
      const changed = new Set(event.changedPaths);
      const out: RunReport[] = [];
      for (const path of workflowsOf(repo)) {
        const doc = parseYaml(repo.files[path]);
        const on = triggersOf(doc);
        // A push runs what its filters select; a workflow the merge changed is also tried on its own trigger.
        if (pushRuns(on, repo.defaultBranch, event.changedPaths)) {
          out.push(run(repo, path, { event: "push", ref: `refs/heads/${repo.defaultBranch}` }, event.after, event.mergedBy));
          continue;
        }
        const trigger = localFiles(repo, path).some((p) => changed.has(p)) ? triggerFor(on, repo.defaultBranch) : undefined;
        if (trigger) out.push(run(repo, path, trigger, event.after, event.mergedBy));
      }
      return out;
    },
    advanceClock(days) {
      if (!Number.isFinite(days) || days < 0) throw new KeylessError("SandboxClock", `The sandbox clock only moves forward (got ${days} days).`, "Pass a number of days of 0 or more.");
      world.now = new Date(Date.parse(world.now) + Math.round(days * 86_400_000)).toISOString();
      return world.now;
    },
    mintOidcToken(request) {
      const repo = repoOf(request.repo);
      const ref = request.ref ?? `refs/heads/${repo.defaultBranch}`;
      const workflowPath = request.workflowPath ?? workflowsOf(repo)[0] ?? ".github/workflows/deploy.yml";
      const claims = jobClaims({
        repo, ref, sha: shaOf(repo, ref.replace(/^refs\/heads\//, "")), event: request.event ?? "push", workflowPath, workflowName: workflowPath,
        ...(request.environment !== undefined ? { environment: request.environment } : {}), ...(request.audience !== undefined ? { audience: request.audience } : {}),
        runId: 1, runNumber: 1, actor: "keyless-sandbox", actorId: 1,
      });
      return mintToken(world, claims, now());
    },
  };
}

function workflowsOf(repo: GithubRepo): string[] {
  return Object.keys(repo.files).filter((p) => WORKFLOW_FILE.test(p)).sort();
}

/** The workflow file and the local reusable workflows and actions it reaches. */
function localFiles(repo: GithubRepo, path: string, seen = new Set<string>()): string[] {
  if (seen.has(path)) return [];
  seen.add(path);
  const text = repo.files[path] ?? "";
  for (const m of text.matchAll(/uses:\s*['"]?\.\/([^\s'"@#]+)/g)) {
    const target = (m[1] as string).replace(/\/+$/, "");
    const candidates = /\.ya?ml$/.test(target) ? [target] : [`${target}/action.yml`, `${target}/action.yaml`];
    for (const c of candidates) if (c in repo.files) localFiles(repo, c, seen);
  }
  return [...seen];
}
