// The audit: one pure function from the Inventory and its Analysis (and `now`) to the facts every
// report renders — summary, accounts, keys, repos, usages, links, findings, coverage.
import type { Account, Inventory, OrgSecret, Repo, RequestCount, ScannedFrom, Skip } from "../inventory/schema.js";
import type { Analysis } from "./index.js";
import { keyFacts, type KeyFacts } from "./key-facts.js";
import { orgSummaries, type OrgSummary } from "./org-summary.js";
import { CONFIDENCE_ORDER, type Confidence, type Finding, type Link, type Severity } from "./model.js";
import type { Usage } from "./workflows/index.js";

export interface RepoFacts {
  fullName: string;
  archived: boolean;
  fork: boolean;
  visibility: string;
  workflowCount: number;
  /** Static-key usages in its workflows (literal key ids included). */
  usageCount: number;
  /** Secret and variable names its workflows hand to AWS credentials. */
  credentialNames: string[];
  /** Jobs already assuming a role through OIDC. */
  oidcJobCount: number;
  linkedKeys: Array<{ accessKeyId: string; confidence: Confidence }>;
  findings: Partial<Record<Severity, number>>;
}

export interface KeyAudit extends KeyFacts {
  repos: Array<{ repo: string; confidence: Confidence }>;
  findings: string[]; // rule ids
}

export interface Audit {
  generatedAt: string;
  inventoryGeneratedAt: string;
  organization?: { id?: string; managementAccountId?: string; scannedFrom?: ScannedFrom };
  githubOrg?: string;
  /** Per-organization counts, when several GitHub organizations were scanned. */
  organizations?: OrgSummary[];
  summary: {
    accounts: number;
    reachableAccounts: number;
    accessKeys: number;
    activeAccessKeys: number;
    rootKeys: number;
    linkedKeys: number;
    reposScanned: number;
    reposWithStaticKeys: number;
    reposOnOidc: number;
    usages: number;
    linksByConfidence: Record<Confidence, number>;
    findingsBySeverity: Record<Severity, number>;
    suppressedFindings: number;
    skipped: number;
    requests: { aws: number; github: number };
    /** Present on a live scan with a state store: what changed since the previous audit recorded there. */
    sinceLastScan?: SinceLastScan;
  };
  accounts: Array<Account & { accessKeys: number }>;
  keys: KeyAudit[];
  repos: RepoFacts[];
  usages: Usage[];
  links: Link[];
  findings: Finding[];
  unlinkedSecrets: Analysis["unlinkedSecrets"];
  coverage: { skipped: Skip[]; requests: RequestCount[] };
}

const SEVERITIES: Severity[] = ["critical", "high", "medium", "low", "info"];

export interface SinceLastScan {
  /** The previous audit's time; absent when this is the first audit the state store records. */
  previousScanAt?: string;
  keysCreated: number;
  usersGivenNewKeys: number;
  reposBackOnKeys: number;
  secretsReappeared: number;
}

function sinceLastScan(inventory: Inventory, active: Finding[]): SinceLastScan | undefined {
  const history = inventory.history;
  if (!history) return undefined;
  const count = (rule: string) => active.filter((f) => f.ruleId === rule).length;
  const repos = new Set(active.filter((f) => f.ruleId === "KL132").map((f) => (f.subject.type === "repo" ? f.subject.repo : "")));
  return {
    ...(history.previous ? { previousScanAt: history.previous.at } : {}),
    keysCreated: count("KL130"),
    usersGivenNewKeys: count("KL131"),
    reposBackOnKeys: repos.size,
    secretsReappeared: count("KL133"),
  };
}

export function orgSecretsVisibleTo(repo: Pick<Repo, "fullName" | "visibility">, secrets: OrgSecret[]): OrgSecret[] {
  return secrets.filter((s) => inOrgOf(repo.fullName, s.org)).filter(
    (s) =>
      s.visibility === "all" ||
      (s.visibility === "private" && repo.visibility !== "public") ||
      (s.visibility === "selected" && (s.selectedRepos ?? []).includes(repo.fullName)),
  );
}

function optionalOrgs(organizations: OrgSummary[] | undefined): Pick<Audit, "organizations"> {
  return organizations ? { organizations } : {};
}

/** An organization-level secret or variable reaches only its own organization's repos (`org` is set when several were scanned). */
export function inOrgOf(repoFullName: string, org: string | undefined): boolean {
  return org === undefined || (repoFullName.split("/")[0] ?? "").toLowerCase() === org.toLowerCase();
}

function countBy<K extends string>(keys: readonly K[], values: K[]): Record<K, number> {
  const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const v of values) out[v]++;
  return out;
}

