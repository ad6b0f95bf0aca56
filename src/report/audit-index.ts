// Lookups every section needs (a repo's usages, links and findings; a key's links and findings),
// built once per Audit and remembered, so rendering stays linear in the size of the audit.
import type { Audit, KeyAudit } from "../analyze/audit.js";
import type { Finding, Link } from "../analyze/model.js";
import type { Usage } from "../analyze/workflows/types.js";
import { bySeverity } from "./triage.js";

export interface AuditIndex {
  keys: Map<string, KeyAudit>;
  usagesByRepo: Map<string, Usage[]>;
  linksByRepo: Map<string, Link[]>;
  linksByKey: Map<string, Link[]>;
  /** Findings about a repo, its secrets, or located in it: active first, then by severity. */
  findingsByRepo: Map<string, Finding[]>;
  /** Findings about a key, same order. */
  findingsByKey: Map<string, Finding[]>;
  /** Findings no repo or key of the audit shows: organization secrets, roles, accounts. */
  other: Finding[];
}

const cache = new WeakMap<Audit, AuditIndex>();

/** Active findings first, then by severity and rule. */
export function activeFirst(a: Finding, b: Finding): number {
  return Number(Boolean(a.suppressed)) - Number(Boolean(b.suppressed)) || bySeverity(a, b);
}

function push<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

function reposOf(f: Finding): string[] {
  const s = f.subject;
  const repos = [s.type === "repo" ? s.repo : s.type === "secret" ? s.repo : undefined, f.location?.repo];
  return [...new Set(repos.filter((r): r is string => r !== undefined))];
}

export function auditIndex(audit: Audit): AuditIndex {
  const hit = cache.get(audit);
  if (hit) return hit;
  const repoNames = new Set(audit.repos.map((r) => r.fullName));
  const index: AuditIndex = {
    keys: new Map(audit.keys.map((k) => [k.accessKeyId, k])),
    usagesByRepo: new Map(),
    linksByRepo: new Map(),
    linksByKey: new Map(),
    findingsByRepo: new Map(),
    findingsByKey: new Map(),
    other: [],
  };
  for (const u of audit.usages) push(index.usagesByRepo, u.repo, u);
  for (const l of audit.links) {
    push(index.linksByRepo, l.repo, l);
    push(index.linksByKey, l.accessKeyId, l);
  }
  for (const f of [...audit.findings].sort(activeFirst)) {
    let shown = false;
    if (f.subject.type === "key" && index.keys.has(f.subject.accessKeyId)) {
      push(index.findingsByKey, f.subject.accessKeyId, f);
      shown = true;
    }
    for (const repo of reposOf(f)) {
      push(index.findingsByRepo, repo, f);
      shown ||= repoNames.has(repo);
    }
    if (!shown) index.other.push(f);
  }
  cache.set(audit, index);
  return index;
}
