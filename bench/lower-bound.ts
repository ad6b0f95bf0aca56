// The lower bound of a scan: the requests no scanner gathering the same evidence as keyless can
// avoid, computed from the sandbox world's shape (not from what keyless did), with GitHub's and
// AWS's largest page sizes. The reasoning is in docs/performance.md, "The lower bound".
import { looksAwsRelated } from "../src/discover/github/repo-details.js";
import type { RepoBase } from "../src/discover/github/repos.js";
import type { World } from "../src/sandbox/world.js";

export interface Bound {
  total: number;
  /** Each term of the formula, for the printout. */
  terms: Record<string, number>;
}

const pages = (items: number, perPage: number) => Math.max(1, Math.ceil(items / perPage));
const DAY = 86_400_000;

export function githubLowerBound(world: World, org: string): Bound {
  const o = world.github.orgs.find((x) => x.login === org)!;
  const repos = world.github.repos.filter((r) => r.owner === org);
  const since = Date.parse(world.now) - 90 * DAY;
  const terms: Record<string, number> = {
    // Every repo with its workflow and local-action files: GraphQL, 100 repos a query at most.
    "graphql repo pages": pages(repos.length, 100),
    "org secrets": pages(o.secrets.length, 100) + o.secrets.filter((s) => s.visibility === "selected").length,
    "org variables": pages(o.variables.length, 30),
    "org aws key alerts": pages(repos.filter((r) => r.secretScanningEnabled).flatMap((r) => r.secretScanningAlerts).filter((a) => a.secretType === "aws_access_key_id" || a.secretType === "aws_secret_access_key").length, 100),
    "actions ip ranges": 1,
    // Dependabot and Codespaces secrets: the organization's (and who sees a selected one), then per repo.
    "org dependabot+codespaces secrets": [o.dependabotSecrets ?? [], o.codespacesSecrets ?? []].reduce((n, list) => n + pages(list.length, 100) + list.filter((s) => s.visibility === "selected").length, 0),
    "repo dependabot+codespaces secrets": 0,
    // Secret names exist only over REST, one repository at a time.
    "repo secrets": 0,
    "aws-related: variables": 0,
    "aws-related: oidc subject": 0,
    "aws-related: runs (90 days)": 0,
    "aws-related: environment secrets+variables": 0,
  };
  for (const repo of repos) {
    terms["repo secrets"]! += pages(repo.secrets.length, 100);
    terms["repo dependabot+codespaces secrets"]! += pages((repo.dependabotSecrets ?? []).length, 100) + pages((repo.codespacesSecrets ?? []).length, 100);
    // The same test keyless applies, on the world's files: which repos need a closer look.
    const files = Object.entries(repo.files)
      .filter(([path]) => path.startsWith(".github/workflows/") || path.startsWith(".github/actions/"))
      .map(([path, text]) => ({ path, text }));
    if (!looksAwsRelated({ workflows: files } as unknown as RepoBase, repo.secrets.map((x) => ({ name: x.name, scope: "repo" as const })))) continue;
    terms["aws-related: variables"]! += pages(repo.variables.length, 30);
    terms["aws-related: oidc subject"]! += 1;
    const recent = repo.workflowRuns.filter((r) => Date.parse(r.createdAt) >= since).length;
    terms["aws-related: runs (90 days)"]! += pages(Math.min(300, recent), 100);
    for (const env of repo.environments) terms["aws-related: environment secrets+variables"]! += pages(env.secrets.length, 100) + pages(env.variables.length, 30);
  }
  return { total: sum(terms), terms };
}

export function awsLowerBound(world: World, managementAccountId: string): Bound {
  const { accounts, ous, roots } = world.aws;
  const parents = [...roots.map((r) => r.id), ...ous.map((o) => o.id)];
  const since = Date.parse(world.now) - 90 * DAY;
  const terms: Record<string, number> = {
    // Accounts with names and status, and the OU tree (accounts and OUs under each parent).
    organization: 1 + pages(accounts.length, 20) + 1 + parents.reduce((n, p) => n + pages(accounts.filter((a) => a.parentId === p).length, 20) + pages(ous.filter((o) => o.parentId === p).length, 20), 0),
    "assume role": 0,
    "credential report (generate + get)": 0,
    "authorization details": 0,
    "oidc providers": 0,
    "list access keys (users with keys)": 0,
    "cloudtrail lookups (keys used in 90 days)": 0,
  };
  const eventsByKeyRegion = new Map<string, number>();
  for (const e of world.aws.cloudtrail) {
    if (Date.parse(e.eventTime) < since) continue;
    const k = `${e.accessKeyId} ${e.awsRegion}`;
    eventsByKeyRegion.set(k, (eventsByKeyRegion.get(k) ?? 0) + 1);
  }
  for (const account of accounts) {
    if (account.status !== "ACTIVE") continue;
    if (account.id !== managementAccountId) terms["assume role"]! += 1;
    if (account.denyAuditRole) continue;
    const iam = world.aws.iam[account.id];
    if (!iam) continue;
    terms["credential report (generate + get)"]! += 2;
    terms["authorization details"]! += pages(iam.users.length + iam.groups.length + iam.roles.length + iam.policies.length, 1000);
    terms["oidc providers"]! += 1 + iam.oidcProviders.filter((p) => p.url === "token.actions.githubusercontent.com").length;
    const usersWithKeys = new Set(iam.accessKeys.map((k) => k.userName));
    terms["list access keys (users with keys)"]! += usersWithKeys.size;
    for (const key of iam.accessKeys) {
      if (!key.lastUsed || Date.parse(key.lastUsed.date) < since) continue;
      // The key's last-used Region, and us-east-1 where global services (IAM, STS) log.
      for (const region of new Set([key.lastUsed.region, "us-east-1"].filter((r) => r && r !== "N/A"))) {
        terms["cloudtrail lookups (keys used in 90 days)"]! += pages(Math.min(200, eventsByKeyRegion.get(`${key.accessKeyId} ${region}`) ?? 0), 50);
      }
    }
  }
  return { total: sum(terms), terms };
}

function sum(terms: Record<string, number>): number {
  return Object.values(terms).reduce((a, b) => a + b, 0);
}
