// A repository whose Dependabot reads CodeArtifact through a token a scheduled workflow refreshes with
// a static key: the setup KL121 recognises, and the dependabot.yml the OIDC patch rewrites.
import { INVENTORY_SCHEMA_VERSION, type Inventory } from "../../../src/inventory/schema.js";

export const REFRESH_WORKFLOW = `name: Refresh CodeArtifact token for Dependabot
on:
  schedule:
    - cron: "0 */6 * * *"
  workflow_dispatch:
jobs:
  refresh:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: \${{ secrets.CODEARTIFACT_AWS_ACCESS_KEY_ID }}
          aws-secret-access-key: \${{ secrets.CODEARTIFACT_AWS_SECRET_ACCESS_KEY }}
          aws-region: eu-west-1
      - name: Put a fresh token where Dependabot reads it
        env:
          GH_TOKEN: \${{ secrets.SECRETS_ADMIN_TOKEN }}
        run: |
          TOKEN=$(aws codeartifact get-authorization-token --domain acme --domain-owner 012345678901 --region eu-west-1 --query authorizationToken --output text)
          gh secret set CODEARTIFACT_TOKEN --app dependabot --body "$TOKEN" --repo "$GITHUB_REPOSITORY"
`;

export const DEPENDABOT_YML = `# Dependabot: npm from our CodeArtifact mirror
version: 2
registries:
  # refreshed every 6 hours by .github/workflows/refresh-codeartifact-token.yml
  codeartifact:
    type: npm-registry
    url: https://acme-012345678901.d.codeartifact.eu-west-1.amazonaws.com/npm/shared/
    token: \${{secrets.CODEARTIFACT_TOKEN}}
    replaces-base: true
updates:
  - package-ecosystem: "npm" # the web app
    directory: "/"
    registries: [codeartifact]
    schedule:
      interval: "daily"
`;

/** DEPENDABOT_YML plus a registry of another domain owner (account) reading the same refreshed token. */
export const DEPENDABOT_YML_TWO_OWNERS = DEPENDABOT_YML.replace(
  "updates:\n",
  `  pypi-shared:
    type: python-index
    url: https://platform-210987654321.d.codeartifact.us-east-1.amazonaws.com/pypi/wheels/
    token: \${{ secrets.CODEARTIFACT_TOKEN }}
updates:
`,
);

/** One private repository acme/web with these workflow files and, when given, a dependabot.yml. */
export function dependabotInventory(workflows: Record<string, string>, dependabotYml?: string): Inventory {
  return {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    generatedAt: "2026-11-20T12:00:00Z",
    tool: { name: "keyless", version: "test" },
    github: {
      org: "acme", apiUrl: "local", orgSecrets: [], orgVariables: [], actionsIpRanges: [],
      repos: [{
        fullName: "acme/web", id: 1, owner: "acme", ownerId: 1, name: "web", defaultBranch: "main", archived: false, fork: false, visibility: "private",
        createdAt: "2025-01-01T00:00:00Z", workflows: Object.entries(workflows).map(([path, text]) => ({ path, text, size: text.length })),
        secrets: [], variables: [], environments: [], secretScanningAlerts: [], workflowRuns: [],
        ...(dependabotYml !== undefined ? { dependabotConfig: { path: ".github/dependabot.yml", text: dependabotYml } } : {}),
      }],
    },
    skipped: [],
    requests: [],
  };
}
