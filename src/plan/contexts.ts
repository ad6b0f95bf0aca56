// Which environment or ref a consumer's OIDC token will name — the context its role must trust.
// `environment:` wins (GitHub then puts the environment in `sub`); otherwise the triggers say which
// branches and tags run the job, narrowed by the job's `if:`. Pull request subjects are never
// trusted for a deploy role, and events that run on arbitrary refs are left out, each with an issue.
import type { Triggers, TriggerEvent } from "../analyze/workflows/index.js";
import type { Repo } from "../inventory/schema.js";
import type { Consumer } from "./consumers.js";
import type { Issue } from "./schema.js";
import type { Context } from "./subjects.js";
import type { RefRestriction, WorkflowTexts } from "./workflow-text.js";

export interface ContextResult {
  contexts: Array<{ context: Context; why: string }>;
  issues: Issue[];
}

const PULL_REQUEST = new Set(["pull_request", "pull_request_target", "pull_request_review", "pull_request_review_comment"]);
/** Events whose runs use the default branch's ref. */
const DEFAULT_BRANCH = new Set([
  "workflow_dispatch", "schedule", "repository_dispatch", "workflow_run", "issue_comment", "issues", "discussion",
  "discussion_comment", "watch", "fork", "gollum", "label", "milestone", "project", "project_card", "project_column",
  "public", "page_build", "status", "check_run", "check_suite", "branch_protection_rule", "registry_package",
]);
/** Events whose runs use a ref nobody can predict (the created ref, the deployment's ref, a merge queue branch). */
const ANY_REF = new Set(["create", "delete", "deployment", "deployment_status", "merge_group"]);

export function contextsOf(consumer: Consumer, repo: Repo, texts: WorkflowTexts, environments: string[] | undefined): ContextResult {
  const issues: Issue[] = [];
  const where = { repo: consumer.repo, path: consumer.path, ...(consumer.job ? { job: consumer.job } : {}), usageId: consumer.usage.id };
  const issue = (severity: Issue["severity"], code: string, message: string, remediation?: string) =>
    issues.push({ severity, code, message, ...(remediation ? { remediation } : {}), ...where });
  const out = new Map<string, { context: Context; why: string }>();
  const add = (context: Context, why: string) => {
    const key = context.kind === "environment" ? `e:${context.name.toLowerCase()}` : `r:${context.ref}`;
    if (!out.has(key)) out.set(key, { context, why });
  };
  const jobLabel = `${consumer.path}${consumer.job ? ` job ${consumer.job}` : ""}`;
  const triggers = consumer.triggers;
  const events = triggers?.details ?? [];

  if (triggers?.secretsReachableFromForks) {
    const names = triggers.events.filter((e) => ["pull_request_target", "workflow_run", "issue_comment", "issues", "discussion", "discussion_comment"].includes(e));
    issue(
      "warning",
      "ForkTriggeredWorkflow",
      `${jobLabel} can be started from outside the repository (${names.join(", ")}); such runs keep a token the new trust accepts unless their subject is a pull request.`,
      "Check the job's conditions, or move the deployment to a push or environment-gated workflow.",
    );
  }

  for (const run of consumer.runs) {
    const env = run.environment;
    if (env && !env.expression) {
      const canonical = repo.environments.find((e) => e.toLowerCase() === env.name.toLowerCase()) ?? env.name;
      add({ kind: "environment", name: canonical }, `${jobLabel} deploys to environment ${canonical}`);
      if (events.some((e) => PULL_REQUEST.has(e.name))) {
        issue("warning", "PullRequestReachesEnvironment", `${jobLabel} runs on pull requests with environment ${canonical}: its token carries the environment, not pull_request.`, `Protect environment ${canonical} with required reviewers or a deployment branch policy.`);
      }
      continue;
    }
    if (env?.expression) {
      if (environments?.length) {
        for (const name of environments) add({ kind: "environment", name }, `${jobLabel} deploys to a computed environment; the config lists ${name}`);
        issue("warning", "ComputedEnvironment", `${jobLabel} picks its environment at run time (${env.name}); one entry role trusts every environment the config lists (${environments.join(", ")}).`);
        continue;
      }
      issue("blocker", "ComputedEnvironment", `${jobLabel} picks its environment at run time (${env.name}), so the subject to trust is unknown.`, "List the environments under plan.repos.<repo>.environments in keyless.config.yaml.");
      continue;
    }
    for (const c of refContexts(consumer, repo, texts, jobLabel, issue)) add(c.context, c.why);
  }
  return { contexts: [...out.values()], issues };
}

