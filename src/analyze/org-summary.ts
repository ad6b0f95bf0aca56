// Per-organization counts for a scan of several GitHub organizations: what each holds, and which
// could not be read. Pure, from the audit's repo facts and the scan's skips.
import type { Inventory } from "../inventory/schema.js";
import type { RepoFacts } from "./audit.js";

export interface OrgSummary {
  login: string;
  repos: number;
  reposWithStaticKeys: number;
  reposOnOidc: number;
  usages: number;
  linkedKeys: number;
  findings: number;
  /** Why the organization was not read (then every count is 0). */
  skipped?: string;
}

const ORG_SKIPS = new Set(["OrgNotFound", "GithubOrgForbidden"]);

/** Undefined for a scan of one organization (the audit's summary already is its summary). */
export function orgSummaries(inventory: Inventory, repos: RepoFacts[]): OrgSummary[] | undefined {
  const read = inventory.github?.orgs;
  if (!read || read.length < 2) return undefined;
  const out: OrgSummary[] = read.map((login) => {
    const mine = repos.filter((r) => (r.fullName.split("/")[0] ?? "").toLowerCase() === login.toLowerCase());
    return {
      login,
      repos: mine.length,
      reposWithStaticKeys: mine.filter((r) => r.usageCount > 0).length,
      reposOnOidc: mine.filter((r) => r.usageCount === 0 && r.oidcJobCount > 0).length,
      usages: mine.reduce((n, r) => n + r.usageCount, 0),
      linkedKeys: new Set(mine.flatMap((r) => r.linkedKeys.map((k) => k.accessKeyId))).size,
      findings: mine.reduce((n, r) => n + Object.values(r.findings).reduce((a, b) => a + (b ?? 0), 0), 0),
    };
  });
  for (const s of inventory.skipped) {
    if (s.side === "github" && ORG_SKIPS.has(s.code)) out.push({ login: s.target, repos: 0, reposWithStaticKeys: 0, reposOnOidc: 0, usages: 0, linkedKeys: 0, findings: 0, skipped: s.reason });
  }
  return out;
}
