// The overview: keys by age and state, repos affected, links by confidence, findings, and the
// migration's progress from the state store. Pure lines; bars are plain characters.
import { CONFIDENCE_ORDER } from "../../analyze/model.js";
import { line, memoBy, type Line } from "./lines.js";
import type { TuiData } from "./model.js";

export const AGE_BUCKETS: Array<{ label: string; max: number }> = [
  { label: "< 90 days", max: 90 },
  { label: "90 d – 1 y", max: 365 },
  { label: "1 – 2 years", max: 730 },
  { label: "> 2 years", max: Infinity },
];

export function bar(n: number, total: number, width: number): string {
  if (total <= 0 || width <= 0) return "";
  const filled = Math.round((n / total) * width);
  return "█".repeat(filled) + "░".repeat(width - filled);
}

function counts<T extends string>(values: T[]): Array<[T, number]> {
  const m = new Map<T, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

const join = (pairs: Array<[string, number]>) => pairs.map(([k, n]) => `${k} ${n}`).join(" · ") || "none";

export const overviewLines = memoBy((data: TuiData, _id: string): Line[] => {
  const s = data.audit.summary;
  const out: Line[] = [];
  out.push(line(`Access keys: ${s.accessKeys} (${s.activeAccessKeys} active${s.rootKeys ? `, ${s.rootKeys} ROOT` : ""}) in ${s.reachableAccounts}/${s.accounts} accounts read`, "heading"));
  out.push(line(`  ${"age".padEnd(14)}${"active".padStart(8)}${"inactive".padStart(10)}`, "dim"));
  let low = 0;
  for (const b of AGE_BUCKETS) {
    const keys = data.keys.filter((k) => k.ageDays >= low && k.ageDays < b.max);
    const active = keys.filter((k) => k.status === "Active").length;
    out.push(line(`  ${b.label.padEnd(14)}${String(active).padStart(8)}${String(keys.length - active).padStart(10)}  ${bar(active, Math.max(1, s.activeAccessKeys), 30)}`, b.max > 365 && active > 0 ? "warn" : undefined));
    low = b.max;
  }
  out.push(line(`  by state: ${join(counts(data.keys.map((k) => k.migration)))}`));
  out.push(line(""));
  out.push(line(`Repositories: ${s.reposWithStaticKeys} of ${s.reposScanned} use static keys (${s.usages} usages) · ${s.reposOnOidc} already on OIDC`, "heading"));
  out.push(line(`  by state: ${join(counts(data.repos.filter((r) => r.migration !== "clean").map((r) => r.migration)))}`));
  out.push(line(`Links by confidence: ${CONFIDENCE_ORDER.map((c) => `${c} ${s.linksByConfidence[c]}`).join(" · ")} · ${s.linkedKeys} keys linked`, "heading"));
  out.push(line(`Findings: ${join(Object.entries(s.findingsBySeverity).filter(([, n]) => n > 0))}${s.suppressedFindings ? ` (${s.suppressedFindings} suppressed)` : ""}`, "heading"));
  const d = s.sinceLastScan;
  if (d?.previousScanAt) {
    const drift = d.keysCreated + d.usersGivenNewKeys + d.reposBackOnKeys + d.secretsReappeared;
    out.push(
      line(
        `Since the last scan (${d.previousScanAt.slice(0, 10)}): ${d.keysCreated} keys created · ${d.usersGivenNewKeys} retired users given a key · ${d.reposBackOnKeys} repos back on keys · ${d.secretsReappeared} secrets back`,
        drift > 0 ? "warn" : "heading",
      ),
    );
  }
  out.push(line(""));
  const plan = data.plan.summary;
  const prs = data.records.prs;
  const open = prs.filter((p) => p.state === "open").length;
  const merged = prs.filter((p) => p.state === "merged").length;
  const retire = data.keys.filter((k) => ["to-retire", "waiting", "ready", "blocked", "deactivated", "deleted"].includes(k.migration)).length;
  const deactivated = data.keys.filter((k) => k.migration === "deactivated").length;
  const deleted = data.keys.filter((k) => k.migration === "deleted").length;
  out.push(line(`Migration: ${plan.reposReady} repos ready, ${plan.reposBlocked} blocked · ${plan.roles} roles planned`, "heading"));
  out.push(line(`  PRs       ${bar(open + merged, Math.max(1, plan.reposReady + merged), 30)} ${open} open, ${merged} merged`));
  out.push(line(`  keys      ${bar(deactivated + deleted, Math.max(1, retire), 30)} ${deactivated} deactivated, ${deleted} deleted of ${retire} to retire`));
  if (plan.blockers) out.push(line(`  ${plan.blockers} blocker(s): open a blocked repo for the reason`, "warn"));
  const scans = data.records.scans;
  out.push(line(scans.length ? `  ${scans.length} scan(s) recorded in the state since ${scans[0]?.slice(0, 10)}` : "  no scans recorded in the state yet", "dim"));
  const requests = `requests: ${s.requests.aws} AWS, ${s.requests.github} GitHub`;
  out.push(s.skipped ? line(`Coverage: ${s.skipped} reads skipped (see the scan log and audit.md) · ${requests}`, "warn") : line(`Coverage: everything read · ${requests}`, "dim"));
  return out;
});
