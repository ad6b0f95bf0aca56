// Actions: the repo's OIDC subject customization, workflows (from `.github/workflows/` files) and
// workflow runs with GitHub's filters (branch, event, status, created date ranges).

import type { components } from "@octokit/openapi-types";
import type { GithubRepo, WorkflowRun } from "../../world.js";
import { apiUrl, htmlUrl, type Ctx } from "../context.js";
import { requireRepo } from "../lookup.js";
import { paginate } from "../pagination.js";
import type { Route } from "../router.js";
import { minimalRepository } from "../shapes/repo.js";

type S = components["schemas"];

/** GitHub's immutable `repo:owner@ID/repo@ID` subject is the default for repos created after this. */
const IMMUTABLE_SUBJECT_SINCE = "2026-07-15T00:00:00Z";

function workflowId(repo: GithubRepo, path: string): number {
  let hash = repo.id;
  for (const char of path) {
    hash = (Math.imul(hash, 31) + char.charCodeAt(0)) >>> 0;
  }
  return 10_000_000 + (hash % 900_000_000);
}

function workflowName(text: string | undefined, path: string): string {
  const match = text ? /^name:[ \t]*(.+?)[ \t]*$/m.exec(text) : null;
  return match?.[1]?.replace(/^(['"])(.*)\1$/, "$2") ?? path;
}

interface WorkflowInfo {
  path: string;
  name: string;
  state: "active" | "deleted";
}

function workflowsOf(repo: GithubRepo): WorkflowInfo[] {
  const files = Object.keys(repo.files).filter((p) => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(p));
  const gone = repo.workflowRuns.map((r) => r.workflowPath).filter((p) => !(p in repo.files));
  const infos = files.map((path): WorkflowInfo => ({ path, name: workflowName(repo.files[path], path), state: "active" }));
  for (const path of new Set(gone)) {
    infos.push({ path, name: repo.workflowRuns.find((r) => r.workflowPath === path)?.name ?? path, state: "deleted" });
  }
  return infos.sort((a, b) => a.path.localeCompare(b.path));
}

function workflowBody(ctx: Ctx, repo: GithubRepo, info: WorkflowInfo): S["workflow"] {
  const id = workflowId(repo, info.path);
  return {
    id,
    node_id: Buffer.from(`08:Workflow${id}`).toString("base64"),
    name: info.name,
    path: info.path,
    state: info.state,
    created_at: repo.createdAt,
    updated_at: repo.pushedAt,
    url: apiUrl(ctx.state, `/repos/${repo.fullName}/actions/workflows/${id}`),
    html_url: htmlUrl(ctx.state, `${repo.fullName}/blob/${repo.defaultBranch}/${info.path}`),
    badge_url: htmlUrl(ctx.state, `${repo.fullName}/workflows/${encodeURIComponent(info.name)}/badge.svg`),
  };
}

function runBody(ctx: Ctx, repo: GithubRepo, run: WorkflowRun): S["workflow-run"] {
  const api = apiUrl(ctx.state, `/repos/${repo.fullName}/actions/runs/${run.id}`);
  const minimal = minimalRepository(ctx.state, repo);
  const id = workflowId(repo, run.workflowPath);
  return {
    id: run.id,
    name: run.name,
    node_id: Buffer.from(`11:WorkflowRun${run.id}`).toString("base64"),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: run.workflowPath,
    display_title: run.name,
    run_number: run.runNumber,
    run_attempt: run.runAttempt,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: id,
    url: api,
    html_url: htmlUrl(ctx.state, `${repo.fullName}/actions/runs/${run.id}`),
    pull_requests: [],
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    run_started_at: run.runStartedAt,
    jobs_url: `${api}/jobs`,
    logs_url: `${api}/logs`,
    check_suite_url: apiUrl(ctx.state, `/repos/${repo.fullName}/check-suites/${run.id}`),
    artifacts_url: `${api}/artifacts`,
    cancel_url: `${api}/cancel`,
    rerun_url: `${api}/rerun`,
    previous_attempt_url: run.runAttempt > 1 ? `${api}/attempts/${run.runAttempt - 1}` : null,
    workflow_url: apiUrl(ctx.state, `/repos/${repo.fullName}/actions/workflows/${id}`),
    head_commit: { id: run.headSha, tree_id: run.headSha, message: run.name, timestamp: run.createdAt, author: null, committer: null },
    repository: minimal,
    head_repository: minimal,
  };
}

const STATUSES = new Set(["completed", "in_progress", "queued", "requested", "waiting", "pending", "action_required"]);

/** GitHub's date-range syntax for `created`: >=D, >D, <=D, <D, D..D (with * for open ends), or D. */
export function matchesCreated(filter: string, createdAt: string): boolean {
  const at = Date.parse(createdAt);
  const start = (d: string) => Date.parse(d.length === 10 ? `${d}T00:00:00Z` : d);
  const end = (d: string) => (d.length === 10 ? Date.parse(`${d}T00:00:00Z`) + 86_400_000 - 1 : Date.parse(d));
  const range = /^(.+)\.\.(.+)$/.exec(filter);
  if (range) {
    const [from, to] = [range[1]!, range[2]!];
    return (from === "*" || at >= start(from)) && (to === "*" || at <= end(to));
  }
  const op = /^(>=|<=|>|<)(.+)$/.exec(filter);
  if (op) {
    const d = op[2]!;
    return op[1] === ">=" ? at >= start(d) : op[1] === ">" ? at > end(d) : op[1] === "<=" ? at <= end(d) : at < start(d);
  }
  return at >= start(filter) && at <= end(filter);
}

export const actionsRoutes: Route[] = [
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/actions/oidc/customization/sub",
    accepted: ["repo"],
    handler: (ctx) => {
      const repo = requireRepo(ctx, { admin: true });
      const immutable = repo.createdAt >= IMMUTABLE_SUBJECT_SINCE;
      const body: S["oidc-custom-sub-repo"] = {
        use_default: repo.oidcSubject.useDefault,
        ...(repo.oidcSubject.useDefault ? {} : { include_claim_keys: repo.oidcSubject.includeClaimKeys ?? [] }),
        use_immutable_subject: immutable,
        sub_claim_prefix: immutable ? `repo:${repo.owner}@${repo.ownerId}/${repo.name}@${repo.id}` : `repo:${repo.fullName}`,
      };
      return { body };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/actions/workflows",
    accepted: ["repo"],
    handler: (ctx) => {
      const repo = requireRepo(ctx);
      const workflows = workflowsOf(repo);
      return { body: { total_count: workflows.length, workflows: paginate(ctx, workflows).map((w) => workflowBody(ctx, repo, w)) } };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/actions/runs",
    accepted: ["repo"],
    handler: (ctx) => {
      const repo = requireRepo(ctx);
      const q = (name: string) => ctx.query.get(name) ?? undefined;
      const [branch, event, status, created] = [q("branch"), q("event"), q("status"), q("created")];
      const runs = repo.workflowRuns
        .filter((run) => !branch || run.headBranch === branch)
        .filter((run) => !event || run.event === event)
        .filter((run) => !status || (STATUSES.has(status) ? run.status === status : run.conclusion === status))
        .filter((run) => !created || matchesCreated(created, run.createdAt))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
      return { body: { total_count: runs.length, workflow_runs: paginate(ctx, runs).map((run) => runBody(ctx, repo, run)) } };
    },
  },
];
