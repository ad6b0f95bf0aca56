// Code scanning alerts as GitHub derives them from analyses: each result of a processed upload is an
// alert (per tool, category, ref, rule and fingerprint). When a new analysis of the same tool and
// category arrives for the same ref, an open alert it no longer contains becomes `fixed`, and a fixed
// one that shows up again is reopened; a dismissed alert stays dismissed (GitHub's REST description:
// state open | dismissed | fixed). Simplified: GitHub keeps one alert with instances per ref; the fake
// keeps one alert per ref, which is what a test of one branch can tell apart.
import type { CodeScanningAlert, GithubRepo } from "../world.js";
import type { CheckedSarif } from "./sarif-check.js";

type Result = NonNullable<CheckedSarif["runs"][number]["results"]>[number];

/** GitHub matches results across analyses by their fingerprints; without any, by rule and place. */
function fingerprintOf(r: Result): string {
  const fp = r.partialFingerprints;
  if (fp && Object.keys(fp).length > 0) return Object.keys(fp).sort().map((k) => `${k}=${fp[k]}`).join("&");
  const at = r.locations?.[0]?.physicalLocation;
  return `${at?.artifactLocation?.uri ?? ""}:${at?.region?.startLine ?? 0}`;
}

export interface Analysis {
  toolName: string;
  category: string;
  ref: string;
  commitSha: string;
  sarifId: string;
  at: string;
}

/** Applies one processed analysis to the repository's alerts (kept on the world's repo). */
export function applyAnalysis(repo: GithubRepo, log: CheckedSarif, analysis: Analysis): void {
  const alerts = (repo.codeScanningAlerts ??= []);
  const same = (a: CodeScanningAlert) => a.toolName === analysis.toolName && a.category === analysis.category && a.ref === analysis.ref;
  const seen = new Set<string>();
  for (const run of log.runs) {
    for (const result of run.results ?? []) {
      const ruleId = result.ruleId ?? "";
      const fingerprint = fingerprintOf(result);
      const id = `${ruleId}\u0000${fingerprint}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const existing = alerts.find((a) => same(a) && a.ruleId === ruleId && a.fingerprint === fingerprint);
      if (!existing) {
        const number = alerts.reduce((n, a) => Math.max(n, a.number), 0) + 1;
        alerts.push({ number, ruleId, fingerprint, toolName: analysis.toolName, category: analysis.category, ref: analysis.ref, state: "open", createdAt: analysis.at, updatedAt: analysis.at, mostRecentSarifId: analysis.sarifId, commitSha: analysis.commitSha });
        continue;
      }
      if (existing.state === "fixed") {
        existing.state = "open";
        delete existing.fixedAt;
      }
      Object.assign(existing, { updatedAt: analysis.at, mostRecentSarifId: analysis.sarifId, commitSha: analysis.commitSha });
    }
  }
  for (const alert of alerts) {
    if (!same(alert) || alert.state !== "open" || seen.has(`${alert.ruleId}\u0000${alert.fingerprint}`)) continue;
    Object.assign(alert, { state: "fixed", fixedAt: analysis.at, updatedAt: analysis.at, mostRecentSarifId: analysis.sarifId, commitSha: analysis.commitSha });
  }
}
