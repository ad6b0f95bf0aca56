// Helpers for this folder's tests: small inventories written inline, and linkKeys run over them with
// the real workflow analyzer.
import { INVENTORY_SCHEMA_VERSION, type AccessKey, type CloudTrailEvent, type Inventory, type OrgSecret, type Repo, type Variable, type WorkflowRun } from "../../../src/inventory/schema.js";
import type { Link, MappingEntry } from "../../../src/analyze/model.js";
import { analyzeRepoWorkflows } from "../../../src/analyze/workflows/index.js";
import { linkKeys, type LinkResult } from "../../../src/analyze/links/index.js";

export const NOW = new Date("2026-11-20T12:00:00Z");
export const RANGES = ["4.148.0.0/16", "2a01:111:f100::/48"];
export const RUNNER_IP = "4.148.10.20";
export const OFFICE_IP = "203.0.113.7";

export function key(id: string, fields: Partial<AccessKey> = {}): AccessKey {
  return { accessKeyId: id, accountId: "111111111111", userName: "ci-user", isRoot: false, status: "Active", createDate: "2026-06-01T10:00:00Z", ...fields };
}

/** A key id of the right shape from a short tag: kid("A") → AKIA + "A" padded with "Q". */
export function kid(tag: string): string {
  return `AKIA${tag.toUpperCase().padEnd(16, "Q")}`;
}

/** A workflow that hands the two named secrets to configure-aws-credentials. */
export function cacWorkflow(idSecret = "AWS_ACCESS_KEY_ID", secretSecret = "AWS_SECRET_ACCESS_KEY", environment?: string): string {
  return [
    "name: deploy",
    "on: push",
    "jobs:",
    "  deploy:",
    "    runs-on: ubuntu-latest",
    ...(environment ? [`    environment: ${environment}`] : []),
    "    steps:",
    "      - uses: aws-actions/configure-aws-credentials@v4",
    "        with:",
    `          aws-access-key-id: \${{ secrets.${idSecret} }}`,
    `          aws-secret-access-key: \${{ secrets.${secretSecret} }}`,
    "          aws-region: us-east-1",
    "      - run: aws s3 sync dist s3://bucket",
    "",
  ].join("\n");
}

export function repo(name: string, fields: Partial<Repo> & { files?: Record<string, string> } = {}): Repo {
  const { files, ...rest } = fields;
  return {
    fullName: `acme/${name}`,
    id: name.length * 1000,
    owner: "acme",
    ownerId: 1,
    name,
    defaultBranch: "main",
    archived: false,
    fork: false,
    visibility: "private",
    createdAt: "2025-01-01T00:00:00Z",
    workflows: Object.entries(files ?? { ".github/workflows/deploy.yml": cacWorkflow() }).map(([path, text]) => ({ path, text, size: text.length })),
    secrets: [],
    variables: [],
    environments: [],
    secretScanningAlerts: [],
    workflowRuns: [],
    ...rest,
  };
}

export function secret(name: string, updatedAt: string, fields: { environment?: string } = {}): Repo["secrets"][number] {
  return { name, scope: fields.environment ? "environment" : "repo", ...fields, createdAt: updatedAt, updatedAt };
}

export function orgSecret(name: string, visibility: OrgSecret["visibility"], updatedAt: string, selectedRepos?: string[]): OrgSecret {
  return { name, scope: "organization", visibility, createdAt: updatedAt, updatedAt, ...(selectedRepos ? { selectedRepos } : {}) };
}

let runIds = 40_000_000_000;
/** A run of .github/workflows/deploy.yml from `start`, lasting `minutes`. */
export function run(start: string, minutes = 5, fields: Partial<WorkflowRun> = {}): WorkflowRun {
  const updatedAt = new Date(Date.parse(start) + minutes * 60_000).toISOString();
  return { id: runIds++, workflowPath: ".github/workflows/deploy.yml", event: "push", headBranch: "main", conclusion: "success", createdAt: start, updatedAt, ...fields };
}

let eventIds = 0;
export function event(keyId: string, at: string, fields: Partial<CloudTrailEvent> = {}): CloudTrailEvent {
  return {
    eventId: `evt-${++eventIds}`, eventTime: at, eventName: "GetCallerIdentity", eventSource: "sts.amazonaws.com", accountId: "111111111111",
    awsRegion: "us-east-1", accessKeyId: keyId, sourceIPAddress: RUNNER_IP, userAgent: "aws-cli/2.27.50 md/command#s3.sync", ...fields,
  };
}

export function inventory(parts: { keys: AccessKey[]; repos: Repo[]; events?: CloudTrailEvent[]; orgSecrets?: OrgSecret[]; orgVariables?: Variable[] }): Inventory {
  return {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    generatedAt: NOW.toISOString(),
    tool: { name: "keyless", version: "test" },
    aws: { accounts: [], users: [], accessKeys: parts.keys, oidcProviders: [], githubTrustingRoles: [], cloudTrail: parts.events ?? [] },
    github: { org: "acme", apiUrl: "http://127.0.0.1", repos: parts.repos, orgSecrets: parts.orgSecrets ?? [], orgVariables: parts.orgVariables ?? [], actionsIpRanges: RANGES },
    skipped: [],
    requests: [],
  };
}

/** linkKeys over an inventory, with every repo's workflows analysed first. */
export function link(inv: Inventory, mappings: MappingEntry[] = []): LinkResult {
  const workflows = new Map(
    (inv.github?.repos ?? []).map((r) => [
      r.fullName,
      analyzeRepoWorkflows({ repo: r.fullName, files: r.workflows.flatMap((w) => (w.text === undefined ? [] : [{ path: w.path, text: w.text }])) }),
    ]),
  );
  return linkKeys({ inventory: inv, workflows, mappings, now: NOW });
}

/** The link for a key and repo short name, if any. */
export function find(result: LinkResult, keyId: string, repoName: string): Link | undefined {
  return result.links.find((l) => l.accessKeyId === keyId && l.repo === `acme/${repoName}`);
}

/** "kind:confidence" of each piece of evidence, strongest first. */
export function kinds(l: Link | undefined): string[] {
  return (l?.evidence ?? []).map((e) => `${e.kind}:${e.confidence}`);
}
