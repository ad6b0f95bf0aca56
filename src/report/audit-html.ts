// audit.html: one self-contained page — what to do, five inline SVG charts, and sortable, filterable
// tables. No request leaves the page: inline CSS, a hashed inline script, a CSP that forbids the rest.
import type { Audit } from "../analyze/audit.js";
import { CSP, SCRIPT, STYLE } from "./html/assets.js";
import { findingsChart, keyAgeChart, keysPerAccountChart, linksChart, migrationChart } from "./html/charts.js";
import { html, raw, type Html } from "./html/escape.js";
import { pill } from "./html/table.js";
import { coverageSection, findingsTable, keysTable, linksTable, reposTable, requestsSection, unlinkedSecretsTable, usagesTable } from "./html/sections.js";
import { plural, SEVERITY_ORDER, triage, type Triage } from "./triage.js";
import { orgsHtml } from "./org-sections.js";
import { scannedFromText } from "./scope.js";

function card(n: number | string, what: string, warn = false): Html {
  return html`<div class="card${warn ? " warn" : ""}"><div class="n">${n}</div><div class="what">${what}</div></div>`;
}

function summary(audit: Audit, t: Triage): Html {
  const s = audit.summary;
  const urgent = s.findingsBySeverity.critical + s.findingsBySeverity.high;
  const todo = [
    t.reposToChange.length > 0 && `Change ${plural(t.reposToChange.length, "repository", "repositories")} whose workflows still hand static keys to jobs.`,
    t.keys.migrate.length > 0 && `Migrate ${plural(t.keys.migrate.length, "key")} held by repositories to GitHub OIDC, then retire ${t.keys.migrate.length === 1 ? "it" : "them"}.`,
    t.keys.delete.length > 0 && `Delete ${plural(t.keys.delete.length, "key")} that no repository holds and nothing uses — nothing to migrate.`,
    t.keys.investigate.length > 0 && `Investigate ${plural(t.keys.investigate.length, "key")} still in use that no repository is known to hold.`,
    t.archivedWithKeys.length > 0 && `Retire the secrets of ${plural(t.archivedWithKeys.length, "archived repository", "archived repositories")} that still reference static keys.`,
    s.skipped > 0 && `${plural(s.skipped, "item")} could not be read: see Coverage before trusting the numbers.`,
  ].filter((x): x is string => typeof x === "string");
  const findings = SEVERITY_ORDER.filter((x) => s.findingsBySeverity[x] > 0).map((x) => `${s.findingsBySeverity[x]} ${x}`).join(", ") || "none";
  return html`<section id="summary"><h2>What to do</h2>
<div class="cards">${[
    card(t.reposToChange.length, "repositories to change", t.reposToChange.length > 0),
    card(t.keys.migrate.length, "keys to migrate"),
    card(t.keys.delete.length, "keys to just delete"),
    card(t.keys.investigate.length, "keys to investigate"),
    card(urgent, "critical and high findings", urgent > 0),
    card(`${s.reposOnOidc} / ${s.reposOnOidc + s.reposWithStaticKeys}`, "AWS-using repositories on OIDC"),
  ]}</div>
<ul class="todo">${(todo.length ? todo : ["Nothing to do: no static AWS keys reach GitHub Actions."]).map((x) => html`<li>${x}</li>`)}</ul>
${t.groups.length > 0 ? html`<h3>Top findings</h3><ul class="todo">${t.groups.slice(0, 8).map((g) => html`<li>${pill(`sev-${g.severity}`, g.severity)} <code>${g.ruleId}</code> ${g.title || g.example} — ${plural(g.count, "finding")}</li>`)}</ul>` : ""}
<p class="muted">${s.reachableAccounts} of ${s.accounts} AWS accounts read · ${s.activeAccessKeys} active of ${s.accessKeys} access keys (${s.rootKeys} root) · ${s.reposScanned} repositories scanned · ${s.usages} static-key usages · findings: ${findings}${s.suppressedFindings ? ` (${s.suppressedFindings} suppressed)` : ""}.</p></section>`;
}

function figure(title: string, chart: Html): Html {
  return html`<figure><figcaption>${title}</figcaption>${chart}</figure>`;
}

export function renderAuditHtml(audit: Audit): string {
  const t = triage(audit);
  const scope = [audit.githubOrg ? `GitHub ${audit.githubOrg}` : "", audit.organization?.id ? `AWS ${audit.organization.id}` : ""].filter(Boolean).join(", ");
  const scannedFrom = scannedFromText(audit.organization?.scannedFrom, audit.organization?.managementAccountId) ?? "";
  const section = (id: string, title: string, body: Html) => html`<section id="${id}"><h2>${title}</h2>${body}</section>`;
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>keyless audit${scope ? ` — ${scope}` : ""}</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<main>
<header><h1>keyless audit${scope ? ` — ${scope}` : ""}</h1>
<p class="muted">Generated ${audit.generatedAt} from a scan taken ${audit.inventoryGeneratedAt}.${scannedFrom ? ` ${scannedFrom}` : ""}</p>
<nav><a href="#summary">Summary</a><a href="#charts">Charts</a><a href="#repos-section">Repositories</a><a href="#keys-section">Access keys</a><a href="#findings-section">Findings</a><a href="#links-section">Links</a><a href="#usages-section">Usages</a><a href="#unlinked-section">Unlinked secrets</a><a href="#coverage">Coverage</a></nav></header>
${summary(audit, t)}
<section id="charts"><h2>Charts</h2><div class="charts">
${figure("Access keys by age", keyAgeChart(audit))}
${figure("Access keys per account, by what to do", keysPerAccountChart(audit, t))}
${figure("Migration progress (repositories using AWS credentials)", migrationChart(t))}
${figure("Links by confidence", linksChart(audit))}
${figure("Findings by severity (active)", findingsChart(audit))}
</div></section>${orgsHtml(audit)}
${section("repos-section", "Repositories", reposTable(audit))}
${section("keys-section", "Access keys", keysTable(audit))}
${section("findings-section", "Findings (suppressed ones included, marked)", findingsTable(audit))}
${section("links-section", "Links: which key is in which repository, and why we think so", linksTable(audit))}
${section("usages-section", "Static-key usages in workflows", usagesTable(audit))}
${section("unlinked-section", "AWS-looking secrets with no known key", unlinkedSecretsTable(audit))}
${section("coverage", "Coverage", coverageSection(audit))}
${section("requests-section", "API requests", requestsSection(audit))}
<footer>keyless · every number above is computed from the scan; see audit.json for the evidence references.</footer>
</main>
<script>${raw(SCRIPT)}</script>
</body>
</html>
`;
  return page.value;
}
