// Test fixture for the report tests: a small, realistic Audit built the way the CLI builds one —
// real workflow analysis of a few files, hand-written links and findings, then `buildAudit`.
// `names` lets a test swap every outside name for a hostile one.
import { buildAudit, type Audit } from "../../../src/analyze/audit.js";
import type { Analysis } from "../../../src/analyze/index.js";
import type { Finding, Link } from "../../../src/analyze/model.js";
import { analyzeRepoWorkflows, type RepoWorkflowAnalysis } from "../../../src/analyze/workflows/index.js";
import { INVENTORY_SCHEMA_VERSION, type Inventory, type Repo } from "../../../src/inventory/schema.js";

export const NOW = new Date("2026-11-20T12:00:00Z");

export interface FixtureNames {
  org: string;
  repo: string; // the repo with static keys (without org)
  path: string; // its workflow file name
  env: string;
  user: string;
  account: string;
}

export const PLAIN: FixtureNames = { org: "acme", repo: "api", path: "deploy.yml", env: "prod", user: "ci-deploy", account: "Production" };

/** Names a hostile insider could choose: Markdown, HTML, CSV formulas, mentions, newlines. */
export const HOSTILE: FixtureNames = {
  org: "acme",
  repo: "api|`x`<b>",
  path: "de|ploy`<script>alert(1)</script>.yml",
  env: "prod\n# Heading <img src=x onerror=alert(1)>",
  user: "=HYPERLINK(\"http://evil.example\")",
  account: "@admin <script>alert('a')</script> | **bold** &amp;",
};

const DEPLOY = (env: string) =>
  [
    "name: deploy",
    "on:",
    "  push:",
    "    branches: [main]",
    "  pull_request_target:",
    "jobs:",
    "  deploy:",
    "    runs-on: ubuntu-latest",
    `    environment: ${JSON.stringify(env)}`,
    "    steps:",
    "      - uses: actions/checkout@v4",
    "      - uses: aws-actions/configure-aws-credentials@v4",
    "        with:",
    "          aws-access-key-id: ${{ secrets.PROD_AWS_KEY }}",
    "          aws-secret-access-key: ${{ secrets.PROD_AWS_SECRET }}",
    "          aws-region: eu-west-1",
    "      - run: aws s3 sync dist s3://bucket",
    "  report:",
    "    runs-on: ubuntu-latest",
    "    env:",
    "      AWS_ACCESS_KEY_ID: ${{ secrets.REPORT_KEY_ID }} # keyless: ignore[KL101]",
    "      AWS_SECRET_ACCESS_KEY: ${{ secrets.REPORT_SECRET }}",
    "    steps:",
    "      - run: aws s3 cp report.html s3://reports/",
    "",
  ].join("\n");

const OIDC = [
  "on: push",
  "permissions:",
  "  id-token: write",
  "jobs:",
  "  deploy:",
  "    runs-on: ubuntu-latest",
  "    steps:",
  "      - uses: aws-actions/configure-aws-credentials@v4",
  "        with:",
  "          role-to-assume: arn:aws:iam::222222222222:role/web-deploy",
  "          aws-region: us-east-1",
  "",
].join("\n");

function repo(fullName: string, files: Record<string, string>, extra: Partial<Repo> = {}): Repo {
  const [owner = "", name = ""] = fullName.split("/");
  return {
    fullName, id: fullName.length, owner, ownerId: 1, name, defaultBranch: "main", archived: false, fork: false, visibility: "private",
    createdAt: "2023-01-01T00:00:00Z", workflows: Object.entries(files).map(([path, text]) => ({ path, text, size: text.length })),
    secrets: [], variables: [], environments: [], secretScanningAlerts: [], workflowRuns: [], ...extra,
  };
}

