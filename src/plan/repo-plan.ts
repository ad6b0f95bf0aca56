// One repository's part of the plan before roles are named: its consumers with the subjects they
// need and the account each deploys to, the permissions of the keys they replace, and every issue.
// Any blocker stops the whole repo: its pull request would leave a job on a key that cannot retire.
import type { Link } from "../analyze/model.js";
import type { RepoWorkflowAnalysis, Usage } from "../analyze/workflows/index.js";
import type { AccessKey, CloudTrailEvent, IamUser, Repo } from "../inventory/schema.js";
import type { PlanConfig, RepoPlanOverride } from "./config.js";
import { consumersOf, type Consumer } from "./consumers.js";
import { contextsOf } from "./contexts.js";
import { permissionsOf } from "./permissions.js";
import type { Issue, RepoPlan, RolePermissions, TrustedSubject } from "./schema.js";
import { buildSubject, contextText, subjectFormatFor, type Context, type SubjectFormat } from "./subjects.js";
import { targetOf, type Target } from "./targets.js";
import type { WorkflowTexts } from "./workflow-text.js";

export interface ConsumerDraft {
  consumer: Consumer;
  subjects: TrustedSubject[];
  target: Target;
  region?: string;
}

export interface RepoDraft {
  repo: Repo;
  status: RepoPlan["status"];
  subject: SubjectFormat;
  consumers: ConsumerDraft[];
  /** Usages fed by consumers (reusable workflows, composite actions), by id. */
  callees: Map<string, Usage>;
  links: Link[];
  issues: Issue[];
  override: RepoPlanOverride | undefined;
}

export interface PlanContext {
  config: PlanConfig;
  githubCom: boolean;
  texts: WorkflowTexts;
  /** Links by repository full name. */
  links: Map<string, Link[]>;
  keys: Map<string, AccessKey>;
  users: Map<string, IamUser>;
  events: Map<string, CloudTrailEvent[]>;
  /** ARNs (lower case) of the roles the AWS scan saw: the only existing roles keyless advises trusting into. */
  seenRoles: Set<string>;
  /** The role the scan entered member accounts with, besides OrganizationAccountAccessRole. */
  auditRoleName?: string;
  /** Permissions per access key id (memoised: several repos may share a key). */
  permissions: Map<string, { permissions: RolePermissions; issues: Issue[] }>;
}

export function draftRepo(repo: Repo, analysis: RepoWorkflowAnalysis | undefined, ctx: PlanContext): RepoDraft | undefined {
  const links = ctx.links.get(repo.fullName) ?? [];
  const override = ctx.config.repos[repo.fullName];
  const set = analysis ? consumersOf(repo.fullName, analysis) : { consumers: [], calleeIds: new Set<string>(), orphans: [] };
  if (set.consumers.length === 0 && set.orphans.length === 0 && links.length === 0) return undefined;
  const subject = subjectFormatFor(repo, override?.subjectFormat, ctx.githubCom);
  const callees = new Map((analysis?.usages ?? []).filter((u) => set.calleeIds.has(u.id)).map((u) => [u.id, u]));
  const draft: RepoDraft = { repo, status: "ready", subject, consumers: [], callees, links, issues: [], override };
  if (override?.skip) return { ...draft, status: "skipped" };
  if (repo.archived) {
    draft.issues.push({ severity: "warning", code: "ArchivedRepo", message: `${repo.fullName} is archived: its workflows cannot run, so nothing migrates; only its secrets are deleted.`, repo: repo.fullName });
    return { ...draft, status: "archived" };
  }
  if (set.consumers.length === 0 && set.orphans.length === 0) return { ...draft, status: "secrets-only" };
  for (const orphan of set.orphans) {
    draft.issues.push({
      severity: "blocker",
      code: "CalleeWithoutCaller",
      message: `${orphan.path}${orphan.job ? ` job ${orphan.job}` : ""} receives keys from its callers, and no workflow in ${repo.fullName} calls it: the subject to trust comes from callers keyless has not seen.`,
      remediation: "Migrate the calling repositories first, or pass the role ARNs in as inputs.",
      repo: repo.fullName,
      path: orphan.path,
      usageId: orphan.id,
    });
  }
  for (const consumer of set.consumers) {
    const { contexts, issues } = contextsOf(consumer, repo, ctx.texts, override?.environments, override?.refs);
    draft.issues.push(...issues, ...runnerIssues(consumer, ctx.texts));
    const target = targetOf(consumer, { links, keys: ctx.keys, users: ctx.users, override, seenRoles: ctx.seenRoles, auditRoleName: ctx.auditRoleName });
    draft.issues.push(...target.issues);
    if (!target.target || contexts.length === 0) continue;
    const subjects = subjectsFor(repo, subject, consumer, pruneCovered(contexts), draft.issues, override?.claims);
    if (!target.target.existingRoleArn && !override?.deployRoles?.[target.target.accountId]) {
      draft.issues.push(...permissionIssues(target.target, repo.fullName, ctx));
    }
    const region = regionOf(consumer, target.target, ctx);
    draft.consumers.push({ consumer, subjects, target: target.target, ...(region ? { region } : {}) });
  }
  draft.issues.push(...calleeConflicts(draft));
  draft.issues = dedupe(draft.issues);
  if (draft.issues.some((i) => i.severity === "blocker")) draft.status = "blocked";
  return draft;
}

