// The per-organization section of a scan of several GitHub organizations, in Markdown and HTML:
// each organization's counts, and the ones that could not be read with the reason.
import type { Audit } from "../analyze/audit.js";
import { text } from "../core/markdown.js";
import { html, type Html } from "./html/escape.js";

export function orgsMarkdown(audit: Audit): string[] {
  const orgs = audit.organizations;
  if (!orgs) return [];
  const out = ["## Organizations", "", "| Organization | Repositories | With static keys | On OIDC | Usages | Linked keys | Findings |", "|---|---|---|---|---|---|---|"];
  for (const o of orgs) {
    out.push(o.skipped ? `| ${text(o.login)} | skipped: ${text(o.skipped)} | | | | | |` : `| ${text(o.login)} | ${o.repos} | ${o.reposWithStaticKeys} | ${o.reposOnOidc} | ${o.usages} | ${o.linkedKeys} | ${o.findings} |`);
  }
  out.push("");
  return out;
}

export function orgsHtml(audit: Audit): Html {
  const orgs = audit.organizations;
  if (!orgs) return html``;
  const rows = orgs.map((o) =>
    o.skipped
      ? html`<tr><td>${o.login}</td><td colspan="6">skipped: ${o.skipped}</td></tr>`
      : html`<tr><td>${o.login}</td><td>${o.repos}</td><td>${o.reposWithStaticKeys}</td><td>${o.reposOnOidc}</td><td>${o.usages}</td><td>${o.linkedKeys}</td><td>${o.findings}</td></tr>`,
  );
  return html`<section id="orgs-section"><h2>Organizations</h2><table><thead><tr><th>Organization</th><th>Repositories</th><th>With static keys</th><th>On OIDC</th><th>Usages</th><th>Linked keys</th><th>Findings</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}