export function fixtureInventory(n: FixtureNames = PLAIN): Inventory {
  const api = `${n.org}/${n.repo}`;
  const key = (accessKeyId: string, accountId: string, userName: string, createDate: string, lastUsed?: string, status: "Active" | "Inactive" = "Active") => ({
    accessKeyId, accountId, userName, isRoot: userName === "<root_account>", status, createDate,
    ...(lastUsed ? { lastUsed: { date: lastUsed, serviceName: "s3", region: "eu-west-1" } } : {}),
  });
  return {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    generatedAt: "2026-11-20T11:00:00Z",
    tool: { name: "keyless", version: "test" },
    aws: {
      organizationId: "o-abc123",
      managementAccountId: "111111111111",
      accounts: [
        { id: "111111111111", name: "Management", status: "ACTIVE", ouPath: ["Root"], reachable: true, isManagement: true },
        { id: "222222222222", name: n.account, status: "ACTIVE", ouPath: ["Root", "Workloads"], reachable: true, isManagement: false },
        { id: "333333333333", name: "Sandbox", status: "ACTIVE", ouPath: ["Root"], reachable: false, unreachableReason: "AccessDenied: cannot assume OrganizationAccountAccessRole", isManagement: false },
      ],
      users: [],
      accessKeys: [
        key("AKIAPRODDEPLOY000001", "222222222222", n.user, "2025-06-01T00:00:00Z", "2026-11-19T08:00:00Z"),
        key("AKIAREPORTS000000002", "222222222222", "reports", "2026-10-01T00:00:00Z", "2026-11-18T08:00:00Z"),
        key("AKIAOLDUNUSED0000003", "222222222222", "legacy", "2022-03-01T00:00:00Z"),
        key("AKIAROOTKEY000000004", "111111111111", "<root_account>", "2021-01-01T00:00:00Z", "2026-11-15T00:00:00Z"),
        key("AKIAINACTIVE00000005", "111111111111", "old-ci", "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z", "Inactive"),
      ],
      oidcProviders: [], githubTrustingRoles: [], cloudTrail: [],
    },
    github: {
      org: n.org,
      apiUrl: "http://127.0.0.1",
      repos: [
        repo(api, { [`.github/workflows/${n.path}`]: DEPLOY(n.env) }, { environments: [n.env] }),
        repo(`${n.org}/web`, { ".github/workflows/deploy.yml": OIDC }),
        repo(`${n.org}/docs`, {}, { archived: true }),
      ],
      orgSecrets: [], orgVariables: [], actionsIpRanges: [],
    },
    skipped: [{ side: "aws", target: "333333333333", code: "AccessDenied", reason: "cannot assume OrganizationAccountAccessRole" }],
    requests: [
      { side: "aws", endpoint: "iam:ListAccessKeys", count: 4 },
      { side: "github", endpoint: "GET /orgs/{org}/repos", count: 1 },
    ],
  };
}

function fixtureLinks(n: FixtureNames): Link[] {
  const api = `${n.org}/${n.repo}`;
  return [
    {
      accessKeyId: "AKIAPRODDEPLOY000001", accountId: "222222222222", repo: api, secretNames: ["PROD_AWS_KEY", "PROD_AWS_SECRET"],
      scope: "environment", environment: n.env, confidence: "certain",
      evidence: [
        { kind: "cloudtrail-run-id", confidence: "certain", summary: `CloudTrail event e-1 at 2026-11-19T08:00:00Z names run 4242 of ${api} (.github/workflows/${n.path})`, refs: { eventId: "e-1", runId: 4242 } },
        { kind: "name-match", confidence: "low", summary: `IAM user ${n.user} matches secret PROD_AWS_KEY`, refs: { userName: n.user } },
      ],
    },
    {
      accessKeyId: "AKIAREPORTS000000002", accountId: "222222222222", repo: api, secretNames: ["REPORT_KEY_ID", "REPORT_SECRET"], scope: "repo", confidence: "medium",
      evidence: [{ kind: "secret-timing", confidence: "medium", summary: "secret REPORT_KEY_ID was updated 4 minutes after the key was created", refs: { secret: "REPORT_KEY_ID" } }],
    },
  ];
}