/** A region written in the job, else where the key was used (its CloudTrail events, then IAM's last use). */
function regionOf(consumer: Consumer, target: Target, ctx: PlanContext): string | undefined {
  const written = [consumer.usage, ...consumer.callees].flatMap((u) => u.regionHints).find((h) => h.literal)?.value;
  if (written) return written;
  const key = target.key;
  if (!key) return undefined;
  const counts = new Map<string, number>();
  for (const e of ctx.events.get(key.accessKeyId) ?? []) if (e.awsRegion) counts.set(e.awsRegion, (counts.get(e.awsRegion) ?? 0) + 1);
  const busiest = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  const last = key.lastUsed?.region;
  return busiest ?? (last && last !== "N/A" ? last : undefined);
}

/**
 * A reusable workflow or composite action called by jobs that need different roles cannot name one
 * role itself: the roles would have to come in as inputs, which the workflow patches do not write.
 */
function calleeConflicts(draft: RepoDraft): Issue[] {
  const issues: Issue[] = [];
  for (const callee of draft.callees.values()) {
    const feeding = draft.consumers.filter((c) => c.consumer.callees.some((u) => u.id === callee.id));
    const roles = new Set(feeding.map((c) => JSON.stringify([c.subjects.map((s) => [s.value, ...(s.notLike ?? [])].join("\n")).sort(), c.target.accountId, c.target.existingRoleArn ?? c.target.key?.userName])));
    if (roles.size <= 1) continue;
    issues.push({
      severity: "blocker",
      code: "CallersNeedDifferentRoles",
      message: `${callee.path}${callee.job ? ` job ${callee.job}` : ""} is called by jobs that deploy to different accounts or from different refs, so it cannot name one role: the roles would have to be passed in by each caller.`,
      remediation: "Pass role-to-assume (and the chained role) as inputs of the reusable workflow or action, or split it per target.",
      repo: draft.repo.fullName,
      path: callee.path,
      usageId: callee.id,
    });
  }
  return issues;
}

function subjectsFor(repo: Repo, format: SubjectFormat, consumer: Consumer, contexts: Array<{ context: Context; why: string }>, issues: Issue[], claims?: Record<string, string>): TrustedSubject[] {
  const out = new Map<string, TrustedSubject>();
  const workflowPath = consumer.runs[0]?.workflowPath ?? consumer.path;
  for (const { context, why } of contexts) {
    const built = buildSubject(repo, format, { context, workflowPath, ...(claims ? { claims } : {}) });
    const where = { repo: repo.fullName, path: consumer.path, ...(consumer.job ? { job: consumer.job } : {}), usageId: consumer.usage.id };
    const template = `The subject template of ${repo.fullName} (${format.keys?.join(", ")})`;
    const blocker = (code: string, message: string, remediation: string) => issues.push({ severity: "blocker", code, message, remediation, ...where });
    if (!built.repoScoped) {
      blocker("SubjectNotRepoScoped", `${template} does not name the repository (job_workflow_ref names a workflow other repositories may call): a trust on it would let other repositories in.`, "Add repo (or repository_id) to the repository's OIDC subject template.");
      continue;
    }
    // A claim keyless cannot know is never a wildcard: IAM's * also matches ':', so it could absorb
    // the repo segment of a token from any other organization (actor:*:repo:… ← actor:eve:workflow:x:repo:…).
    if (built.unknownClaims.length > 0) {
      blocker("UnknownClaim", `${template}: claims ${built.unknownClaims.join(", ")} are not known before the run, and a wildcard in their place would admit tokens of other repositories and organizations, so no trust is planned.`, `Remove ${built.unknownClaims.join(", ")} from the repository's OIDC subject template, or pin their values under plan.repos.${repo.fullName}.claims in keyless.config.yaml (for example actor: deploy-bot).`);
      continue;
    }
    if (built.ambiguousClaims.length > 0) {
      blocker("AmbiguousSubjectTemplate", `${template} puts ${built.ambiguousClaims.join(", ")} before the repository; their values may contain ':', so a token of another repository could carry the same subject text.`, "Put repo first in the repository's OIDC subject template.");
      continue;
    }
    if (built.wildcardClaims.length > 0) {
      blocker("WildcardBeforeClaim", `${template}: the ref pattern ${contextText(context)} falls in ${built.wildcardClaims.join(", ")}, which other claims follow; IAM's * would absorb them.`, `Make the claim with the ref the template's last one, or name the exact refs it deploys from under plan.repos.${repo.fullName}.refs in keyless.config.yaml.`);
      continue;
    }
    if (!built.contextScoped) {
      issues.push({ severity: "warning", code: "SubjectNotRefScoped", message: `${template} names no ref or environment: every branch of the repository gets the role.`, remediation: "Add context to the repository's OIDC subject template.", ...where });
    }
    const key = [built.subject.operator, built.subject.value, ...(built.subject.notLike ?? [])].join("\n");
    const existing = out.get(key);
    out.set(key, existing ? { ...existing, why: [...existing.why, why] } : { ...built.subject, why: [why] });
  }
  return [...out.values()].sort((a, b) => a.value.localeCompare(b.value));
}

