// Shared by the rules: building findings (fingerprint, inline suppression), locating usages, and the
// links that tie a usage to access keys.
import type { AccessKey } from "../../inventory/schema.js";
import { fingerprintOf, usageAnchor } from "../findings/fingerprint.js";
import type { Finding, Link, Location, Severity, Subject } from "../model.js";
import type { Usage } from "../workflows/index.js";
import type { RuleMeta } from "./types.js";

export type RuleRef = Pick<RuleMeta, "id" | "severity">;

export interface FindingParts {
  message: string;
  evidence: string[];
  severity?: Severity;
  location?: Location;
}

export function makeFinding(rule: RuleRef, subject: Subject, anchor: string, parts: FindingParts): Finding {
  return {
    ruleId: rule.id,
    severity: parts.severity ?? rule.severity,
    message: parts.message,
    subject,
    ...(parts.location ? { location: parts.location } : {}),
    evidence: parts.evidence,
    fingerprint: fingerprintOf(rule.id, subject, anchor),
  };
}

export function usageLocation(usage: Usage): Location {
  return { repo: usage.repo, path: usage.path, line: usage.line, column: usage.column, endLine: usage.endLine, endColumn: usage.endColumn };
}

/** `# keyless: ignore[ID]` (or a bare `# keyless: ignore`) at the usage. */
export function inlineSuppressed(ruleId: string, usage: Usage): boolean {
  return (usage.suppressed ?? []).some((code) => code === "*" || code.toUpperCase() === ruleId.toUpperCase());
}

/**
 * A finding located at a usage; marked suppressed when the usage says so. Its subject is the repository
 * and its fingerprint anchored on the usage, unless a subject of its own is given (then the subject alone
 * identifies it, and the usage is only where it shows).
 */
export function usageFinding(rule: RuleRef, usage: Usage, parts: Omit<FindingParts, "location">, subject?: Subject): Finding {
  const finding = makeFinding(rule, subject ?? { type: "repo", repo: usage.repo }, subject ? "" : usageAnchor(usage), { ...parts, location: usageLocation(usage) });
  if (inlineSuppressed(rule.id, usage)) {
    finding.suppressed = { by: "inline", reason: `# keyless: ignore at ${usage.path}:${usage.line}` };
  }
  return finding;
}

export function keySubject(key: Pick<AccessKey, "accessKeyId" | "accountId">): Subject {
  return { type: "key", accessKeyId: key.accessKeyId, accountId: key.accountId };
}

export function sameRepo(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Secret and variable names a usage's credentials come from, upper-cased as GitHub compares them. */
export function usageNames(usage: Usage): Set<string> {
  return new Set([...usage.secretNames, ...usage.variableNames].map((n) => n.toUpperCase()));
}

// Links grouped by repository, computed once per links array (rules ask for every usage's links).
const linksByRepoCache = new WeakMap<Link[], Map<string, Link[]>>();

function linksOfRepo(links: Link[], repo: string): Link[] {
  let index = linksByRepoCache.get(links);
  if (!index) {
    index = groupBy(links, (l) => l.repo.toLowerCase());
    linksByRepoCache.set(links, index);
  }
  return index.get(repo.toLowerCase()) ?? [];
}

/** Links that place a key in the secrets (or literal key id) this usage reads. */
export function linksForUsage(usage: Usage, links: Link[]): Link[] {
  const names = usageNames(usage);
  const literal = usage.literal?.keyId ?? usage.accessKeyId?.refs.find((r) => r.source === "literal")?.keyId;
  return linksOfRepo(links, usage.repo).filter((l) => l.accessKeyId === literal || l.secretNames.some((n) => names.has(n.toUpperCase())));
}

/** Items grouped under each key `keyOf` gives (in input order). */
export function groupBy<T>(items: Iterable<T>, keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const id = keyOf(item);
    const list = out.get(id);
    if (list) list.push(item);
    else out.set(id, [item]);
  }
  return out;
}

/** Usages grouped by repository (lower-cased full name). */
export function usagesByRepo(usages: Usage[]): Map<string, Usage[]> {
  return groupBy(usages, (u) => u.repo.toLowerCase());
}

/** "key AKIA… in account 1111 (certain)" for each linked key, strongest first. */
export function linkedKeySentences(links: Link[]): string[] {
  return links.map((l) => `Linked to key ${l.accessKeyId} in account ${l.accountId} (${l.confidence}${l.evidence[0] ? `: ${l.evidence[0].summary}` : ""}).`);
}

/** "job `deploy`, step `Configure AWS`" — where in the file a usage sits, for messages. */
export function usagePlace(usage: Usage): string {
  const parts: string[] = [];
  if (usage.job) parts.push(`job \`${usage.job}\``);
  else if (usage.reachedJobs?.length) parts.push(`workflow-level env reaching ${usage.reachedJobs.length} job(s)`);
  if (usage.step) parts.push(`step \`${usage.step.name ?? usage.step.id ?? usage.step.uses ?? `#${usage.step.index + 1}`}\``);
  return parts.length > 0 ? parts.join(", ") : usage.fileKind === "action" ? "composite action" : "workflow";
}

export function quoteList(names: string[], max = 5): string {
  const shown = names.slice(0, max).map((n) => `\`${n}\``);
  return names.length > max ? `${shown.join(", ")} and ${names.length - max} more` : shown.join(", ");
}
