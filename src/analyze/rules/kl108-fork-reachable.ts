// KL108: a static key handed to a job of a workflow that outsiders can start with the repository's
// secrets (pull_request_target, workflow_run, issue_comment…).
import type { Usage } from "../workflows/index.js";
import { linkedKeySentences, linksForUsage, usageFinding, usagePlace } from "./helpers.js";
import type { KeylessRule } from "./types.js";

/** Events that run in the base repository, with its secrets, and that someone without write access can start. */
const RISKY_EVENTS = ["pull_request_target", "workflow_run", "issue_comment", "issues", "discussion", "discussion_comment"];

function riskyEvents(usage: Usage): string[] {
  const t = usage.triggers;
  if (!t || !t.secretsReachableFromForks) return [];
  const named = t.events.filter((e) => RISKY_EVENTS.includes(e));
  return named.length > 0 ? named : t.events;
}

export const KL108: KeylessRule = {
  id: "KL108",
  name: "KeyReachableFromForks",
  title: "Static key reachable from fork-triggered workflows",
  severity: "high",
  description:
    "A static key is handed to a job of a workflow triggered by `pull_request_target`, `workflow_run`, `issue_comment`, `issues` or " +
    "`discussion` events: events that people outside the repository can cause and that run with the repository's secrets. Plain " +
    "`pull_request` is not flagged: GitHub does not give secrets to workflows of fork pull requests. A reusable workflow is judged " +
    "at its callers.",
  rationale:
    "These workflows run with secrets in response to something an outsider did; if any step runs code or data from the pull request " +
    "(a checkout of its head, a build script, a branch name in a shell command), the outsider can read the key. This is the " +
    "\"pwn request\" pattern behind several public supply-chain compromises. High: the path from an anonymous user to the key is short.",
  remediation:
    "Migrate the job to OIDC (KL101) with a trust scoped to the default branch or a protected environment, which fork-triggered runs " +
    "cannot satisfy. Until then, move the key to an environment with required reviewers, and never check out or run pull request code " +
    "in a job that has it.",
  tags: ["aws", "credentials", "github-actions", "untrusted-input"],
  about: "usage",
  check(context) {
    return context.usages
      .filter((u) => u.kind !== "literal-key-id" && riskyEvents(u).length > 0)
      .map((usage) => {
        const events = riskyEvents(usage);
        const links = linksForUsage(usage, context.links);
        return usageFinding(KL108, usage, {
          message: `Static AWS credentials reach ${usagePlace(usage)} of ${usage.path}, which runs on ${events.map((e) => `\`${e}\``).join(", ")} with the repository's secrets.`,
          evidence: [`Triggers: ${usage.triggers?.events.join(", ") ?? ""}.`, ...(usage.environment ? [`Environment: ${usage.environment.name}.`] : []), ...linkedKeySentences(links)],
        });
      });
  },
};
