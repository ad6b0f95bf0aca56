// The audit: one pure function from the Inventory (and `now`) to the facts every report renders.
import type { Account, Inventory, OrgSecret, Repo, RequestCount, Secret, Skip } from "../inventory/schema.js";
import { keyFacts, type KeyFacts } from "./key-facts.js";

export interface RepoFacts {
  fullName: string;
  archived: boolean;
  fork: boolean;
  visibility: string;
  /** Repo, environment and visible organization secrets whose names suggest AWS credentials. */
  awsSecrets: Array<Pick<Secret, "name" | "scope" | "environment" | "updatedAt">>;
  /** Workflow files that mention AWS credentials. */
  awsWorkflows: string[];
  workflowCount: number;
}

export interface Audit {
  generatedAt: string;
  inventoryGeneratedAt: string;
  organization?: { id?: string; managementAccountId?: string };
  githubOrg?: string;
  summary: {
    accounts: number;
    reachableAccounts: number;
    accessKeys: number;
    activeAccessKeys: number;
    rootKeys: number;
    reposScanned: number;
    reposWithAwsSecrets: number;
    reposWithAwsWorkflows: number;
    skipped: number;
    requests: { aws: number; github: number };
  };
  accounts: Array<Account & { accessKeys: number }>;
  keys: KeyFacts[];
  repos: RepoFacts[];
  skipped: Skip[];
  requests: RequestCount[];
}

const AWS_SECRET_NAME = /AWS|ACCESS_KEY|SECRET_KEY|AKIA/i;
const AWS_CREDENTIAL_TEXT = /aws-access-key-id|AWS_ACCESS_KEY_ID|aws-secret-access-key|AWS_SECRET_ACCESS_KEY|AKIA[A-Z2-7]{16}/;

export function orgSecretsVisibleTo(repo: Pick<Repo, "fullName" | "visibility">, secrets: OrgSecret[]): OrgSecret[] {
  return secrets.filter(
    (s) =>
      s.visibility === "all" ||
      (s.visibility === "private" && repo.visibility !== "public") ||
      (s.visibility === "selected" && (s.selectedRepos ?? []).includes(repo.fullName)),
  );
}

function repoFacts(repo: Repo, orgSecrets: OrgSecret[]): RepoFacts {
  const visible = [...repo.secrets, ...orgSecretsVisibleTo(repo, orgSecrets)];
  return {
    fullName: repo.fullName,
    archived: repo.archived,
    fork: repo.fork,
    visibility: repo.visibility,
    awsSecrets: visible
      .filter((s) => AWS_SECRET_NAME.test(s.name))
      .map((s) => ({ name: s.name, scope: s.scope, environment: s.environment, updatedAt: s.updatedAt })),
    awsWorkflows: repo.workflows.filter((w) => w.text && AWS_CREDENTIAL_TEXT.test(w.text)).map((w) => w.path),
    workflowCount: repo.workflows.length,
  };
}

export function buildAudit(inventory: Inventory, now: Date): Audit {
  const keys = keyFacts(inventory, now);
  const keysPerAccount = new Map<string, number>();
  for (const k of keys) keysPerAccount.set(k.accountId, (keysPerAccount.get(k.accountId) ?? 0) + 1);
  const accounts = (inventory.aws?.accounts ?? []).map((a) => ({ ...a, accessKeys: keysPerAccount.get(a.id) ?? 0 }));
  const orgSecrets = inventory.github?.orgSecrets ?? [];
  const repos = (inventory.github?.repos ?? []).map((r) => repoFacts(r, orgSecrets)).sort((a, b) => a.fullName.localeCompare(b.fullName));
  const total = (side: "aws" | "github") => inventory.requests.filter((r) => r.side === side).reduce((n, r) => n + r.count, 0);
  return {
    generatedAt: now.toISOString(),
    inventoryGeneratedAt: inventory.generatedAt,
    organization: inventory.aws ? { id: inventory.aws.organizationId, managementAccountId: inventory.aws.managementAccountId } : undefined,
    githubOrg: inventory.github?.org,
    summary: {
      accounts: accounts.length,
      reachableAccounts: accounts.filter((a) => a.reachable).length,
      accessKeys: keys.length,
      activeAccessKeys: keys.filter((k) => k.status === "Active").length,
      rootKeys: keys.filter((k) => k.isRoot).length,
      reposScanned: repos.length,
      reposWithAwsSecrets: repos.filter((r) => r.awsSecrets.length > 0).length,
      reposWithAwsWorkflows: repos.filter((r) => r.awsWorkflows.length > 0).length,
      skipped: inventory.skipped.length,
      requests: { aws: total("aws"), github: total("github") },
    },
    accounts,
    keys,
    repos,
    skipped: inventory.skipped,
    requests: inventory.requests,
  };
}
