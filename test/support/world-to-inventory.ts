// Test helper: the Inventory that discover would read from a sandbox World, without the servers.
// It keeps discover's limits — unreachable accounts give nothing, CloudTrail only for keys used in
// the last 90 days, in their last-used region and us-east-1; alerts carry the key id, not a place.
import { INVENTORY_SCHEMA_VERSION, type Inventory, type Repo, type Secret } from "../../src/inventory/schema.js";
import type { GithubRepo, World } from "../../src/sandbox/world.js";

const DAY = 86_400_000;
const WORKFLOW_FILE = /^\.github\/workflows\/[^/]+\.ya?ml$/i;
const ACTION_FILE = /^\.github\/actions\/[^/]+\/action\.ya?ml$/i;

export function worldToInventory(world: World): Inventory {
  const now = Date.parse(world.now);
  const reachable = world.aws.accounts.filter((a) => a.status === "ACTIVE" && !a.denyAuditRole);
  const accessKeys: NonNullable<Inventory["aws"]>["accessKeys"] = [];
  const users: NonNullable<Inventory["aws"]>["users"] = [];
  for (const account of reachable) {
    const iam = world.aws.iam[account.id];
    if (!iam) continue;
    for (const k of iam.accessKeys) {
      accessKeys.push({
        accessKeyId: k.accessKeyId,
        accountId: account.id,
        userName: k.userName,
        isRoot: k.userName === "<root_account>",
        status: k.status,
        createDate: k.createDate,
        ...(k.lastUsed ? { lastUsed: { date: k.lastUsed.date, serviceName: k.lastUsed.serviceName, region: k.lastUsed.region } } : {}),
      });
    }
    for (const u of iam.users) users.push({ accountId: account.id, userName: u.userName, arn: u.arn, createDate: u.createDate, groups: u.groups, policies: [] });
  }
  const traced = new Map(
    accessKeys
      .filter((k) => !k.isRoot && k.lastUsed?.date && now - Date.parse(k.lastUsed.date) <= 90 * DAY)
      .map((k) => [k.accessKeyId, new Set([k.lastUsed?.region, "us-east-1"])]),
  );
  const cloudTrail = world.aws.cloudtrail
    .filter((e) => traced.get(e.accessKeyId)?.has(e.awsRegion) && now - Date.parse(e.eventTime) <= 90 * DAY)
    .map((e) => ({
      eventId: e.eventId, eventTime: e.eventTime, eventName: e.eventName, eventSource: e.eventSource, accountId: e.accountId,
      awsRegion: e.awsRegion, accessKeyId: e.accessKeyId, sourceIPAddress: e.sourceIPAddress, userAgent: e.userAgent,
    }));
  const org = world.github.orgs[0];
  return {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    generatedAt: world.now,
    tool: { name: "keyless", version: "test" },
    aws: {
      organizationId: world.aws.organization.id,
      managementAccountId: world.aws.organization.managementAccountId,
      accounts: world.aws.accounts.map((a) => ({ id: a.id, name: a.name, email: a.email, status: a.status, ouPath: [], reachable: reachable.includes(a), isManagement: a.id === world.aws.organization.managementAccountId })),
      users,
      accessKeys,
      oidcProviders: [],
      githubTrustingRoles: [],
      roles: reachable.flatMap((a) => (world.aws.iam[a.id]?.roles ?? []).map((r) => ({ accountId: a.id, roleName: r.roleName, arn: r.arn }))),
      auditRoleName: world.aws.auditRoleName,
      cloudTrail,
    },
    github: {
      org: org?.login ?? "",
      apiUrl: "http://127.0.0.1",
      repos: world.github.repos.map((r) => toRepo(r, now)),
      orgSecrets: (org?.secrets ?? []).map((s) => ({ name: s.name, scope: "organization", createdAt: s.createdAt, updatedAt: s.updatedAt, visibility: s.visibility, ...(s.selectedRepos ? { selectedRepos: s.selectedRepos } : {}) })),
      orgVariables: (org?.variables ?? []).map((v) => ({ name: v.name, value: v.value, scope: "organization" })),
      orgStoreSecrets: (["dependabot", "codespaces"] as const).flatMap((store) =>
        ((store === "dependabot" ? org?.dependabotSecrets : org?.codespacesSecrets) ?? []).map((s) => ({
          name: s.name, store, createdAt: s.createdAt, updatedAt: s.updatedAt, visibility: s.visibility, ...(s.selectedRepos ? { selectedRepos: s.selectedRepos } : {}),
        })),
      ),
      actionsIpRanges: [...world.github.actionsIpRanges],
    },
    skipped: [],
    requests: [],
  };
}

