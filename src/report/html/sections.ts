// The tables of audit.html: repositories, access keys, findings, links with their evidence,
// usages, unlinked secrets, coverage and requests. Every outside value is escaped by `html`.
import type { Audit, KeyAudit, RepoFacts } from "../../analyze/audit.js";
import { CONFIDENCE_ORDER, STORE_LABEL, type Finding, type Link, type Subject } from "../../analyze/model.js";
import type { Usage } from "../../analyze/workflows/types.js";
import { keyAction, REPO_STATE_LABEL, repoState, ruleTitle, SEVERITY_ORDER, subjectText } from "../triage.js";
import { html, type Html } from "./escape.js";
import { dataTable, lines, pill } from "./table.js";

const day = (iso?: string) => (iso ? iso.slice(0, 10) : "");
const where = (l: { path: string; line: number; column: number }) => `${l.path}:${l.line}:${l.column}`;
const confidenceRank = (c: string) => CONFIDENCE_ORDER.indexOf(c as (typeof CONFIDENCE_ORDER)[number]);
const severityRank = (s: string) => SEVERITY_ORDER.indexOf(s as (typeof SEVERITY_ORDER)[number]);

function subject(s: Subject): Html | string {
  if (s.type === "key") return html`key <code>${s.accessKeyId}</code><br><span class="muted">account ${s.accountId}</span>`;
  if (s.type === "role") return html`role <code>${s.arn}</code>`;
  return subjectText(s);
}

export function reposTable(audit: Audit): Html {
  return dataTable<RepoFacts>("repos", "repositories", [
    { title: "Repository", cell: (r) => r.fullName },
    { title: "State", cell: (r) => pill(`state-${repoState(r)}`, REPO_STATE_LABEL[repoState(r)]), sort: (r) => repoState(r) },
    { title: "Static-key usages", cell: (r) => r.usageCount, numeric: true, right: true, sort: (r) => r.usageCount },
    { title: "OIDC jobs", cell: (r) => r.oidcJobCount, numeric: true, right: true, sort: (r) => r.oidcJobCount },
    { title: "Secrets used", cell: (r) => lines(r.credentialNames) },
    { title: "Linked keys", cell: (r) => lines(r.linkedKeys.map((k) => html`<code>${k.accessKeyId}</code> ${pill(`conf-${k.confidence}`, k.confidence)}`)) },
    {
      title: "Findings",
      cell: (r) => lines(SEVERITY_ORDER.filter((s) => r.findings[s]).map((s) => html`${pill(`sev-${s}`, s)} ${r.findings[s]}`)),
      sort: (r) => SEVERITY_ORDER.reduce((n, s, i) => n + (r.findings[s] ?? 0) * 10 ** (SEVERITY_ORDER.length - i), 0),
    },
    { title: "Notes", cell: (r) => [r.visibility, r.archived ? "archived" : "", r.fork ? "fork" : ""].filter(Boolean).join(", ") },
  ], audit.repos, "No repositories were scanned.");
}

export function keysTable(audit: Audit): Html {
  return dataTable<KeyAudit>("keys", "keys", [
    { title: "Access key", cell: (k) => html`<code>${k.accessKeyId}</code>${k.isRoot ? html` ${pill("sev-critical", "root")}` : ""}` },
    { title: "Account", cell: (k) => html`${k.accountName}<br><span class="muted">${k.accountId}</span>` },
    { title: "User", cell: (k) => k.userName },
    { title: "Status", cell: (k) => k.status },
    { title: "Age (days)", cell: (k) => k.ageDays, numeric: true, right: true, sort: (k) => k.ageDays },
    {
      title: "Last used",
      cell: (k) => (k.lastUsedDate ? html`${day(k.lastUsedDate)}<br><span class="muted">${k.idleDays} d ago${k.lastUsedService ? `, ${k.lastUsedService}` : ""}</span>` : "never"),
      sort: (k) => k.idleDays ?? 1e9,
      numeric: true,
    },
    { title: "Repositories", cell: (k) => lines(k.repos.map((r) => html`${r.repo} ${pill(`conf-${r.confidence}`, r.confidence)}`)), sort: (k) => k.repos.length },
    { title: "Findings", cell: (k) => k.findings.join(", ") },
    { title: "What to do", cell: (k) => pill(`act-${keyAction(k)}`, keyAction(k)), sort: (k) => keyAction(k) },
  ], audit.keys, "No IAM access keys were found.");
}

