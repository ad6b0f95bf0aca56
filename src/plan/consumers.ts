// Consumers: each place that will assume a role after the migration — a usage in one job it reaches
// (a workflow-level env reaches several). Callers of reusable workflows and local composite actions
// are the consumers; the callee usages they feed get their roles from them, because the OIDC token
// carries the calling run's repository and ref (and, for a reusable workflow, the callee job's environment).
import type { EnvironmentRef, RepoWorkflowAnalysis, Triggers, Usage } from "../analyze/workflows/index.js";

/** One job that runs the credential-using steps, with the environment its token will carry. */
export interface Run {
  environment?: EnvironmentRef;
  /** Job whose `runs-on` runs the steps; absent when unknown (an unresolved callee). */
  runner?: { path: string; job: string };
  /** Workflow whose job holds the steps (job_workflow_ref of custom subject templates). */
  workflowPath: string;
}

export interface Consumer {
  /** Stable: usage id, plus `@job` when a workflow-level env reaches several jobs. */
  id: string;
  repo: string;
  usage: Usage;
  path: string;
  job?: string;
  triggers?: Triggers;
  runs: Run[];
  /** Jobs whose `if:` gates the run (the caller job, and the callee job of a reusable workflow). */
  gates: Array<{ path: string; job: string }>;
  callees: Usage[];
}

export interface ConsumerSet {
  consumers: Consumer[];
  /** Usages fed by consumers (role assignments follow their callers). */
  calleeIds: Set<string>;
  /** Reusable-workflow or composite usages no caller in the repo feeds: their subjects are unknown. */
  orphans: Usage[];
}

export function consumersOf(repo: string, analysis: RepoWorkflowAnalysis): ConsumerSet {
  const usages = analysis.usages.filter((u) => u.kind !== "literal-key-id");
  const byId = new Map(usages.map((u) => [u.id, u]));
  const calleeIds = new Set(usages.flatMap((u) => u.callee?.usageIds ?? []));
  const consumers: Consumer[] = [];
  const orphans: Usage[] = [];
  for (const usage of usages) {
    if (calleeIds.has(usage.id)) continue;
    if (usage.fileKind === "action" || usage.triggers?.reusable) {
      // Fed by nobody here: a reusable workflow or action other repositories call, or a dead file.
      if (!usage.job || usage.fileKind === "action" || onlyWorkflowCall(usage.triggers)) {
        orphans.push(usage);
        continue;
      }
    }
    const callees = calleesOf(usage, byId);
    const scopes = usage.job || !usage.reachedJobs?.length ? [{ job: usage.job, environment: usage.environment }] : usage.reachedJobs;
    for (const scope of scopes) {
      const job = scope.job;
      const gates = job ? [{ path: usage.path, job }] : [];
      let runs: Run[];
      if (usage.kind === "reusable-secrets") {
        // The callee's jobs run the steps and carry their own `environment:`.
        const calleeRuns = callees.filter((c) => c.job).map((c): Run => ({ ...(c.environment ? { environment: c.environment } : {}), runner: { path: c.path, job: c.job as string }, workflowPath: c.path }));
        for (const c of callees) if (c.job) gates.push({ path: c.path, job: c.job });
        runs = calleeRuns.length > 0 ? dedupeRuns(calleeRuns) : [{ workflowPath: usage.callee?.path ?? usage.path }];
      } else {
        runs = [{ ...(scope.environment ? { environment: scope.environment } : {}), ...(job ? { runner: { path: usage.path, job } } : {}), workflowPath: usage.path }];
      }
      consumers.push({
        id: scopes.length > 1 && job ? `${usage.id}@${job}` : usage.id,
        repo,
        usage,
        path: usage.path,
        ...(job ? { job } : {}),
        ...(usage.triggers ? { triggers: usage.triggers } : {}),
        runs,
        gates,
        callees,
      });
    }
  }
  return { consumers, calleeIds, orphans };
}

function onlyWorkflowCall(t: Triggers | undefined): boolean {
  return !!t && t.events.every((e) => e === "workflow_call");
}

function calleesOf(usage: Usage, byId: Map<string, Usage>): Usage[] {
  const out: Usage[] = [];
  const seen = new Set<string>([usage.id]);
  const queue = [...(usage.callee?.usageIds ?? [])];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    const callee = byId.get(id);
    if (!callee) continue;
    out.push(callee);
    queue.push(...(callee.callee?.usageIds ?? []));
  }
  return out;
}

function dedupeRuns(runs: Run[]): Run[] {
  const seen = new Map<string, Run>();
  for (const r of runs) seen.set(`${r.environment?.name ?? ""}\n${r.runner?.path}\n${r.runner?.job}`, r);
  return [...seen.values()];
}
