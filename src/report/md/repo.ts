// The Markdown section for one repository: its static-key usages (file:line), the keys linked to it
// with every piece of evidence, and its findings. Reused as the body of that repo's migration PR.
import type { Audit, RepoFacts } from "../../analyze/audit.js";
import type { Finding } from "../../analyze/model.js";
import type { Usage } from "../../analyze/workflows/types.js";
import { auditIndex } from "../audit-index.js";
import { REPO_STATE_LABEL, repoState, plural } from "../triage.js";
import { code, list, table, text } from "../../core/markdown.js";
import { findingList, keyLabel, linkItem, place } from "./parts.js";

function how(u: Usage): string {
  switch (u.kind) {
    case "configure-aws-credentials":
      return `configure-aws-credentials (${text(u.action?.uses)})`;
    case "key-then-assume":
      return `configure-aws-credentials with static keys, then assumes ${text(u.roleToAssume?.value)}`;
    case "env":
      return `env at ${u.envLevel ?? "step"} level`;
    case "docker-action-env":
      return "env of a container or docker action";
    case "action-input":
      return `inputs of ${text(u.action?.uses)}`;
    case "reusable-secrets":
      return `secrets (${u.secretsMode ?? "explicit"}) to ${text(u.callee?.path ?? u.action?.uses)}`;
    case "composite-input":
      return `inputs of local action ${text(u.callee?.path ?? u.action?.uses)}`;
    case "run-script":
      return `run script (${u.runForm ?? "shell"})`;
    case "literal-key-id":
      return `literal key id ${u.literal ? code(u.literal.keyId) : ""}${u.literal?.inComment ? " in a comment" : ""}`;
  }
}

function step(u: Usage): string {
  if (!u.step) return "—";
  return `${u.step.index + 1}. ${text(u.step.name ?? u.step.uses ?? u.step.id ?? "")}`;
}

function triggers(u: Usage): string {
  const events = u.triggers?.events ?? [];
  const risky = u.triggers?.secretsReachableFromForks ? " (reachable from forks)" : "";
  return `${list(events)}${risky}`;
}

export function repoFindings(audit: Audit, repo: string): Finding[] {
  return auditIndex(audit).findingsByRepo.get(repo) ?? [];
}

function factsLine(r: RepoFacts): string {
  const flags = [r.visibility, r.archived ? "archived (read-only: retire its secrets instead)" : "", r.fork ? "fork" : ""].filter(Boolean);
  return [
    ...flags.map(text),
    plural(r.workflowCount, "workflow file"),
    plural(r.usageCount, "static-key usage"),
    plural(r.oidcJobCount, "job on OIDC", "jobs on OIDC"),
    `state: **${REPO_STATE_LABEL[repoState(r)]}**`,
  ].join(" · ");
}

/**
 * One repo's section, headed at `level` (2 = `##`). Returns "" for a repo the audit does not know.
 * Sub-parts use bold labels, not headings, so the section fits under any heading level.
 */
export function renderRepoMarkdown(audit: Audit, repo: string, options: { level?: number } = {}): string {
  const facts = audit.repos.find((r) => r.fullName === repo);
  if (!facts) return "";
  const index = auditIndex(audit);
  const keys = index.keys;
  const usages = index.usagesByRepo.get(repo) ?? [];
  const links = index.linksByRepo.get(repo) ?? [];
  const findings = repoFindings(audit, repo);
  const out: string[] = [`${"#".repeat(options.level ?? 3)} ${text(repo)}`, "", factsLine(facts), ""];

  if (usages.length > 0) {
    out.push("**Static-key usages**", "");
    out.push(
      table(
        ["where", "job", "step", "how", "secrets and variables", "environment", "triggers", "ignored inline"],
        usages.map((u) => [
          place(u),
          text(u.job),
          step(u),
          how(u),
          list([...u.secretNames, ...u.variableNames.map((v) => `vars.${v}`)]),
          text(u.environment?.name),
          triggers(u),
          list(u.suppressed ?? []),
        ]),
      ),
      "",
    );
    const notes = usages.flatMap((u) => u.notes.map((n) => `- ${place(u)}: ${text(n)}`));
    if (notes.length > 0) out.push("Notes:", "", ...notes, "");
  }

  out.push("**Linked keys**", "");
  if (links.length === 0) {
    out.push(facts.usageCount > 0 ? "No key could be linked to this repository: no evidence, no link. See the unlinked keys and secrets." : "None.", "");
  } else {
    for (const l of links) {
      const key = keys.get(l.accessKeyId);
      out.push(...linkItem(l, keyLabel(key, l.accessKeyId)));
      if (key && key.findings.length > 0) out.push(`  - findings about the key: ${key.findings.map(code).join(", ")}`);
    }
    out.push("");
  }

  out.push("**Findings**", "");
  out.push(...(findings.length === 0 ? ["None."] : findingList(findings)), "");
  return out.join("\n");
}
