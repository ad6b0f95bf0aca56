// audit.md: the audit for humans — summary first, then accounts, keys, repositories, skips.
import type { Audit } from "../analyze/audit.js";
import { table } from "./markdown.js";

export function renderAuditMarkdown(audit: Audit): string {
  const s = audit.summary;
  const out: string[] = [];
  out.push(`# keyless audit${audit.githubOrg ? ` — ${audit.githubOrg}` : ""}`, "");
  out.push(`Generated ${audit.generatedAt} from a scan taken ${audit.inventoryGeneratedAt}.`, "");
  out.push("## Summary", "");
  out.push(
    table(
      ["what", "count"],
      [
        ["AWS accounts (reachable / all)", `${s.reachableAccounts} / ${s.accounts}`],
        ["IAM access keys (active / all)", `${s.activeAccessKeys} / ${s.accessKeys}`],
        ["root access keys", s.rootKeys],
        ["repositories scanned", s.reposScanned],
        ["repositories with AWS-looking secrets", s.reposWithAwsSecrets],
        ["repositories whose workflows mention AWS credentials", s.reposWithAwsWorkflows],
        ["items skipped", s.skipped],
        ["API requests (AWS / GitHub)", `${s.requests.aws} / ${s.requests.github}`],
      ],
    ),
    "",
  );

  if (audit.accounts.length > 0) {
    out.push("## AWS accounts", "");
    out.push(
      table(
        ["account", "name", "OU path", "status", "reachable", "access keys"],
        audit.accounts.map((a) => [a.id, a.name, a.ouPath.join(" / "), a.status, a.reachable ? "yes" : `no: ${a.unreachableReason ?? ""}`, a.accessKeys]),
      ),
      "",
    );
  }

  if (audit.keys.length > 0) {
    out.push("## Access keys", "");
    out.push(
      table(
        ["key", "account", "user", "status", "age (days)", "last used", "service", "region"],
        audit.keys.map((k) => [
          k.accessKeyId,
          `${k.accountName} (${k.accountId})`,
          k.userName,
          k.status,
          k.ageDays,
          k.lastUsedDate ? `${k.lastUsedDate.slice(0, 10)} (${k.idleDays} days ago)` : "never",
          k.lastUsedService,
          k.lastUsedRegion,
        ]),
      ),
      "",
    );
  }

  const interesting = audit.repos.filter((r) => r.awsSecrets.length > 0 || r.awsWorkflows.length > 0);
  if (audit.repos.length > 0) {
    out.push("## Repositories with AWS secrets or workflows", "");
    out.push(
      interesting.length === 0
        ? "None."
        : table(
            ["repository", "AWS-looking secrets", "workflows mentioning AWS credentials", "notes"],
            interesting.map((r) => [
              r.fullName,
              r.awsSecrets.map((x) => `${x.name} (${x.scope}${x.environment ? `: ${x.environment}` : ""})`).join(", "),
              r.awsWorkflows.join(", "),
              [r.archived ? "archived" : "", r.fork ? "fork" : ""].filter(Boolean).join(", "),
            ]),
          ),
      "",
    );
  }

  out.push("## Skipped", "");
  out.push(
    audit.skipped.length === 0
      ? "Nothing was skipped."
      : table(["side", "what", "code", "reason"], audit.skipped.map((x) => [x.side, x.target, x.code, x.reason])),
    "",
  );

  out.push("## API requests", "");
  out.push(table(["side", "endpoint", "requests"], audit.requests.map((r) => [r.side, r.endpoint, r.count])), "");
  return out.join("\n");
}