function fixtureFindings(n: FixtureNames, workflows: Map<string, RepoWorkflowAnalysis>): Finding[] {
  const api = `${n.org}/${n.repo}`;
  const usages = workflows.get(api)?.usages ?? [];
  const [deploy, report] = usages;
  const at = (u: typeof deploy) => (u ? { repo: u.repo, path: u.path, line: u.line, column: u.column, endLine: u.endLine, endColumn: u.endColumn } : undefined);
  return [
    { ruleId: "KL101", severity: "medium", message: `Job deploy of ${api} uses a static AWS key`, subject: { type: "repo", repo: api }, location: at(deploy), evidence: ["secrets PROD_AWS_KEY, PROD_AWS_SECRET reach configure-aws-credentials"], fingerprint: "fp-101-a" },
    { ruleId: "KL101", severity: "medium", message: `Job report of ${api} uses a static AWS key`, subject: { type: "repo", repo: api }, location: at(report), evidence: ["AWS_ACCESS_KEY_ID from secrets.REPORT_KEY_ID"], fingerprint: "fp-101-b", suppressed: { by: "inline", reason: "# keyless: ignore[KL101]" } },
    { ruleId: "KL108", severity: "high", message: `A pull_request_target workflow of ${api} can reach the key`, subject: { type: "repo", repo: api }, location: at(deploy), evidence: ["on: pull_request_target", `job deploy runs in environment ${n.env}`], fingerprint: "fp-108" },
    { ruleId: "KL103", severity: "medium", message: "Key AKIAPRODDEPLOY000001 is 537 days old", subject: { type: "key", accessKeyId: "AKIAPRODDEPLOY000001", accountId: "222222222222" }, evidence: ["created 2025-06-01"], fingerprint: "fp-103-a" },
    { ruleId: "KL104", severity: "medium", message: "Key AKIAOLDUNUSED0000003 was never used", subject: { type: "key", accessKeyId: "AKIAOLDUNUSED0000003", accountId: "222222222222" }, evidence: ["no last-used date"], fingerprint: "fp-104" },
    { ruleId: "KL107", severity: "critical", message: "Root account 111111111111 has an access key", subject: { type: "key", accessKeyId: "AKIAROOTKEY000000004", accountId: "111111111111" }, evidence: ["user <root_account>"], fingerprint: "fp-107" },
    { ruleId: "KL103", severity: "medium", message: "Key AKIAROOTKEY000000004 is 2149 days old", subject: { type: "key", accessKeyId: "AKIAROOTKEY000000004", accountId: "111111111111" }, evidence: ["created 2021-01-01"], fingerprint: "fp-103-b", suppressed: { by: "config", reason: "break-glass key, reviewed quarterly" } },
  ];
}

/** The fixture Audit; pass HOSTILE for names that try to break out of every format. */
export function fixtureAudit(names: FixtureNames = PLAIN): Audit {
  const inventory = fixtureInventory(names);
  const workflows = new Map<string, RepoWorkflowAnalysis>();
  for (const r of inventory.github?.repos ?? []) {
    workflows.set(r.fullName, analyzeRepoWorkflows({ repo: r.fullName, files: r.workflows.map((w) => ({ path: w.path, text: w.text ?? "" })) }));
  }
  const analysis: Analysis = {
    workflows,
    usages: [...workflows.values()].flatMap((w) => w.usages),
    oidcJobs: [...workflows.values()].flatMap((w) => w.oidcJobs),
    links: fixtureLinks(names),
    unlinkedKeys: ["AKIAROOTKEY000000004"],
    unlinkedSecrets: [{ repo: `${names.org}/${names.repo}`, name: "OLD_AWS_KEY", scope: "repo" }, { name: "ORG_AWS_ACCESS_KEY_ID", scope: "organization" }],
    findings: fixtureFindings(names, workflows),
    skipped: [{ side: "github", target: `${names.org}/web/.github/workflows/big.yml`, code: "TooLarge", reason: "5.2 MB, over the 1 MB limit" }],
  };
  return buildAudit(inventory, analysis, NOW);
}
