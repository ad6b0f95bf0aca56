// Helpers for this folder's tests: the acme sandbox as an Inventory with the IAM facts discover
// reads (policies with documents, OIDC providers) and its Analysis; small inline inventories; and
// an IAM policy simulator (@cloud-copilot/iam-simulate's core engine) for trust policies.
import { DEFAULT_ANALYSIS_CONFIG, type AnalysisConfig } from "../../src/analyze/model.js";
import { analyze, type Analysis } from "../../src/analyze/index.js";
import { worldToInventory } from "./world-to-inventory.js";
import { INVENTORY_SCHEMA_VERSION, type IamUser, type Inventory, type Policy, type Repo } from "../../src/inventory/schema.js";
import { findAwsManagedPolicy } from "../../src/sandbox/aws/index.js";
import { buildScenario } from "../../src/sandbox/scenario/index.js";
import type { World } from "../../src/sandbox/world.js";
import { DEFAULT_PLAN_CONFIG, type PlanConfig } from "../../src/plan/config.js";
import { buildPlan } from "../../src/plan/index.js";
import type { Plan, PolicyDocument } from "../../src/plan/schema.js";

export const NOW = new Date("2026-11-20T12:00:00Z");

export function acmeInventory(world: World = buildScenario("acme")): Inventory {
  const inventory = worldToInventory(world);
  const aws = inventory.aws;
  if (!aws) return inventory;
  const reachable = new Set(aws.accounts.filter((a) => a.reachable).map((a) => a.id));
  aws.users = aws.users.map((u): IamUser => {
    const iam = world.aws.iam[u.accountId];
    const wu = iam?.users.find((x) => x.userName === u.userName);
    if (!iam || !wu) return u;
    const doc = (arn: string) => iam.policies.find((p) => p.arn === arn)?.document ?? findAwsManagedPolicy(arn)?.document;
    const policies: Policy[] = [
      ...wu.attachedPolicies.map((p): Policy => ({ name: p.name, arn: p.arn, source: "attached", ...optional("document", doc(p.arn)) })),
      ...wu.inlinePolicies.map((p): Policy => ({ name: p.name, source: "inline", document: p.document })),
    ];
    for (const g of wu.groups) {
      const group = iam.groups.find((x) => x.groupName === g);
      for (const p of group?.attachedPolicies ?? []) policies.push({ name: p.name, arn: p.arn, source: "group-attached", group: g, ...optional("document", doc(p.arn)) });
      for (const p of group?.inlinePolicies ?? []) policies.push({ name: p.name, source: "group-inline", group: g, document: p.document });
    }
    return { ...u, policies };
  });
  aws.oidcProviders = Object.entries(world.aws.iam).flatMap(([accountId, iam]) =>
    reachable.has(accountId) ? iam.oidcProviders.map((p) => ({ accountId, arn: p.arn, url: p.url, clientIds: p.clientIdList })) : [],
  );
  return inventory;
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

export interface Fixture {
  world?: World;
  inventory: Inventory;
  analysis: Analysis;
}

export function acmeFixture(analysisConfig: AnalysisConfig = DEFAULT_ANALYSIS_CONFIG): Fixture {
  const world = buildScenario("acme");
  const inventory = acmeInventory(world);
  return { world, inventory, analysis: analyze(inventory, analysisConfig, NOW) };
}

export function planOf(fixture: Fixture, config: Partial<PlanConfig> = {}): Plan {
  return buildPlan({ inventory: fixture.inventory, analysis: fixture.analysis, config: { ...DEFAULT_PLAN_CONFIG, ...config }, now: NOW });
}

export const TOOLING = "111111111111";
export const PROD = "222222222222";
export const STAGING = "333333333333";

/** A small inventory: a tooling account, prod and staging, the given repos and IAM users with keys. */
export function smallInventory(parts: {
  repos: Repo[];
  users?: Array<{ accountId: string; userName: string; keyId: string; policies?: Policy[]; lastUsed?: { date?: string; serviceName?: string; region?: string } }>;
}): Inventory {
  const users = parts.users ?? [];
  return {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    generatedAt: NOW.toISOString(),
    tool: { name: "keyless", version: "test" },
    aws: {
      accounts: [
        { id: TOOLING, name: "tooling", status: "ACTIVE", ouPath: [], reachable: true, isManagement: false },
        { id: PROD, name: "prod", status: "ACTIVE", ouPath: [], reachable: true, isManagement: false },
        { id: STAGING, name: "staging", status: "ACTIVE", ouPath: [], reachable: true, isManagement: false },
      ],
      users: users.map((u) => ({ accountId: u.accountId, userName: u.userName, arn: `arn:aws:iam::${u.accountId}:user/${u.userName}`, createDate: "2025-01-01T00:00:00Z", groups: [], policies: u.policies ?? [{ name: "AmazonS3FullAccess", arn: "arn:aws:iam::aws:policy/AmazonS3FullAccess", source: "attached" }] })),
      accessKeys: users.map((u) => ({ accessKeyId: u.keyId, accountId: u.accountId, userName: u.userName, isRoot: false, status: "Active", createDate: "2025-06-01T00:00:00Z", lastUsed: u.lastUsed ?? { date: "2026-11-19T10:00:00Z", serviceName: "s3", region: "eu-west-1" } })),
      oidcProviders: [],
      githubTrustingRoles: [],
      cloudTrail: [],
    },
    github: { org: "acme", apiUrl: "https://api.github.com", repos: parts.repos, orgSecrets: [], orgVariables: [], actionsIpRanges: [] },
    skipped: [],
    requests: [],
  };
}

export function smallRepo(name: string, files: Record<string, string>, fields: Partial<Repo> = {}): Repo {
  return {
    fullName: `acme/${name}`, id: 4242 + name.length, owner: "acme", ownerId: 99, name, defaultBranch: "main", archived: false, fork: false, visibility: "private",
    createdAt: "2025-01-01T00:00:00Z", workflows: Object.entries(files).map(([path, text]) => ({ path, text, size: text.length })),
    secrets: [], variables: [], environments: [], secretScanningAlerts: [], workflowRuns: [], ...fields,
  };
}

// ---------------------------------------------------------------- IAM simulator

const SIM = "../../node_modules/@cloud-copilot/";
type Authorize = (request: unknown) => { result: string };
let engine: { authorize: Authorize; AwsRequestImpl: new (...args: unknown[]) => unknown; RequestContextImpl: new (values: Record<string, string | string[]>) => unknown; loadPolicy: (p: unknown, meta: { name: string }) => unknown } | undefined;

/**
 * The simulator's `runSimulation` drops the `token.actions.githubusercontent.com:*` keys of
 * AssumeRoleWithWebIdentity requests, so its core `authorize` is called with the trust policy as
 * the resource policy. The package only exports its entry point, hence the file URLs.
 */
async function load(): Promise<NonNullable<typeof engine>> {
  if (engine) return engine;
  const url = (p: string) => new URL(`${SIM}${p}`, import.meta.url).href;
  const core = (await import(url("iam-simulate/dist/esm/core_engine/CoreSimulatorEngine.js"))) as { authorize: Authorize };
  const request = (await import(url("iam-simulate/dist/esm/request/request.js"))) as { AwsRequestImpl: new (...args: unknown[]) => unknown };
  const context = (await import(url("iam-simulate/dist/esm/requestContext.js"))) as { RequestContextImpl: new (values: Record<string, string | string[]>) => unknown };
  const policy = (await import(url("iam-policy/dist/esm/index.js"))) as { loadPolicy: (p: unknown, meta: { name: string }) => unknown };
  engine = { authorize: core.authorize, AwsRequestImpl: request.AwsRequestImpl, RequestContextImpl: context.RequestContextImpl, loadPolicy: policy.loadPolicy };
  return engine;
}

export interface SimRequest {
  /** The calling principal: the provider ARN (web identity) or a role ARN (chaining). */
  principal: string;
  action: string;
  roleArn: string;
  context: Record<string, string | string[]>;
  /** The caller's identity policy: a cross-account request needs both sides to allow. */
  identityPolicy?: PolicyDocument;
}

/** "Allowed", "ImplicitlyDenied" or "ExplicitlyDenied", as IAM would decide on the trust policy alone. */
export async function simulateTrust(trustPolicy: PolicyDocument, request: SimRequest): Promise<string> {
  const e = await load();
  const account = request.roleArn.split(":")[4] ?? "";
  const req = new e.AwsRequestImpl(request.principal, { resource: request.roleArn, accountId: account }, request.action, new e.RequestContextImpl(request.context));
  return e.authorize({
    request: req,
    sessionPolicy: undefined,
    identityPolicies: request.identityPolicy ? [e.loadPolicy(request.identityPolicy, { name: "identity" })] : [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: e.loadPolicy(trustPolicy, { name: "trust" }),
    permissionBoundaries: undefined,
    vpcEndpointPolicies: undefined,
    // Strict mode constrains no key; the engine still asks for each policy variable (`${aws:PrincipalOrgID}`).
    simulationParameters: { simulationMode: "Strict", discoveryContextKeyConstraints: { constraintFor: () => ({ presenceIsKnown: false, valueIsKnown: false, explicitlyConfigured: false }) } },
  }).result;
}

/** Plans a small inventory; `mappings` link keys to repos for certain. */
export function planSmall(inventory: Inventory, config: Partial<PlanConfig> = {}, mappings: AnalysisConfig["mappings"] = []): Plan {
  const analysis = analyze(inventory, { ...DEFAULT_ANALYSIS_CONFIG, mappings }, NOW);
  return buildPlan({ inventory, analysis, config: { ...DEFAULT_PLAN_CONFIG, ...config }, now: NOW });
}

/** A deploy workflow: `on` and job lines given, configure-aws-credentials with the two secrets. */
export function workflow(on: string[], job: string[] = [], secret = "AWS_ACCESS_KEY_ID"): string {
  return [
    "name: deploy",
    "on:",
    ...on.map((l) => `  ${l}`),
    "jobs:",
    "  deploy:",
    "    runs-on: ubuntu-latest",
    ...job.map((l) => `    ${l}`),
    "    steps:",
    "      - uses: aws-actions/configure-aws-credentials@v4",
    "        with:",
    `          aws-access-key-id: \${{ secrets.${secret} }}`,
    "          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}",
    "          aws-region: eu-west-1",
    "      - run: aws s3 sync dist s3://bucket",
    "",
  ].join("\n");
}

/**
 * "Allowed", "ImplicitlyDenied" or "ExplicitlyDenied": IAM's decision on an identity policy alone
 * (a role's permission policy), for an action on a resource in `accountId`.
 */
export async function simulateIdentity(policy: PolicyDocument, request: { principal: string; action: string; resource: string; accountId: string }): Promise<string> {
  const e = await load();
  const req = new e.AwsRequestImpl(request.principal, { resource: request.resource, accountId: request.accountId }, request.action, new e.RequestContextImpl({}));
  return e.authorize({
    request: req,
    sessionPolicy: undefined,
    identityPolicies: [e.loadPolicy(policy, { name: "identity" })],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: undefined,
    permissionBoundaries: undefined,
    vpcEndpointPolicies: undefined,
    simulationParameters: { simulationMode: "Strict", discoveryContextKeyConstraints: {} },
  }).result;
}

/** A resource ARN a statement's Resource pattern matches, in `accountId` (wildcards filled in). */
export function concreteResource(pattern: string, service: string, accountId: string): string {
  if (pattern === "*") return `arn:aws:${service}:us-east-1:${accountId}:keyless-simulated`;
  const parts = pattern.split(":");
  if (parts[3] === "*") parts[3] = "us-east-1";
  if (parts[4] === "*") parts[4] = accountId;
  return parts.join(":").replace(/\*/g, "sim").replace(/\?/g, "x");
}
