// Builds the TUI's data from the audit, the plan, the generated files and the state store's records:
// indexes once, then one row per repo and per key. Pure; linear in the size of the organization.
import type { Audit } from "../../analyze/audit.js";
import type { Finding, Link } from "../../analyze/model.js";
import type { Usage } from "../../analyze/workflows/index.js";
import type { Generated } from "../../generate/index.js";
import type { Plan } from "../../plan/index.js";
import type { KeyEvent, Verification } from "../../state/store.js";
import type { Records, TuiData } from "./model.js";
import { keyRow, repoRow } from "./rows.js";

export function groupBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

function latestVerdicts(verifications: Verification[]): Map<string, Verification> {
  const out = new Map<string, Verification>();
  for (const v of verifications) {
    const seen = out.get(v.accessKeyId);
    if (!seen || seen.at <= v.at) out.set(v.accessKeyId, v);
  }
  return out;
}

export function buildTuiData(audit: Audit, plan: Plan, generated: Generated, records: Records): TuiData {
  const active = audit.findings.filter((f) => !f.suppressed);
  const index: TuiData["index"] = {
    usagesByRepo: groupBy<Usage>(audit.usages, (u) => u.repo),
    linksByRepo: groupBy<Link>(audit.links, (l) => l.repo),
    linksByKey: groupBy<Link>(audit.links, (l) => l.accessKeyId),
    findingsByRepo: groupBy<Finding>(active, (f) => (f.subject.type === "repo" ? f.subject.repo : f.location?.repo)),
    findingsByKey: groupBy<Finding>(active, (f) => (f.subject.type === "key" ? f.subject.accessKeyId : undefined)),
    repoPlans: new Map(plan.repos.map((r) => [r.repo, r])),
    keyPlans: new Map(plan.keys.map((k) => [k.accessKeyId, k])),
    steps: new Map(plan.steps.map((s) => [s.id, s])),
    prs: new Map(records.prs.map((p) => [p.repo, p])),
    verdicts: latestVerdicts(records.verifications),
    keyEvents: groupBy<KeyEvent>([...records.keyEvents].sort((a, b) => a.at.localeCompare(b.at)), (e) => e.accessKeyId),
  };
  const patched = new Set(generated.workflows.filter((w) => w.patches.length > 0).map((w) => w.repo));
  const repos = audit.repos.map((r) => repoRow(r, index, patched.has(r.fullName)));
  const keys = audit.keys.map((k) => keyRow(k, index));
  return { org: audit.githubOrg, generatedAt: audit.generatedAt, audit, plan, generated, records, repos, keys, index };
}
