// Markdown pieces shared by the repo, key and summary sections: findings and links as lists, each
// with the evidence behind it, and short renderings of places, dates and keys.
import type { KeyAudit } from "../../analyze/audit.js";
import { STORE_LABEL, type Finding, type Link, type Location } from "../../analyze/model.js";
import { plural, subjectText } from "../triage.js";
import { code, list, text } from "../../core/markdown.js";

export function day(iso: string | undefined): string {
  return iso ? iso.slice(0, 10) : "—";
}

export function place(l: Pick<Location, "path" | "line" | "column">): string {
  return text(`${l.path}:${l.line}:${l.column}`);
}

export function keyLabel(key: KeyAudit | undefined, accessKeyId: string): string {
  if (!key) return code(accessKeyId);
  return `${code(key.accessKeyId)} (user ${text(key.userName)}, account ${text(key.accountName)} ${text(key.accountId)})`;
}

export function lastUse(k: KeyAudit): string {
  if (!k.lastUsedDate) return "never used";
  const where = [k.lastUsedService, k.lastUsedRegion].filter(Boolean);
  return `last used ${day(k.lastUsedDate)} (${plural(k.idleDays ?? 0, "day")} ago)${where.length ? ` in ${list(where)}` : ""}`;
}

function suppression(f: Finding): string {
  if (!f.suppressed) return "";
  const by = f.suppressed.by === "inline" ? "inline" : "by the config allowlist";
  return `*suppressed ${by}${f.suppressed.reason ? `: ${text(f.suppressed.reason)}` : ""}*`;
}

/** A finding as a list item (at `indent`), its evidence as sub-items; a suppressed one struck through and labelled. */
export function findingItem(f: Finding, indent = "", options: { subject?: boolean } = {}): string[] {
  const about = options.subject ? ` — ${text(subjectText(f.subject))}` : "";
  const where = f.location ? ` at ${place(f.location)}` : "";
  const body = `**${f.severity}** ${code(f.ruleId)}${about}${where}: ${text(f.message)}`;
  return [`${indent}- ${f.suppressed ? `~~${body}~~ ${suppression(f)}` : body}`, ...f.evidence.map((e) => `${indent}  - ${text(e)}`)];
}

export function findingList(findings: Finding[], indent = "", options: { subject?: boolean } = {}): string[] {
  return findings.flatMap((f) => findingItem(f, indent, options));
}

function storedIn(l: Link): string {
  const names = l.secretNames.length ? `${l.secretNames.length === 1 ? "secret" : "secrets"} ${list(l.secretNames)}` : "no known secret";
  const scope = l.scope === "environment" ? ` (environment ${text(l.environment)})` : l.scope === "organization" ? " (organization secret)" : "";
  const stores = (l.stores ?? []).map((s) => `${STORE_LABEL[s.store]} ${s.scope === "organization" ? "organization " : ""}secret ${list([s.name])}`);
  if (stores.length > 0 && l.secretNames.length === 0) return stores.join(", ");
  return `${names}${scope}${stores.length > 0 ? `; ${stores.join(", ")}` : ""}`;
}

/** One link as a list item naming `subject` (the key or the repo), with every evidence sentence. */
export function linkItem(l: Link, subject: string, indent = ""): string[] {
  return [
    `${indent}- ${subject}: **${l.confidence}**, ${storedIn(l)}`,
    ...l.evidence.map((e) => `${indent}  - ${e.confidence}, ${text(e.kind)}: ${text(e.summary)}`),
  ];
}