export function findingsTable(audit: Audit): Html {
  const rows = [...audit.findings].sort((a, b) => Number(Boolean(a.suppressed)) - Number(Boolean(b.suppressed)) || severityRank(a.severity) - severityRank(b.severity));
  return dataTable<Finding>("findings", "findings", [
    { title: "Severity", cell: (f) => pill(`sev-${f.severity}`, f.severity), sort: (f) => severityRank(f.severity), numeric: true, width: "6.5em" },
    { title: "Rule", cell: (f) => html`<code title="${ruleTitle(f.ruleId)}">${f.ruleId}</code>`, width: "4.5em" },
    { title: "Finding", cell: (f) => f.message, width: "22%" },
    { title: "About", cell: (f) => subject(f.subject), width: "12%" },
    { title: "Where", cell: (f) => (f.location ? html`${f.location.repo}<br><span class="muted">${where(f.location)}</span>` : ""), width: "14%" },
    { title: "Evidence", cell: (f) => html`<ul class="evidence">${f.evidence.map((e) => html`<li>${e}</li>`)}</ul>`, width: "auto" },
    {
      title: "Status",
      cell: (f) => (f.suppressed ? html`${pill("suppressed", `suppressed ${f.suppressed.by}`)}${f.suppressed.reason ? html`<br><span class="muted">${f.suppressed.reason}</span>` : ""}` : "active"),
      sort: (f) => (f.suppressed ? 1 : 0),
      width: "9em",
    },
  ], rows, "No findings.");
}

export function linksTable(audit: Audit): Html {
  return dataTable<Link>("links", "links", [
    { title: "Access key", cell: (l) => html`<code>${l.accessKeyId}</code><br><span class="muted">${l.accountId}</span>`, width: "13em" },
    { title: "Repository", cell: (l) => l.repo, width: "14%" },
    { title: "Confidence", cell: (l) => pill(`conf-${l.confidence}`, l.confidence), sort: (l) => confidenceRank(l.confidence), numeric: true, width: "7em" },
    { title: "Stored in", cell: (l) => html`${lines([...l.secretNames, ...(l.stores ?? []).map((s) => `${STORE_LABEL[s.store]} secret ${s.name}`)])}${l.environment ? html`<br><span class="muted">environment ${l.environment}</span>` : l.scope === "organization" ? html`<br><span class="muted">organization secret</span>` : ""}`, width: "16%" },
    { title: "Evidence", cell: (l) => html`<ul class="evidence">${l.evidence.map((e) => html`<li>${pill(`conf-${e.confidence}`, e.confidence)} <span class="muted">${e.kind}</span> ${e.summary}</li>`)}</ul>`, width: "auto" },
  ], audit.links, "No key could be linked to a repository.");
}

export function usagesTable(audit: Audit): Html {
  return dataTable<Usage>("usages", "usages", [
    { title: "Repository", cell: (u) => u.repo },
    { title: "Where", cell: (u) => where(u) },
    { title: "Job", cell: (u) => u.job },
    { title: "How", cell: (u) => u.kind },
    { title: "Secrets and variables", cell: (u) => lines([...u.secretNames, ...u.variableNames.map((v) => `vars.${v}`)]) },
    { title: "Environment", cell: (u) => u.environment?.name },
    { title: "Triggers", cell: (u) => html`${(u.triggers?.events ?? []).join(", ")}${u.triggers?.secretsReachableFromForks ? html` ${pill("sev-high", "reachable from forks")}` : ""}` },
    { title: "Ignored inline", cell: (u) => (u.suppressed ?? []).join(", ") },
  ], audit.usages, "No workflow hands static AWS keys to a job.");
}

export function unlinkedSecretsTable(audit: Audit): Html {
  return dataTable<Audit["unlinkedSecrets"][number]>("unlinked-secrets", "secrets", [
    { title: "Repository", cell: (s) => s.repo ?? "(organization)" },
    { title: "Secret", cell: (s) => s.name },
    { title: "Scope", cell: (s) => (s.store ? `${STORE_LABEL[s.store]} ${s.scope}` : s.scope) },
    { title: "Environment", cell: (s) => s.environment },
  ], audit.unlinkedSecrets);
}

export function coverageSection(audit: Audit): Html {
  const unreachable = audit.accounts.filter((a) => !a.reachable);
  if (unreachable.length === 0 && audit.coverage.skipped.length === 0) return html`<p class="empty">Everything was read.</p>`;
  return html`<p>What could not be read, and why. Keys and workflows behind these are missing from everything above.</p>
<h3>Unreachable AWS accounts</h3>
${dataTable<(typeof unreachable)[number]>("unreachable", "accounts", [
    { title: "Account", cell: (a) => a.id },
    { title: "Name", cell: (a) => a.name },
    { title: "Why", cell: (a) => a.unreachableReason },
  ], unreachable)}
<h3>Skipped</h3>
${dataTable<Audit["coverage"]["skipped"][number]>("skipped", "skipped items", [
    { title: "Side", cell: (s) => s.side },
    { title: "What", cell: (s) => s.target },
    { title: "Code", cell: (s) => s.code },
    { title: "Why", cell: (s) => s.reason },
  ], audit.coverage.skipped)}`;
}

export function requestsSection(audit: Audit): Html {
  const { aws, github } = audit.summary.requests;
  return html`<p>${aws} requests to AWS, ${github} to GitHub.</p>
${dataTable<Audit["coverage"]["requests"][number]>("requests", "endpoints", [
    { title: "Side", cell: (r) => r.side },
    { title: "Endpoint", cell: (r) => r.endpoint },
    { title: "Requests", cell: (r) => r.count, numeric: true, right: true, sort: (r) => r.count },
  ], [...audit.coverage.requests].sort((a, b) => b.count - a.count))}`;
}