// discover reads environments, variables and runs only for repos that look AWS-related (without --deep),
// and runs of the last 90 days, at most 300.
const AWS_HINT = /aws|AKIA|ASIA|configure-aws-credentials/i;
const MAX_RUNS = 300;

function toRepo(r: GithubRepo, now: number): Repo {
  const workflows = Object.entries(r.files)
    .filter(([path]) => WORKFLOW_FILE.test(path) || ACTION_FILE.test(path))
    .map(([path, text]) => ({ path, text, size: Buffer.byteLength(text) }));
  const deep = workflows.some((w) => AWS_HINT.test(w.text)) || r.secrets.some((s) => AWS_HINT.test(s.name));
  const since = new Date(now - 90 * DAY).toISOString().slice(0, 10);
  const secret = (scope: Secret["scope"], environment?: string) => (s: { name: string; createdAt: string; updatedAt: string }): Secret => ({
    name: s.name, scope, ...(environment ? { environment } : {}), createdAt: s.createdAt, updatedAt: s.updatedAt,
  });
  return {
    fullName: r.fullName, id: r.id, owner: r.owner, ownerId: r.ownerId, name: r.name, defaultBranch: r.defaultBranch, archived: r.archived, fork: r.fork,
    visibility: r.visibility, createdAt: r.createdAt, pushedAt: r.pushedAt,
    workflows,
    secrets: [...r.secrets.map(secret("repo")), ...(deep ? r.environments.flatMap((e) => e.secrets.map(secret("environment", e.name))) : [])],
    variables: !deep ? [] : [
      ...r.environments.flatMap((e) => e.variables.map((v) => ({ name: v.name, value: v.value, scope: "environment" as const, environment: e.name }))),
      ...r.variables.map((v) => ({ name: v.name, value: v.value, scope: "repo" as const })),
    ],
    environments: r.environments.map((e) => e.name),
    oidcSubject: r.oidcSubject,
    secretScanningAlerts: r.secretScanningEnabled
      ? r.secretScanningAlerts
          .filter((a) => a.secretType === "aws_access_key_id" || a.secretType === "aws_secret_access_key")
          .map((a) => ({ number: a.number, state: a.state, secretType: a.secretType, createdAt: a.createdAt, ...(/^(AKIA|ASIA)[A-Z2-7]{16}$/.test(a.secret) ? { accessKeyId: a.secret } : {}), path: a.path, line: a.line }))
      : [],
    workflowRuns: (deep ? r.workflowRuns : [])
      .filter((w) => w.createdAt.slice(0, 10) >= since)
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
      .slice(0, MAX_RUNS)
      .map((w) => ({ id: w.id, workflowPath: w.workflowPath, event: w.event, headBranch: w.headBranch, conclusion: w.conclusion, createdAt: w.createdAt, updatedAt: w.updatedAt })),
    storeSecrets: [
      ...(r.dependabotSecrets ?? []).map((s) => ({ name: s.name, store: "dependabot" as const, createdAt: s.createdAt, updatedAt: s.updatedAt })),
      ...(r.codespacesSecrets ?? []).map((s) => ({ name: s.name, store: "codespaces" as const, createdAt: s.createdAt, updatedAt: s.updatedAt })),
    ],
  };
}