function refContexts(consumer: Consumer, repo: Repo, texts: WorkflowTexts, jobLabel: string, issue: (s: Issue["severity"], code: string, m: string, r?: string) => void): Array<{ context: Context; why: string }> {
  const triggers: Triggers | undefined = consumer.triggers;
  const gates = consumer.gates.map((g) => texts.job(consumer.repo, g.path, g.job));
  const restrictions = gates.flatMap((g) => g.refRestrictions);
  const allowedEvents = gates.reduce<string[] | undefined>((acc, g) => (g.events ? (acc ? acc.filter((e) => g.events?.includes(e)) : g.events) : acc), undefined);
  const details = (triggers?.details ?? []).filter((d) => d.name !== "workflow_call" && (!allowedEvents || allowedEvents.includes(d.name)));
  const head = (b: string) => `refs/heads/${b}`;
  const found: Array<{ context: Context; why: string }> = [];
  const pr: string[] = [];
  for (const d of details) {
    if (PULL_REQUEST.has(d.name)) pr.push(d.name);
    else if (d.name === "push") found.push(...pushContexts(d, repo, jobLabel, issue));
    else if (d.name === "release") {
      found.push({ context: { kind: "ref", ref: "refs/tags/*" }, why: `${jobLabel} runs on release events (the release's tag)` });
    } else if (ANY_REF.has(d.name)) {
      issue("warning", "UnpredictableRef", `${jobLabel} runs on ${d.name} events, whose ref cannot be known in advance; those runs are not trusted.`);
    } else {
      if (!DEFAULT_BRANCH.has(d.name)) issue("warning", "UnknownEvent", `${jobLabel} runs on ${d.name}; keyless assumes it runs on the default branch.`);
      found.push({ context: { kind: "ref", ref: head(repo.defaultBranch) }, why: `${jobLabel} runs on ${d.name} (default branch ${repo.defaultBranch})` });
    }
  }
  if (pr.length > 0) {
    issue(
      found.length === 0 ? "blocker" : "warning",
      "PullRequestSubject",
      `${jobLabel} runs on ${[...new Set(pr)].join(", ")}: a deploy role never trusts the pull_request subject${found.length > 0 ? ", so those runs will no longer get AWS credentials" : ", and the job has no other trigger"}.`,
      found.length === 0 ? "Deploy from a push to a branch or from an environment; keep pull request jobs to checks without AWS credentials." : undefined,
    );
  }
  const kept = found.flatMap((f) => narrow(f.context, restrictions).map((context) => ({ context, why: f.why })));
  if (found.length > 0 && kept.length === 0) {
    issue("blocker", "NoTrustableRef", `${jobLabel}: its triggers and its \`if:\` leave no ref to trust.`, "Check the job's triggers and condition.");
  }
  if (found.length === 0 && pr.length === 0 && !(triggers?.details ?? []).some((d) => ANY_REF.has(d.name))) {
    issue("blocker", "NoTrigger", `${jobLabel}: keyless found no trigger that starts it, so the subject to trust is unknown.`);
  }
  return kept;
}

function pushContexts(d: TriggerEvent, repo: Repo, jobLabel: string, issue: (s: Issue["severity"], code: string, m: string, r?: string) => void): Array<{ context: Context; why: string }> {
  const out: Array<{ context: Context; why: string }> = [];
  const branches = d.branches ?? [];
  const tags = d.tags ?? [];
  for (const [list, prefix, kind] of [[branches, "refs/heads/", "branch"], [tags, "refs/tags/", "tag"]] as const) {
    for (const pattern of list) {
      if (pattern.startsWith("!")) {
        issue("warning", "NegatedFilter", `${jobLabel}: the ${kind} filter ${pattern} cannot be expressed in IAM; the trust covers the positive patterns only.`);
        continue;
      }
      const { ref, approximate } = globToRef(pattern);
      if (approximate) issue("warning", "ApproximatePattern", `${jobLabel}: the ${kind} filter ${pattern} is trusted as ${prefix}${ref}, which IAM matches more loosely.`);
      out.push({ context: { kind: "ref", ref: `${prefix}${ref}` }, why: `${jobLabel} runs on push to ${kind} ${pattern}` });
    }
  }
  if (branches.length === 0 && tags.length === 0) {
    issue(
      "warning",
      "AnyBranchPush",
      `${jobLabel} runs on a push to any branch${d.branchesIgnore ? " (except the ignored ones)" : ""}; the trust allows only the default branch ${repo.defaultBranch}, so pushes elsewhere will no longer get AWS credentials.`,
      "Add the branches that really deploy to the workflow's push filter.",
    );
    out.push({ context: { kind: "ref", ref: `refs/heads/${repo.defaultBranch}` }, why: `${jobLabel} runs on push (default branch ${repo.defaultBranch})` });
  }
  return out;
}

/** GitHub filter glob → ref text where `*` is the only wildcard. `**`, `?`, `+` and `[…]` become `*`. */
export function globToRef(pattern: string): { ref: string; approximate: boolean } {
  const ref = pattern.replace(/(\*\*|\[[^\]]*\]|[*?+])+/g, "*");
  return { ref, approximate: /[?+[]/.test(pattern) };
}

/** Keeps what the job's `if:` lets through; an exact ref inside a trusted pattern replaces the pattern. */
function narrow(context: Context, restrictions: RefRestriction[]): Context[] {
  if (context.kind !== "ref" || restrictions.length === 0) return [context];
  let ref = context.ref;
  for (const r of restrictions) {
    if ("exact" in r) {
      if (!globMatch(ref, r.exact)) return [];
      ref = r.exact;
    } else if ("prefix" in r) {
      if (ref.includes("*")) {
        const fixed = ref.slice(0, ref.indexOf("*"));
        if (fixed.startsWith(r.prefix)) continue;
        if (r.prefix.startsWith(fixed)) ref = `${r.prefix}*`;
        else return [];
      } else if (!ref.startsWith(r.prefix)) return [];
    } else {
      const candidates = [`refs/heads/${r.name}`, `refs/tags/${r.name}`].filter((c) => globMatch(ref, c));
      if (candidates.length !== 1) return candidates.length === 0 ? [] : [context];
      ref = candidates[0] as string;
    }
  }
  return [{ kind: "ref", ref }];
}

/** Whether `value` (literal) matches `pattern` whose `*` match anything. */
function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
  return re.test(value);
}
