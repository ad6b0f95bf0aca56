// A small World for the GitHub fake's own tests (the scenario generator lives elsewhere): one org
// with public, private, internal, archived, forked and empty repos, secrets at every scope,
// environments, variables, runs and secret-scanning alerts. Tokens with different scopes.

import type { GithubRepo, World } from "../../../src/sandbox/world.js";

export const TOKENS = {
  admin: "ghp_sandboxAdmin000000000000000000000000",
  publicOnly: "ghp_sandboxPublic00000000000000000000000",
  noWorkflow: "ghp_sandboxNoWorkflow0000000000000000000",
  noOrgAdmin: "ghp_sandboxNoOrgAdmin0000000000000000000",
  /** A GitHub App installation token: the installation's rate limit, no classic scopes sent. */
  installation: "ghs_sandboxInstallation0000000000000000",
  /** A fine-grained token without the Dependabot and Codespaces secrets permissions. */
  noStores: "github_pat_sandboxNoStores00000000000000",
} as const;

const DEPLOY = `name: Deploy
on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: \${{ secrets.AWS_ACCESS_KEY_ID }}
          aws-secret-access-key: \${{ secrets.AWS_SECRET_ACCESS_KEY }}
          aws-region: us-east-1
`;

function repo(id: number, name: string, overrides: Partial<GithubRepo> = {}): GithubRepo {
  const created = `2025-0${(id % 9) + 1}-1${id % 10}T10:00:00Z`;
  return {
    id,
    nodeId: `R_kgDO${id}`,
    owner: "acme",
    ownerId: 9000,
    name,
    fullName: `acme/${name}`,
    private: false,
    visibility: "public",
    archived: false,
    fork: false,
    defaultBranch: "main",
    createdAt: created,
    updatedAt: created,
    pushedAt: created,
    description: null,
    files: { "README.md": `# ${name}\n`, ".github/workflows/deploy.yml": DEPLOY },
    secrets: [],
    variables: [],
    environments: [],
    oidcSubject: { useDefault: true },
    secretScanningAlerts: [],
    secretScanningEnabled: true,
    workflowRuns: [],
    ...overrides,
  };
}

