// The Markdown section for one access key: age, last use, what to do, the repos it is linked to
// (with every piece of evidence) and the findings about it.
import type { Audit, KeyAudit } from "../../analyze/audit.js";
import { auditIndex } from "../audit-index.js";
import { keyAction, plural, type KeyAction } from "../triage.js";
import { code, text } from "../../core/markdown.js";
import { day, findingList, lastUse, linkItem } from "./parts.js";

const ACTION: Record<KeyAction, string> = {
  migrate: "**migrate**: move the repositories below to GitHub OIDC, then deactivate and delete the key",
  delete: "**delete**: no repository is known to hold it and nothing used it lately; there is nothing to migrate",
  investigate: "**investigate**: no repository is known to hold it, yet it is still in use; find out by what before deleting",
};

export function renderKeyMarkdown(audit: Audit, key: KeyAudit, level = 3): string {
  const index = auditIndex(audit);
  const links = index.linksByKey.get(key.accessKeyId) ?? [];
  const findings = index.findingsByKey.get(key.accessKeyId) ?? [];
  const out = [
    `${"#".repeat(level)} ${code(key.accessKeyId)} — ${text(key.userName)} in ${text(key.accountName)} (${text(key.accountId)})`,
    "",
    `- ${key.status}${key.isRoot ? ", **root account key**" : ""} · created ${day(key.createDate)} (${plural(key.ageDays, "day")} ago) · ${lastUse(key)}`,
    `- What to do: ${ACTION[keyAction(key)]}.`,
  ];
  if (links.length > 0) {
    out.push("- Linked repositories:");
    for (const l of links) out.push(...linkItem(l, text(l.repo), "  "));
  }
  if (findings.length > 0) out.push("- Findings:", ...findingList(findings, "  "));
  out.push("");
  return out.join("\n");
}