/**
 * Drops a ref pattern that another trusted pattern already covers (refs/tags/* covers refs/tags/v*).
 * Only IAM's `*` covers by prefix: a segment `refs/heads/*` does not cover refs/heads/release/1.
 */
function pruneCovered<T extends { context: Context }>(contexts: T[]): T[] {
  const covers = contexts.flatMap((c) => (c.context.kind === "ref" && !c.context.segment && c.context.ref.indexOf("*") === c.context.ref.length - 1 ? [c.context] : []));
  return contexts.filter((c) => c.context.kind !== "ref" || !covers.some((p) => p !== c.context && c.context.kind === "ref" && c.context.ref.startsWith(p.ref.slice(0, -1)) && (c.context.ref !== p.ref || c.context.segment)));
}

function runnerIssues(consumer: Consumer, texts: WorkflowTexts): Issue[] {
  const issues: Issue[] = [];
  for (const run of consumer.runs) {
    if (!run.runner) continue;
    const runner = texts.job(consumer.repo, run.runner.path, run.runner.job).runner;
    if (!runner || runner.kind === "github-hosted") continue;
    const where = { repo: consumer.repo, path: run.runner.path, job: run.runner.job, usageId: consumer.usage.id };
    const labels = runner.labels.join(", ");
    if (runner.kind === "self-hosted") {
      issues.push({ severity: "warning", code: "SelfHostedRunner", message: `${run.runner.path} job ${run.runner.job} runs on a self-hosted runner (${labels}): OIDC works there, but the runner may hold AWS credentials of its own, and its calls do not come from GitHub's ranges.`, remediation: "Check the runner has no instance profile or static keys that would take over.", ...where });
    } else if (runner.kind === "custom") {
      issues.push({ severity: "warning", code: "PossiblySelfHostedRunner", message: `${run.runner.path} job ${run.runner.job} runs on ${labels}: a larger GitHub runner or a self-hosted one.`, ...where });
    } else {
      issues.push({ severity: "warning", code: "RunnerUnknown", message: `${run.runner.path} job ${run.runner.job} picks its runner at run time; keyless cannot tell whether it is self-hosted.`, ...where });
    }
  }
  return issues;
}

function permissionIssues(target: Target, repo: string, ctx: PlanContext): Issue[] {
  if (!target.key) {
    return [{ severity: "blocker", code: "MissingPermissionData", message: `No key is linked for account ${target.accountId}, so the deploy role's permissions are unknown.`, remediation: "Add a mapping for the key, or name managed policies under plan.repos.<repo>.deployRoles.<account>.managedPolicyArns.", repo, accountId: target.accountId }];
  }
  const key = target.key;
  let memo = ctx.permissions.get(key.accessKeyId);
  if (!memo) {
    const result = permissionsOf({ user: target.user, key, events: ctx.events.get(key.accessKeyId) ?? [], leastPrivilege: ctx.config.leastPrivilege, mode: ctx.config.permissions });
    memo = { permissions: result.permissions, issues: result.issues.map((i) => ({ ...i, repo: "" })) };
    ctx.permissions.set(key.accessKeyId, memo);
  }
  return memo.issues.map((i) => ({ ...i, repo }));
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = JSON.stringify([i.code, i.message, i.path, i.job]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
