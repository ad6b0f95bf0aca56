// audit.md: the audit for humans and PR bodies — what to do first, then each repository and each
// key with the evidence behind every claim, then what is unlinked, suppressed or unread.
import type { Audit, RepoFacts } from "../analyze/audit.js";
import { text } from "../core/markdown.js";
import { renderKeyMarkdown } from "./md/key.js";
import { renderRepoMarkdown, repoFindings } from "./md/repo.js";
import { renderSummary } from "./md/summary.js";
import { renderCoverage, renderOtherFindings, renderRequests, renderSuppressed, renderUnlinked } from "./md/tail.js";
import { triage, type KeyAction } from "./triage.js";
import { orgsMarkdown } from "./org-sections.js";
import { scannedFromText } from "./scope.js";

export { renderRepoMarkdown } from "./md/repo.js";
export { renderKeyMarkdown } from "./md/key.js";

/** Names of quiet repos listed in one line before "and N more". */
const QUIET_SHOWN = 50;
const KEY_ORDER: KeyAction[] = ["migrate", "investigate", "delete"];

function hasSomething(audit: Audit, r: RepoFacts): boolean {
  return r.usageCount > 0 || r.oidcJobCount > 0 || r.linkedKeys.length > 0 || repoFindings(audit, r.fullName).length > 0;
}

export function renderAuditMarkdown(audit: Audit): string {
  const t = triage(audit);
  const scope = [audit.githubOrg ? `GitHub ${text(audit.githubOrg)}` : "", audit.organization?.id ? `AWS ${text(audit.organization.id)}` : ""].filter(Boolean);
  const out: string[] = [`# keyless audit${scope.length ? ` — ${scope.join(", ")}` : ""}`, ""];
  const from = scannedFromText(audit.organization?.scannedFrom, audit.organization?.managementAccountId);
  out.push(`Generated ${text(audit.generatedAt)} from a scan taken ${text(audit.inventoryGeneratedAt)}.${from ? ` ${text(from)}` : ""}`, "");
  out.push(renderSummary(audit, t));
  out.push(...orgsMarkdown(audit));

  out.push("## Repositories", "");
  const shown = audit.repos.filter((r) => hasSomething(audit, r));
  const quiet = audit.repos.filter((r) => !hasSomething(audit, r));
  if (shown.length === 0) out.push("No repository hands AWS credentials to its workflows.", "");
  for (const r of shown) out.push(renderRepoMarkdown(audit, r.fullName, { level: 3 }));
  if (quiet.length > 0) {
    const names = quiet.slice(0, QUIET_SHOWN).map((r) => text(r.fullName)).join(", ");
    const more = quiet.length > QUIET_SHOWN ? ` and ${quiet.length - QUIET_SHOWN} more` : "";
    out.push(`${quiet.length} other ${quiet.length === 1 ? "repository has" : "repositories have"} no AWS credentials in workflows, no linked key and no finding: ${names}${more}.`, "");
  }

  out.push("## Access keys", "");
  if (audit.keys.length === 0) out.push("No IAM access keys were found.", "");
  for (const action of KEY_ORDER) for (const k of t.keys[action]) out.push(renderKeyMarkdown(audit, k, 3));

  out.push(renderOtherFindings(audit), renderUnlinked(audit, t), renderSuppressed(audit), renderCoverage(audit), renderRequests(audit));
  return `${out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}

