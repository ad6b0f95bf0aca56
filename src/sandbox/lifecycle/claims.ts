// The claims of a job's OIDC token as GitHub Actions writes them, and its `sub`: the default form
// (repo:owner/name:<context>), the immutable form (repo:owner@id/name@id:<context>) for repos
// created from 2026-07-15 on, or the repository's include_claim_keys template.

import { IMMUTABLE_SUBJECT_SINCE } from "../scenario/index.js";
import type { GithubRepo } from "../world.js";

export interface JobContext {
  repo: GithubRepo;
  /** refs/heads/main, refs/tags/v1.2.3 */
  ref: string;
  sha: string;
  event: string;
  /** The workflow file that was triggered, and the one whose job runs (a reusable callee's). */
  workflowPath: string;
  jobWorkflowPath?: string;
  workflowName: string;
  environment?: string;
  runId: number;
  runNumber: number;
  runAttempt?: number;
  actor: string;
  actorId: number;
  audience?: string;
}

// The sandbox models the immutable subject as a template of exactly these two claims (see
// src/sandbox/scenario/build-github.ts and the plan's subject rules).
const ID_PAIR = ["repository_owner_id", "repository_id"];

export function immutableSubject(repo: GithubRepo): boolean {
  const keys = repo.oidcSubject.useDefault ? [] : (repo.oidcSubject.includeClaimKeys ?? []);
  const idPair = keys.length === 2 && keys.every((k, i) => k === ID_PAIR[i]);
  return idPair || Date.parse(repo.createdAt) >= Date.parse(IMMUTABLE_SUBJECT_SINCE);
}

export function jobClaims(c: JobContext): Record<string, string> {
  const { repo } = c;
  const tag = c.ref.startsWith("refs/tags/");
  const claims: Record<string, string> = {
    aud: c.audience ?? "sts.amazonaws.com",
    ref: c.ref,
    sha: c.sha,
    repository: repo.fullName,
    repository_owner: repo.owner,
    repository_owner_id: String(repo.ownerId),
    run_id: String(c.runId),
    run_number: String(c.runNumber),
    run_attempt: String(c.runAttempt ?? 1),
    repository_visibility: repo.visibility,
    repository_id: String(repo.id),
    actor_id: String(c.actorId),
    actor: c.actor,
    workflow: c.workflowName,
    head_ref: "",
    base_ref: "",
    event_name: c.event,
    ref_protected: String(!tag && c.ref === `refs/heads/${repo.defaultBranch}`),
    ref_type: tag ? "tag" : "branch",
    workflow_ref: `${repo.fullName}/${c.workflowPath}@${c.ref}`,
    workflow_sha: c.sha,
    job_workflow_ref: `${repo.fullName}/${c.jobWorkflowPath ?? c.workflowPath}@${c.ref}`,
    job_workflow_sha: c.sha,
    runner_environment: "github-hosted",
  };
  if (c.environment !== undefined) claims["environment"] = c.environment;
  claims["sub"] = subjectOf(repo, claims);
  return claims;
}

/** GitHub's `sub` for these claims. */
export function subjectOf(repo: GithubRepo, claims: Record<string, string>): string {
  const immutable = immutableSubject(repo);
  const repoPart = immutable ? `repo:${repo.owner}@${repo.ownerId}/${repo.name}@${repo.id}` : `repo:${repo.fullName}`;
  const environment = claims["environment"];
  const event = claims["event_name"];
  const context =
    environment !== undefined ? `environment:${environment}` : event === "pull_request" || event === "pull_request_target" ? "pull_request" : `ref:${claims["ref"]}`;
  const keys = repo.oidcSubject.useDefault ? [] : (repo.oidcSubject.includeClaimKeys ?? []);
  const idPair = keys.length === 2 && keys.every((k, i) => k === ID_PAIR[i]);
  if (keys.length === 0 || idPair) return `${repoPart}:${context}`;
  return keys.map((key) => (key === "repo" ? repoPart : key === "context" ? context : `${key}:${claims[key] ?? ""}`)).join(":");
}
