// Which environment or ref a consumer's OIDC token will name — the context its role must trust.
// `environment:` wins (GitHub then puts the environment in `sub`); otherwise the triggers say which
// branches and tags run the job, narrowed by the job's `if:`. Pull request subjects are never
// trusted for a deploy role, and events that run on arbitrary refs are left out, each with an issue.
import type { Repo } from "../inventory/schema.js";
import type { Consumer } from "./consumers.js";
import { PULL_REQUEST, refContexts } from "./ref-contexts.js";
import type { Issue } from "./schema.js";
import type { Context } from "./subjects.js";
import type { WorkflowTexts } from "./workflow-text.js";

export interface ContextResult {
  contexts: Array<{ context: Context; why: string }>;
  issues: Issue[];
}

/** `refs`: the refs the config names for jobs whose triggers IAM cannot express exactly. */
export function contextsOf(consumer: Consumer, repo: Repo, texts: WorkflowTexts, environments: string[] | undefined, refs?: string[]): ContextResult {
  const issues: Issue[] = [];
  const where = { repo: consumer.repo, path: consumer.path, ...(consumer.job ? { job: consumer.job } : {}), usageId: consumer.usage.id };
  const issue = (severity: Issue["severity"], code: string, message: string, remediation?: string) =>
    issues.push({ severity, code, message, ...(remediation ? { remediation } : {}), ...where });
  const out = new Map<string, { context: Context; why: string }>();
  const add = (context: Context, why: string) => {
    const key = context.kind === "environment" ? `e:${context.name.toLowerCase()}` : `r:${context.ref}${context.segment ? ":segment" : ""}`;
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
    for (const c of refContexts(consumer, repo, texts, jobLabel, issue, refs)) add(c.context, c.why);
  }
  return { contexts: [...out.values()], issues };
}

