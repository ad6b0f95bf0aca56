// The top of audit.md: what to do, in numbers, before any detail — keys to migrate, keys to just
// delete, repos to change, the findings to fix first.
import type { Audit, KeyAudit, RepoFacts } from "../../analyze/audit.js";
import { DEFAULT_ANALYSIS_CONFIG } from "../../analyze/model.js";
import { plural, SEVERITY_ORDER, type Triage } from "../triage.js";
import { code, table, text } from "../../core/markdown.js";

const SHOWN = 10;

function some<T>(items: T[], show: (item: T) => string, more: string): string {
  const head = items.slice(0, SHOWN).map(show).join(", ");
  return items.length > SHOWN ? `${head} and ${items.length - SHOWN} more (see ${more})` : head;
}

const key = (k: KeyAudit) => `${code(k.accessKeyId)} (${text(k.userName)}, ${text(k.accountName)})`;
const repo = (r: RepoFacts) => text(r.fullName);

function todo(audit: Audit, t: Triage): string[] {
  const out: string[] = [];
  const { migrate, delete: del, investigate } = t.keys;
  if (t.reposToChange.length > 0) {
    out.push(`- **Change ${plural(t.reposToChange.length, "repository", "repositories")}** whose workflows still hand static keys to jobs: ${some(t.reposToChange, repo, "Repositories")}.`);
  }
  if (migrate.length > 0) {
    out.push(`- **Migrate ${plural(migrate.length, "key")}** held by those repositories to GitHub OIDC, then retire ${migrate.length === 1 ? "it" : "them"}: ${some(migrate, key, "Access keys")}.`);
  }
  if (del.length > 0) {
    out.push(
      `- **Delete ${plural(del.length, "key")}** that no repository holds and nothing used in ${DEFAULT_ANALYSIS_CONFIG.unusedDays}+ days (or inactive) — nothing to migrate: ${some(del, key, "Access keys")}.`,
    );
  }
  if (investigate.length > 0) {
    out.push(`- **Investigate ${plural(investigate.length, "key")}** still in use that no repository is known to hold: ${some(investigate, key, "Unlinked keys")}.`);
  }
  if (t.archivedWithKeys.length > 0) {
    const n = t.archivedWithKeys.length;
    out.push(`- **${plural(n, "archived repository", "archived repositories")}** still ${n === 1 ? "references" : "reference"} static keys (read-only: retire ${n === 1 ? "its" : "their"} secrets): ${some(t.archivedWithKeys, repo, "Repositories")}.`);
  }
  const active = SEVERITY_ORDER.filter((s) => audit.summary.findingsBySeverity[s] > 0).map((s) => `${audit.summary.findingsBySeverity[s]} ${s}`);
  if (active.length > 0 || audit.summary.suppressedFindings > 0) {
    out.push(`- **Findings**: ${active.join(", ") || "none active"}${audit.summary.suppressedFindings ? ` (${audit.summary.suppressedFindings} suppressed, listed below)` : ""}.`);
  }
  if (audit.summary.skipped > 0) out.push(`- **${plural(audit.summary.skipped, "item")} could not be read**: see Coverage before trusting the numbers.`);
  return out.length > 0 ? out : ["- Nothing to do: no static AWS keys reach GitHub Actions and there are no findings."];
}

/** "Since the last scan": the drift findings' counts, on live scans that keep a state store. */
function since(audit: Audit): string[] {
  const d = audit.summary.sinceLastScan;
  if (!d) return [];
  if (!d.previousScanAt) return ["**Since the last scan**: this is the first audit recorded in the state store; the next one will say what changed.", ""];
  const parts = [
    plural(d.keysCreated, "access key") + " created",
    plural(d.usersGivenNewKeys, "user of a retired key", "users of retired keys") + " given a new key",
    plural(d.reposBackOnKeys, "migrated repository", "migrated repositories") + " back on static keys",
    plural(d.secretsReappeared, "credential secret") + " reappeared",
  ];
  return [`**Since the last scan** (${d.previousScanAt.slice(0, 16).replace("T", " ")} UTC): ${parts.join(", ")}.`, ""];
}

export function renderSummary(audit: Audit, t: Triage): string {
  const s = audit.summary;
  const out = ["## Summary", "", "**What to do**", "", ...todo(audit, t), "", ...since(audit), "**In numbers**", ""];
  out.push(
    table(
      ["what", "count"],
      [
        ["AWS accounts (reachable / all)", `${s.reachableAccounts} / ${s.accounts}`],
        ["IAM access keys (active / all)", `${s.activeAccessKeys} / ${s.accessKeys}`],
        ["root account keys", String(s.rootKeys)],
        ["keys linked to a repository", String(s.linkedKeys)],
        ["keys to migrate / delete / investigate", `${t.keys.migrate.length} / ${t.keys.delete.length} / ${t.keys.investigate.length}`],
        ["repositories scanned", String(s.reposScanned)],
        ["repositories with static keys / on OIDC", `${s.reposWithStaticKeys} / ${s.reposOnOidc}`],
        ["static-key usages in workflows", String(s.usages)],
        ["links: certain / high / medium / low", `${s.linksByConfidence.certain} / ${s.linksByConfidence.high} / ${s.linksByConfidence.medium} / ${s.linksByConfidence.low}`],
        ["findings: " + SEVERITY_ORDER.join(" / "), SEVERITY_ORDER.map((x) => s.findingsBySeverity[x]).join(" / ")],
        ["suppressed findings", String(s.suppressedFindings)],
        ["items not read", String(s.skipped)],
        ["API requests (AWS / GitHub)", `${s.requests.aws} / ${s.requests.github}`],
      ],
    ),
    "",
  );
  if (t.groups.length > 0) {
    out.push("**Top findings**", "");
    out.push(table(["severity", "rule", "what", "findings", "for example"], t.groups.slice(0, SHOWN).map((g) => [g.severity, code(g.ruleId), text(g.title), String(g.count), text(g.example)])), "");
  }
  return out.join("\n");
}
