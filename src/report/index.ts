// Report: every file of reports/, as pure functions of the Audit. The CLI writes what this returns.
import type { Audit } from "../analyze/audit.js";
import { RULES } from "../analyze/rules/index.js";
import { VERSION } from "../version.js";
import { renderAuditHtml } from "./audit-html.js";
import { renderAuditJson } from "./audit-json.js";
import { renderAuditMarkdown } from "./audit-md.js";
import { renderFindingsCsv } from "./csv/findings.js";
import { renderKeysCsv } from "./csv/keys.js";
import { findingsForRepo, renderSarif, type SarifInput } from "./sarif/index.js";

export { renderAuditHtml } from "./audit-html.js";
export { AUDIT_SCHEMA_VERSION, auditToWire, renderAuditJson, type AuditWire } from "./audit-json.js";
export { renderAuditMarkdown, renderKeyMarkdown, renderRepoMarkdown } from "./audit-md.js";
export { renderFindingsCsv } from "./csv/findings.js";
export { renderKeysCsv } from "./csv/keys.js";
export { keyAction, repoState, triage, type KeyAction, type RepoState, type Triage } from "./triage.js";

export interface SarifOptions extends Pick<SarifInput, "informationUri" | "docsBaseUri" | "checkouts"> {
  /**
   * Code scanning takes one SARIF upload per repository: with `repo`, only that repository's findings
   * (key and secret findings placed on the workflow line that uses them). Without it, every located
   * finding of the audit, each result naming its repository in `properties.repository`.
   */
  repo?: string;
}

export interface ReportOptions {
  /** SARIF settings; `false` leaves audit.sarif out. */
  sarif?: SarifOptions | false;
}

export interface ReportFile {
  /** File name inside the reports folder. */
  name: string;
  text: string;
}

export function renderReports(audit: Audit, options: ReportOptions = {}): ReportFile[] {
  const files: ReportFile[] = [
    { name: "audit.json", text: renderAuditJson(audit) },
    { name: "audit.md", text: renderAuditMarkdown(audit) },
    { name: "audit.html", text: renderAuditHtml(audit) },
    { name: "audit.csv", text: renderKeysCsv(audit) },
    { name: "findings.csv", text: renderFindingsCsv(audit) },
  ];
  if (options.sarif !== false) {
    const { repo, ...uris } = options.sarif ?? {};
    const findings = repo ? findingsForRepo(audit.findings, repo, audit).located : audit.findings;
    files.push({ name: "audit.sarif", text: renderSarif({ findings, rules: RULES, toolVersion: VERSION, ...uris }) });
  }
  return files;
}
