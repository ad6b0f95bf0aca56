// The config allowlist (keyless.config.yaml `allowlist:`): entries mark matching findings suppressed,
// with the entry's reason. Nothing is ever dropped: reports show suppressed findings as such.
import type { AllowlistEntry, Finding, Link } from "../model.js";
import type { Usage } from "../workflows/index.js";
import { groupBy, linksForUsage } from "../rules/helpers.js";

/** `**` any path, `*` and `?` within one path segment. */
export function pathGlob(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? "";
    if (c === "*" && pattern[i + 1] === "*") {
      source += ".*";
      i++;
    } else if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else source += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

export function findingRepo(f: Finding): string | undefined {
  if (f.location) return f.location.repo;
  if (f.subject.type === "repo") return f.subject.repo;
  if (f.subject.type === "secret") return f.subject.repo;
  return undefined;
}

/** Key ids a finding is about: its subject's, or those linked to the usage it is located at. */
export function keyIdsIndex(usages: Usage[], links: Link[]): (f: Finding) => string[] {
  const at = groupBy(usages, (u) => `${u.repo.toLowerCase()}|${u.path}|${u.line}|${u.column}`);
  return (f) => {
    if (f.subject.type === "key") return [f.subject.accessKeyId];
    if (!f.location) return [];
    const here = at.get(`${f.location.repo.toLowerCase()}|${f.location.path}|${f.location.line}|${f.location.column}`) ?? [];
    return [...new Set(here.flatMap((u) => linksForUsage(u, links).map((l) => l.accessKeyId)))];
  };
}

export function allowlistMatches(entry: AllowlistEntry, f: Finding, keyIds: (f: Finding) => string[]): boolean {
  if (entry.rule !== "*" && entry.rule.toUpperCase() !== f.ruleId.toUpperCase()) return false;
  if (entry.accessKeyId !== undefined && !keyIds(f).includes(entry.accessKeyId)) return false;
  if (entry.repo !== undefined && findingRepo(f)?.toLowerCase() !== entry.repo.toLowerCase()) return false;
  if (entry.path !== undefined && !(f.location && pathGlob(entry.path).test(f.location.path))) return false;
  return true;
}

/** Marks findings the allowlist covers (inline suppressions, already set by the rules, take precedence). */
export function applyAllowlist(findings: Finding[], allowlist: AllowlistEntry[], keyIds: (f: Finding) => string[]): void {
  if (allowlist.length === 0) return;
  for (const f of findings) {
    if (f.suppressed) continue;
    const entry = allowlist.find((e) => allowlistMatches(e, f, keyIds));
    if (entry) f.suppressed = { by: "config", reason: entry.reason };
  }
}

/** Allowlist entries that matched nothing (stale: the finding was fixed, or the entry has a typo). */
export function unusedAllowlistEntries(findings: Finding[], allowlist: AllowlistEntry[], keyIds: (f: Finding) => string[]): AllowlistEntry[] {
  return allowlist.filter((e) => !findings.some((f) => allowlistMatches(e, f, keyIds)));
}
