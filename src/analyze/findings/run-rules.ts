// Runs the rule catalogue over an analysis context: collects findings, keeps fingerprints unique,
// applies the config allowlist, and sorts (severity, rule, subject, location) so output is deterministic.
import type { AnalysisContext, AllowlistEntry, Finding } from "../model.js";
import type { KeylessRule } from "../rules/types.js";
import { severityRank } from "../rules/types.js";
import { groupBy } from "../rules/helpers.js";
import { fnv1a64, subjectKey } from "./fingerprint.js";
import { applyAllowlist, keyIdsIndex, unusedAllowlistEntries } from "./suppress.js";

function locationKey(f: Finding): string {
  const l = f.location;
  return l ? `${l.repo.toLowerCase()}\u0000${l.path}\u0000${String(l.line).padStart(8, "0")}\u0000${String(l.column).padStart(6, "0")}` : "";
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    a.ruleId.localeCompare(b.ruleId) ||
    subjectKey(a.subject).localeCompare(subjectKey(b.subject)) ||
    locationKey(a).localeCompare(locationKey(b)) ||
    a.fingerprint.localeCompare(b.fingerprint)
  );
}

/**
 * Two findings of one rule about the same thing at the same anchor (two identical steps in one job)
 * would share a fingerprint; the later ones, in file order, get an occurrence number mixed in.
 */
function uniqueFingerprints(findings: Finding[]): void {
  for (const group of groupBy(findings, (f) => f.fingerprint).values()) {
    if (group.length < 2) continue;
    group.sort((a, b) => locationKey(a).localeCompare(locationKey(b)) || a.message.localeCompare(b.message));
    group.forEach((f, i) => {
      if (i > 0) f.fingerprint = fnv1a64(`${f.fingerprint}#${i + 1}`);
    });
  }
}

export interface RuleRun {
  findings: Finding[];
  /** Allowlist entries that matched no finding. */
  unusedAllowlist: AllowlistEntry[];
}

/** Runs `rules` (the catalogue is `RULES` in rules/index.ts, whose `runRules` calls this). */
export function runRuleSet(context: AnalysisContext, rules: readonly KeylessRule[]): RuleRun {
  const findings = rules.flatMap((rule) => rule.check(context));
  uniqueFingerprints(findings);
  const keyIds = keyIdsIndex(context.usages, context.links);
  applyAllowlist(findings, context.config.allowlist, keyIds);
  return { findings: findings.sort(compareFindings), unusedAllowlist: unusedAllowlistEntries(findings, context.config.allowlist, keyIds) };
}
