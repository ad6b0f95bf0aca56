// audit.csv: one row per access key — where it lives, how old, when last used, which repos it is
// linked to and how sure, its findings, and what to do with it.
import type { Audit } from "../../analyze/audit.js";
import { keyAction, strongest } from "../triage.js";
import { toCsv } from "./write.js";

const COLUMNS = [
  "access_key_id", "account_id", "account_name", "user_name", "root", "status", "created", "age_days",
  "last_used", "idle_days", "last_used_service", "last_used_region", "linked_repos", "link_confidence", "finding_ids", "action",
];

export function renderKeysCsv(audit: Audit): string {
  return toCsv(
    COLUMNS,
    audit.keys.map((k) => [
      k.accessKeyId,
      k.accountId,
      k.accountName,
      k.userName,
      k.isRoot,
      k.status,
      k.createDate,
      k.ageDays,
      k.lastUsedDate ?? "never",
      k.idleDays,
      k.lastUsedService,
      k.lastUsedRegion,
      k.repos.map((r) => `${r.repo} (${r.confidence})`).join("; "),
      strongest(k.repos.map((r) => r.confidence)),
      k.findings.join("; "),
      keyAction(k),
    ]),
  );
}
