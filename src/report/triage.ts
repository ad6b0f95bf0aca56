// What the audit asks people to do, derived once for every report: per key migrate, delete or
// investigate; per repo static keys, OIDC, both or neither; findings ranked and grouped by rule.
import type { Audit, KeyAudit, RepoFacts } from "../analyze/audit.js";
import { ruleById } from "../analyze/rules/index.js";
import { CONFIDENCE_ORDER, DEFAULT_ANALYSIS_CONFIG, STORE_LABEL, type Confidence, type Finding, type Severity, type Subject } from "../analyze/model.js";

export const SEVERITY_ORDER: Severity[] = ["critical", "high", "medium", "low", "info"];

/**
 * migrate: a repo holds it (move that repo to OIDC, then retire the key); delete: no repo holds it and
 * nothing used it lately (or it is inactive) — nothing to migrate; investigate: no repo is known to
 * hold it but something still uses it lately — find out what before deleting.
 */
export type KeyAction = "migrate" | "delete" | "investigate";

export type RepoState = "static-keys" | "oidc" | "mixed" | "none";

/** The audit does not carry the configured threshold yet; the default is what the rules use unless configured. */
const UNUSED_DAYS = DEFAULT_ANALYSIS_CONFIG.unusedDays;

/** Same test as KL104 (a key never used counts once it is as old as the threshold). */
export function keyAction(key: KeyAudit): KeyAction {
  if (key.repos.length > 0) return "migrate";
  if (key.status === "Inactive" || (key.idleDays ?? key.ageDays) >= UNUSED_DAYS) return "delete";
  return "investigate";
}

export function repoState(repo: RepoFacts): RepoState {
  if (repo.usageCount > 0) return repo.oidcJobCount > 0 ? "mixed" : "static-keys";
  return repo.oidcJobCount > 0 ? "oidc" : "none";
}

export const REPO_STATE_LABEL: Record<RepoState, string> = {
  "static-keys": "static keys",
  oidc: "on OIDC",
  mixed: "static keys and OIDC",
  none: "no AWS credentials",
};

export function ruleTitle(id: string): string {
  return ruleById(id)?.title ?? "";
}

export function strongest(confidences: Confidence[]): Confidence | undefined {
  return CONFIDENCE_ORDER.find((c) => confidences.includes(c));
}

export function bySeverity(a: Finding, b: Finding): number {
  return SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint);
}

export interface RuleGroup {
  ruleId: string;
  /** The rule's title from the catalogue ("" for an id the catalogue does not know). */
  title: string;
  severity: Severity;
  count: number;
  /** The first finding's message, as an example. */
  example: string;
}

/** Active (unsuppressed) findings grouped by rule, most severe and most frequent first. */
export function findingGroups(findings: Finding[]): RuleGroup[] {
  const groups = new Map<string, RuleGroup>();
  for (const f of [...findings].filter((f) => !f.suppressed).sort(bySeverity)) {
    const g = groups.get(f.ruleId);
    if (g) g.count++;
    else groups.set(f.ruleId, { ruleId: f.ruleId, title: ruleTitle(f.ruleId), severity: f.severity, count: 1, example: f.message });
  }
  return [...groups.values()].sort(
    (a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || b.count - a.count || a.ruleId.localeCompare(b.ruleId),
  );
}

/** What a finding is about, in words (no markup). */
export function subjectText(subject: Subject): string {
  switch (subject.type) {
    case "key":
      return `key ${subject.accessKeyId} in account ${subject.accountId}`;
    case "repo":
      return `repo ${subject.repo}`;
    case "secret":
      return `${subject.store ? `${STORE_LABEL[subject.store]} ` : ""}${subject.scope} secret ${subject.name}${subject.org ? ` of ${subject.org}` : ""}${subject.repo ? ` in ${subject.repo}` : ""}${subject.environment ? ` (environment ${subject.environment})` : ""}`;
    case "role":
      return `role ${subject.arn}`;
    case "account":
      return `account ${subject.accountId}`;
  }
}

export interface Triage {
  keys: Record<KeyAction, KeyAudit[]>;
  /** Repos whose workflows still hand static keys to jobs and can be changed (not archived). */
  reposToChange: RepoFacts[];
  /** Archived repos with static-key usages: read-only, so retire their secrets instead. */
  archivedWithKeys: RepoFacts[];
  repoStates: Record<RepoState, number>;
  groups: RuleGroup[];
}

export function triage(audit: Audit): Triage {
  const keys: Record<KeyAction, KeyAudit[]> = { migrate: [], delete: [], investigate: [] };
  for (const k of audit.keys) keys[keyAction(k)].push(k);
  const repoStates: Record<RepoState, number> = { "static-keys": 0, oidc: 0, mixed: 0, none: 0 };
  for (const r of audit.repos) repoStates[repoState(r)]++;
  return {
    keys,
    reposToChange: audit.repos.filter((r) => r.usageCount > 0 && !r.archived),
    archivedWithKeys: audit.repos.filter((r) => r.usageCount > 0 && r.archived),
    repoStates,
    groups: findingGroups(audit.findings),
  };
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