function repoFacts(repo: Repo, analysis: Analysis, linksByRepo: Map<string, Link[]>, findingsByRepo: Map<string, Finding[]>): RepoFacts {
  const result = analysis.workflows.get(repo.fullName);
  const usages = result?.usages ?? [];
  const findings = (findingsByRepo.get(repo.fullName) ?? []).filter((f) => !f.suppressed);
  const severities: Partial<Record<Severity, number>> = {};
  for (const f of findings) severities[f.severity] = (severities[f.severity] ?? 0) + 1;
  return {
    fullName: repo.fullName,
    archived: repo.archived,
    fork: repo.fork,
    visibility: repo.visibility,
    workflowCount: repo.workflows.length,
    usageCount: usages.length,
    credentialNames: [...new Set(usages.flatMap((u) => [...u.secretNames, ...u.variableNames.map((v) => `vars.${v}`)]))].sort(),
    oidcJobCount: result?.oidcJobs.length ?? 0,
    linkedKeys: (linksByRepo.get(repo.fullName) ?? []).map((l) => ({ accessKeyId: l.accessKeyId, confidence: l.confidence })),
    findings: severities,
  };
}

function group<T>(items: T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const list = map.get(k) ?? [];
    list.push(item);
    map.set(k, list);
  }
  return map;
}

export function buildAudit(inventory: Parameters<typeof keyFacts>[0], analysis: Analysis, now: Date): Audit {
  const linksByRepo = group(analysis.links, (l) => l.repo);
  const linksByKey = group(analysis.links, (l) => l.accessKeyId);
  const findingsByRepo = group(analysis.findings, (f) => (f.subject.type === "repo" ? f.subject.repo : f.location?.repo));
  const findingsByKey = group(analysis.findings, (f) => (f.subject.type === "key" ? f.subject.accessKeyId : undefined));
  const keys: KeyAudit[] = keyFacts(inventory, now).map((k) => ({
    ...k,
    repos: (linksByKey.get(k.accessKeyId) ?? []).map((l) => ({ repo: l.repo, confidence: l.confidence })),
    findings: [...new Set((findingsByKey.get(k.accessKeyId) ?? []).filter((f) => !f.suppressed).map((f) => f.ruleId))].sort(),
  }));
  const keysPerAccount = group(keys, (k) => k.accountId);
  const accounts = (inventory.aws?.accounts ?? []).map((a) => ({ ...a, accessKeys: keysPerAccount.get(a.id)?.length ?? 0 }));
  const repos = (inventory.github?.repos ?? [])
    .map((r) => repoFacts(r, analysis, linksByRepo, findingsByRepo))
    .sort((a, b) => a.fullName.localeCompare(b.fullName));
  const total = (side: "aws" | "github") => inventory.requests.filter((r) => r.side === side).reduce((n, r) => n + r.count, 0);
  const skipped = [...inventory.skipped, ...analysis.skipped];
  const active = analysis.findings.filter((f) => !f.suppressed);
  return {
    generatedAt: now.toISOString(),
    inventoryGeneratedAt: inventory.generatedAt,
    organization: inventory.aws
      ? { id: inventory.aws.organizationId, managementAccountId: inventory.aws.managementAccountId, ...(inventory.aws.scannedFrom ? { scannedFrom: inventory.aws.scannedFrom } : {}) }
      : undefined,
    githubOrg: inventory.github?.org,
    ...optionalOrgs(orgSummaries(inventory, repos)),
    summary: {
      accounts: accounts.length,
      reachableAccounts: accounts.filter((a) => a.reachable).length,
      accessKeys: keys.length,
      activeAccessKeys: keys.filter((k) => k.status === "Active").length,
      rootKeys: keys.filter((k) => k.isRoot).length,
      linkedKeys: keys.filter((k) => k.repos.length > 0).length,
      reposScanned: repos.length,
      reposWithStaticKeys: repos.filter((r) => r.usageCount > 0).length,
      reposOnOidc: repos.filter((r) => r.usageCount === 0 && r.oidcJobCount > 0).length,
      usages: analysis.usages.length,
      linksByConfidence: countBy(CONFIDENCE_ORDER, analysis.links.map((l) => l.confidence)),
      findingsBySeverity: countBy(SEVERITIES, active.map((f) => f.severity)),
      suppressedFindings: analysis.findings.length - active.length,
      skipped: skipped.length,
      requests: { aws: total("aws"), github: total("github") },
      ...(inventory.history ? { sinceLastScan: sinceLastScan(inventory, active) } : {}),
    },
    accounts,
    keys,
    repos,
    usages: analysis.usages,
    links: analysis.links,
    findings: analysis.findings,
    unlinkedSecrets: analysis.unlinkedSecrets,
    coverage: { skipped, requests: inventory.requests },
  };
}
