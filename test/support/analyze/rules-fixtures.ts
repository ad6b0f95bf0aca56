// Test fixtures for the rules: a small inventory built by overrides, workflow usages from real
// workflow text (through the analyzer), and links written directly.
import type { AccessKey, GithubTrustingRole, IamUser, Inventory, OrgSecret, Repo } from "../../../src/inventory/schema.js";
import { DEFAULT_ANALYSIS_CONFIG, type AnalysisConfig, type AnalysisContext, type Link } from "../../../src/analyze/model.js";
import { analyzeRepoWorkflows, type RepoWorkflowAnalysis } from "../../../src/analyze/workflows/index.js";

export const NOW = new Date("2026-11-20T12:00:00Z");
export const ACCOUNT = "111122223333";

export function daysAgo(days: number): string {
  return new Date(NOW.getTime() - days * 86_400_000).toISOString();
}

/** Joins fixture lines with "\n"; line N of the file is argument N. */
export function lines(...ls: string[]): string {
  return `${ls.join("\n")}\n`;
}

export function key(over: Partial<AccessKey> = {}): AccessKey {
  return {
    accessKeyId: "AKIAAAAAAAAAAAAAAAA1",
    accountId: ACCOUNT,
    userName: "deployer",
    isRoot: false,
    status: "Active",
    createDate: daysAgo(30),
    lastUsed: { date: daysAgo(1), serviceName: "s3", region: "us-east-1" },
    ...over,
  };
}

export function user(over: Partial<IamUser> = {}): IamUser {
  return { accountId: ACCOUNT, userName: "deployer", arn: `arn:aws:iam::${ACCOUNT}:user/deployer`, createDate: daysAgo(400), groups: [], policies: [], ...over };
}

export function repo(fullName: string, over: Partial<Repo> = {}): Repo {
  const [owner = "acme", name = fullName] = fullName.split("/");
  return {
    fullName,
    id: 1000,
    owner,
    ownerId: 500,
    name,
    defaultBranch: "main",
    archived: false,
    fork: false,
    visibility: "private",
    createdAt: "2024-01-10T00:00:00Z",
    workflows: [],
    secrets: [],
    variables: [],
    environments: [],
    secretScanningAlerts: [],
    workflowRuns: [],
    ...over,
  };
}

export function role(name: string, trust: unknown, accountId = ACCOUNT): GithubTrustingRole {
  return { accountId, roleName: name, arn: `arn:aws:iam::${accountId}:role/${name}`, trustPolicy: typeof trust === "string" ? trust : JSON.stringify(trust) };
}

export function link(over: Partial<Link> = {}): Link {
  return {
    accessKeyId: "AKIAAAAAAAAAAAAAAAA1",
    accountId: ACCOUNT,
    repo: "acme/app",
    secretNames: ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"],
    confidence: "certain",
    evidence: [{ kind: "mapping-file", confidence: "certain", summary: "The mapping file says so.", refs: {} }],
    ...over,
  };
}

export interface FixtureInput {
  keys?: AccessKey[];
  users?: IamUser[];
  roles?: GithubTrustingRole[];
  cloudTrail?: NonNullable<Inventory["aws"]>["cloudTrail"];
  repos?: Repo[];
  orgSecrets?: OrgSecret[];
  actionsIpRanges?: string[];
  links?: Link[];
  config?: Partial<AnalysisConfig>;
  /** What the state store remembered at scan time (the drift rules read it). */
  history?: Inventory["history"];
}

/** A context whose usages come from analysing each repo's workflow files. */
export function context(input: FixtureInput = {}): AnalysisContext {
  const repos = input.repos ?? [];
  const workflows = new Map<string, RepoWorkflowAnalysis>();
  for (const r of repos) {
    workflows.set(r.fullName, analyzeRepoWorkflows({ repo: r.fullName, files: r.workflows.filter((w) => w.text !== undefined).map((w) => ({ path: w.path, text: w.text ?? "" })) }));
  }
  const inventory: Inventory = {
    schemaVersion: 1,
    generatedAt: NOW.toISOString(),
    tool: { name: "keyless", version: "test" },
    aws: {
      accounts: [{ id: ACCOUNT, name: "prod", status: "ACTIVE", ouPath: ["Root"], reachable: true, isManagement: false }],
      users: input.users ?? [],
      accessKeys: input.keys ?? [],
      oidcProviders: [],
      githubTrustingRoles: input.roles ?? [],
      cloudTrail: input.cloudTrail ?? [],
    },
    github: { org: "acme", apiUrl: "https://api.github.com", repos, orgSecrets: input.orgSecrets ?? [], orgVariables: [], actionsIpRanges: input.actionsIpRanges ?? [] },
    skipped: [],
    requests: [],
    ...(input.history ? { history: input.history } : {}),
  };
  return {
    inventory,
    workflows,
    usages: [...workflows.values()].flatMap((w) => w.usages),
    links: input.links ?? [],
    config: { ...DEFAULT_ANALYSIS_CONFIG, ...input.config },
    now: NOW,
  };
}

/** A repo with one workflow file. */
export function repoWith(fullName: string, text: string, path = ".github/workflows/deploy.yml", over: Partial<Repo> = {}): Repo {
  return repo(fullName, { workflows: [{ path, text, size: text.length }], ...over });
}

export const DEPLOY = lines(
  "name: deploy", // 1
  "on:", // 2
  "  push:", // 3
  "    branches: [main]", // 4
  "jobs:", // 5
  "  deploy:", // 6
  "    runs-on: ubuntu-latest", // 7
  "    steps:", // 8
  "      - uses: actions/checkout@v4", // 9
  "      - name: Configure AWS", // 10
  "        uses: aws-actions/configure-aws-credentials@v4", // 11
  "        with:", // 12
  "          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}", // 13
  "          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}", // 14
  "          aws-region: us-east-1", // 15
  "      - run: aws s3 sync dist s3://bucket", // 16
);
