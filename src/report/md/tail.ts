// The end of audit.md: what has no link, what was suppressed (shown, never dropped), what could not
// be read and why, and how many API requests the scan made.
import type { Audit } from "../../analyze/audit.js";
import { STORE_LABEL } from "../../analyze/model.js";
import { auditIndex } from "../audit-index.js";
import { bySeverity, keyAction, type Triage } from "../triage.js";
import { code, table, text } from "../../core/markdown.js";
import { day, findingList, lastUse } from "./parts.js";

/** Findings no repository or key section shows: organization secrets, IAM roles, accounts. */
export function renderOtherFindings(audit: Audit): string {
  const other = auditIndex(audit).other;
  if (other.length === 0) return "";
  return ["## Other findings", "", "About organization secrets, IAM roles and accounts rather than one repository or key.", "", ...findingList(other, "", { subject: true }), ""].join("\n");
}

export function renderUnlinked(audit: Audit, t: Triage): string {
  const unlinked = [...t.keys.investigate, ...t.keys.delete];
  const out = ["## Unlinked keys and secrets", ""];
  out.push("No evidence, no link: these keys are held by no repository keyless could find, and these secrets hold no key it could find.", "");
  out.push("**Keys**", "");
  out.push(
    unlinked.length === 0
      ? "None."
      : table(
          ["key", "account", "user", "status", "created", "last use", "what to do"],
          unlinked.map((k) => [code(k.accessKeyId), `${text(k.accountName)} (${text(k.accountId)})`, text(k.userName), k.status, day(k.createDate), lastUse(k), keyAction(k)]),
        ),
    "",
  );
  out.push("**Secrets**", "");
  out.push(
    audit.unlinkedSecrets.length === 0
      ? "None."
      : table(
          ["repository", "secret", "scope", "environment"],
          audit.unlinkedSecrets.map((s) => [text(s.repo ?? "(organization)"), text(s.name), text(s.store ? `${STORE_LABEL[s.store]} ${s.scope}` : s.scope), text(s.environment)]),
        ),
    "",
  );
  return out.join("\n");
}

export function renderSuppressed(audit: Audit): string {
  const suppressed = audit.findings.filter((f) => f.suppressed).sort(bySeverity);
  const out = ["## Suppressed findings", ""];
  if (suppressed.length === 0) return [...out, "None.", ""].join("\n");
  out.push("Suppressed by an inline `# keyless: ignore[…]` comment or the config allowlist; not counted in the summary.", "");
  out.push(...findingList(suppressed, "", { subject: true }), "");
  return out.join("\n");
}

export function renderCoverage(audit: Audit): string {
  const out = ["## Coverage", ""];
  const unreachable = audit.accounts.filter((a) => !a.reachable);
  const skipped = audit.coverage.skipped;
  if (unreachable.length === 0 && skipped.length === 0) return [...out, "Everything was read.", ""].join("\n");
  out.push("What could not be read, and why. Keys and workflows behind these are missing from everything above.", "");
  if (unreachable.length > 0) {
    out.push("**Unreachable AWS accounts**", "");
    out.push(table(["account", "name", "why"], unreachable.map((a) => [text(a.id), text(a.name), text(a.unreachableReason)])), "");
  }
  if (skipped.length > 0) {
    out.push("**Skipped**", "");
    out.push(table(["side", "what", "code", "why"], skipped.map((x) => [x.side, text(x.target), text(x.code), text(x.reason)])), "");
  }
  return out.join("\n");
}

export function renderRequests(audit: Audit): string {
  const { aws, github } = audit.summary.requests;
  const out = ["## API requests", "", `${aws} to AWS, ${github} to GitHub.`, ""];
  if (audit.coverage.requests.length > 0) {
    const rows = [...audit.coverage.requests].sort((a, b) => a.side.localeCompare(b.side) || b.count - a.count || a.endpoint.localeCompare(b.endpoint));
    out.push(table(["side", "endpoint", "requests"], rows.map((r) => [r.side, text(r.endpoint), String(r.count)])), "");
  }
  return out.join("\n");
}
