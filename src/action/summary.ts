// The job summary (GITHUB_STEP_SUMMARY): the top of audit.md — what to do, the numbers, the top
// findings, built by the report stage with every outside name escaped — then the migration's
// readiness, the fail-on verdict and the files written. Bounded: audit.md itself goes in the artifact.
import type { Audit } from "../analyze/audit.js";
import { code, table, text } from "../core/markdown.js";
import type { Plan } from "../plan/index.js";
import type { FailOnVerdict } from "../report/fail-on.js";
import { renderSummary } from "../report/md/summary.js";
import { triage } from "../report/triage.js";

const STATUSES = ["ready", "blocked", "secrets-only", "archived", "skipped"] as const;

export function jobSummary(audit: Audit, plan: Plan, verdict: FailOnVerdict, written: string[]): string {
  const scope = [audit.githubOrg ? `GitHub ${text(audit.githubOrg)}` : "", audit.organization?.id ? `AWS ${text(audit.organization.id)}` : ""].filter(Boolean);
  const out = [`# keyless audit${scope.length ? ` — ${scope.join(", ")}` : ""}`, ""];
  out.push(`${verdict.failed ? "**Failed**" : "Passed"}: ${text(verdict.message)}.`, "");
  out.push(renderSummary(audit, triage(audit)));
  out.push("## Migration", "");
  const counts = STATUSES.map((s) => [s, String(plan.repos.filter((r) => r.status === s).length)]);
  out.push(table(["repositories", "count"], counts), "");
  const blockers = plan.issues.filter((i) => i.severity === "blocker").length;
  if (blockers > 0) out.push(`${blockers} blocker${blockers === 1 ? "" : "s"} stand in the way: see plan.md from ${code("keyless plan --from")} on the saved inventory.`, "");
  if (written.length > 0) out.push("## Reports", "", ...written.map((f) => `- ${code(f)}`), "");
  return `${out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}