export function testWorld(repoCount = 12): World {
  const repos: GithubRepo[] = [
    repo(101, "api", {
      files: {
        "README.md": "# api\n",
        ".github/workflows/deploy.yml": DEPLOY,
        ".github/workflows/ci.yaml": "name: 'CI'\non: pull_request\njobs: {}\n",
        "src/main.ts": "export const x = 1;\n",
      },
      secrets: [
        { name: "AWS_ACCESS_KEY_ID", createdAt: "2025-02-01T00:00:00Z", updatedAt: "2025-02-01T00:00:00Z" },
        { name: "AWS_SECRET_ACCESS_KEY", createdAt: "2025-02-01T00:00:00Z", updatedAt: "2025-02-01T00:00:00Z" },
      ],
      variables: [{ name: "AWS_REGION", value: "us-east-1", createdAt: "2025-02-01T00:00:00Z", updatedAt: "2025-02-01T00:00:00Z" }],
      environments: [
        {
          id: 501,
          nodeId: "EN_kwDO501",
          name: "production",
          createdAt: "2025-02-02T00:00:00Z",
          updatedAt: "2025-02-02T00:00:00Z",
          secrets: [{ name: "PROD_AWS_ACCESS_KEY_ID", createdAt: "2025-02-02T00:00:00Z", updatedAt: "2025-02-02T00:00:00Z" }],
          variables: [{ name: "ROLE", value: "deploy", createdAt: "2025-02-02T00:00:00Z", updatedAt: "2025-02-02T00:00:00Z" }],
        },
        { id: 502, nodeId: "EN_kwDO502", name: "staging", createdAt: "2025-02-02T00:00:00Z", updatedAt: "2025-02-02T00:00:00Z", secrets: [], variables: [] },
      ],
      oidcSubject: { useDefault: false, includeClaimKeys: ["repo", "context"] },
      dependabotSecrets: [{ name: "CODEARTIFACT_TOKEN", createdAt: "2025-02-03T00:00:00Z", updatedAt: "2025-02-04T00:00:00Z" }],
      codespacesSecrets: [{ name: "AWS_ACCESS_KEY_ID", createdAt: "2025-02-03T00:00:00Z", updatedAt: "2025-02-03T00:00:00Z" }],
      secretScanningAlerts: [
        {
          number: 1,
          createdAt: "2025-03-01T00:00:00Z",
          state: "open",
          secretType: "aws_access_key_id",
          secretTypeDisplayName: "Amazon AWS Access Key ID",
          secret: "AKIAIOSFODNN7EXAMPLE",
          path: "deploy.sh",
          line: 3,
        },
        {
          number: 2,
          createdAt: "2025-03-02T00:00:00Z",
          state: "resolved",
          secretType: "aws_access_key_id",
          secretTypeDisplayName: "Amazon AWS Access Key ID",
          secret: "AKIAI44QH8DHBEXAMPLE",
          path: "old.sh",
          line: 1,
        },
      ],
      workflowRuns: Array.from({ length: 7 }, (_, i) => ({
        id: 7000 + i,
        workflowPath: i === 6 ? ".github/workflows/removed.yml" : ".github/workflows/deploy.yml",
        name: "Deploy",
        event: i % 2 === 0 ? "push" : "schedule",
        headBranch: i < 5 ? "main" : "release",
        headSha: "a".repeat(39) + String(i),
        status: i === 0 ? ("in_progress" as const) : ("completed" as const),
        conclusion: i === 0 ? null : i === 3 ? ("failure" as const) : ("success" as const),
        createdAt: `2025-04-0${i + 1}T12:00:00Z`,
        updatedAt: `2025-04-0${i + 1}T12:05:00Z`,
        runStartedAt: `2025-04-0${i + 1}T12:00:10Z`,
        runNumber: i + 1,
        runAttempt: 1,
      })),
    }),
    repo(102, "billing", { private: true, visibility: "private" }),
    repo(103, "platform", { private: true, visibility: "internal", createdAt: "2026-08-01T00:00:00Z", secretScanningEnabled: false }),
    repo(104, "legacy", { archived: true }),
    repo(105, "forked-tool", { fork: true }),
    repo(106, "empty", { files: {} }),
  ];
  for (let i = repos.length; i < repoCount; i++) {
    repos.push(repo(200 + i, `service-${String(i).padStart(2, "0")}`));
  }
  return {
    now: "2026-09-01T00:00:00Z",
    seed: 7,
    aws: {
      organization: { id: "o-test", arn: "arn:aws:organizations::111111111111:organization/o-test", managementAccountId: "111111111111", managementAccountEmail: "a@example.com", featureSet: "ALL" },
      roots: [],
      ous: [],
      accounts: [],
      iam: {},
      cloudtrail: [],
      callers: {},
      auditRoleName: "OrganizationAccountAccessRole",
    },
    github: {
      tokens: [
        { token: TOKENS.admin, scopes: ["repo", "admin:org", "workflow"], login: "octo-admin" },
        { token: TOKENS.publicOnly, scopes: ["public_repo"], login: "octo-public" },
        { token: TOKENS.noWorkflow, scopes: ["repo", "admin:org"], login: "octo-noworkflow" },
        { token: TOKENS.noOrgAdmin, scopes: ["repo", "workflow"], login: "octo-member" },
        { token: TOKENS.installation, scopes: ["repo", "admin:org", "workflow"], login: "keyless-app[bot]", kind: "installation" },
        { token: TOKENS.noStores, scopes: ["repo", "admin:org", "workflow"], login: "octo-fine-grained", withheld: ["dependabot_secrets", "codespaces_secrets"] },
      ],
      orgs: [
        {
          login: "acme",
          id: 9000,
          nodeId: "O_kgDO9000",
          name: "Acme Corp",
          createdAt: "2020-01-01T00:00:00Z",
          secrets: [
            { name: "ORG_AWS_KEY", createdAt: "2024-01-01T00:00:00Z", updatedAt: "2024-01-01T00:00:00Z", visibility: "all" },
            { name: "SHARED_DEPLOY_KEY", createdAt: "2024-01-01T00:00:00Z", updatedAt: "2024-01-01T00:00:00Z", visibility: "selected", selectedRepos: ["acme/api", "acme/billing"] },
            { name: "PRIVATE_ONLY", createdAt: "2024-01-01T00:00:00Z", updatedAt: "2024-01-01T00:00:00Z", visibility: "private" },
          ],
          variables: [{ name: "ORG_REGION", value: "eu-west-1", createdAt: "2024-01-01T00:00:00Z", updatedAt: "2024-01-01T00:00:00Z" }],
          dependabotSecrets: [
            { name: "NPM_AWS_ACCESS_KEY_ID", createdAt: "2024-01-01T00:00:00Z", updatedAt: "2024-01-01T00:00:00Z", visibility: "selected", selectedRepos: ["acme/api"] },
          ],
          codespacesSecrets: [{ name: "DEV_AWS_ACCESS_KEY_ID", createdAt: "2024-01-01T00:00:00Z", updatedAt: "2024-01-01T00:00:00Z", visibility: "selected", selectedRepos: ["acme/api", "acme/billing"] }],
        },
      ],
      repos,
      actionsIpRanges: ["4.148.0.0/16", "13.64.0.0/16"],
      rateLimit: { limit: 5000, graphqlLimit: 5000 },
    },
    truth: { usages: [], links: [], oidcRepos: [], unreachableAccounts: [], keysUsedOutsideGithub: [], invalidWorkflows: [] },
  };
}
