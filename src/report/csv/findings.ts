// findings.csv: one row per finding, suppressed ones included and marked, with where it is and
// the evidence behind it.
import type { Audit } from "../../analyze/audit.js";
import type { Subject } from "../../analyze/model.js";
import { bySeverity, subjectText } from "../triage.js";
import { toCsv } from "./write.js";

const COLUMNS = [
  "rule_id", "severity", "message", "subject_type", "subject", "account_id", "access_key_id", "repo", "path", "line", "column",
  "evidence", "suppressed", "suppressed_by", "suppression_reason", "fingerprint",
];

function accountOf(s: Subject): string | undefined {
  return s.type === "key" || s.type === "role" || s.type === "account" ? s.accountId : undefined;
}

export function renderFindingsCsv(audit: Audit): string {
  return toCsv(
    COLUMNS,
    [...audit.findings].sort(bySeverity).map((f) => [
      f.ruleId,
      f.severity,
      f.message,
      f.subject.type,
      subjectText(f.subject),
      accountOf(f.subject),
      f.subject.type === "key" ? f.subject.accessKeyId : undefined,
      f.location?.repo ?? (f.subject.type === "repo" || f.subject.type === "secret" ? f.subject.repo : undefined),
      f.location?.path,
      f.location?.line,
      f.location?.column,
      f.evidence.join("\n"),
      Boolean(f.suppressed),
      f.suppressed?.by,
      f.suppressed?.reason,
      f.fingerprint,
    ]),
  );
}
