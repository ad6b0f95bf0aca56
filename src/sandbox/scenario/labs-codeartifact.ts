// acme-labs/registry-mirror: Dependabot reads a CodeArtifact npm registry through a token that a
// scheduled workflow refreshes with a static key into a Dependabot secret (KL121). Over the API, the
// scan reads its .github/dependabot.yml, and generate writes the OIDC registry patch for it.
import type { GithubRepo, World } from "../world.js";

export const CODEARTIFACT_REPO = "registry-mirror";
const REFRESH_PATH = ".github/workflows/refresh-codeartifact-token.yml";

const REFRESH_WORKFLOW = `name: Refresh CodeArtifact token for Dependabot
on:
  schedule:
    - cron: "0 */8 * * *"
  workflow_dispatch:
jobs:
  refresh:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: \${{ secrets.CODEARTIFACT_AWS_ACCESS_KEY_ID }}
          aws-secret-access-key: \${{ secrets.CODEARTIFACT_AWS_SECRET_ACCESS_KEY }}
          aws-region: us-east-1
      - name: Hand Dependabot a fresh token
        env:
          GH_TOKEN: \${{ secrets.SECRETS_ADMIN_TOKEN }}
        run: |
          TOKEN=$(aws codeartifact get-authorization-token --domain labs --domain-owner 210987654321 --region us-east-1 --query authorizationToken --output text)
          gh secret set CODEARTIFACT_TOKEN --app dependabot --body "$TOKEN" --repo "$GITHUB_REPOSITORY"
`;

const DEPENDABOT_YML = `version: 2
registries:
  npm-labs:
    type: npm-registry
    url: https://labs-210987654321.d.codeartifact.us-east-1.amazonaws.com/npm/mirror/
    token: \${{secrets.CODEARTIFACT_TOKEN}}
updates:
  - package-ecosystem: "npm"
    directory: "/"
    registries: [npm-labs]
    schedule:
      interval: "weekly"
`;

/** Adds the repository (and its planted usage to the truth); `template` gives ids and dates a shape. */
export function addCodeArtifactRepo(world: World, template: GithubRepo, id: number): void {
  const secret = (name: string) => ({ name, createdAt: template.createdAt, updatedAt: template.updatedAt });
  world.github.repos.push({
    ...structuredClone(template),
    id,
    nodeId: `R_kgDOLabs${String(id).padStart(4, "0")}`,
    name: CODEARTIFACT_REPO,
    fullName: `${template.owner}/${CODEARTIFACT_REPO}`,
    description: "npm mirror Dependabot updates from CodeArtifact",
    files: { "README.md": "# registry-mirror\n", [REFRESH_PATH]: REFRESH_WORKFLOW, ".github/dependabot.yml": DEPENDABOT_YML },
    secrets: ["CODEARTIFACT_AWS_ACCESS_KEY_ID", "CODEARTIFACT_AWS_SECRET_ACCESS_KEY", "SECRETS_ADMIN_TOKEN"].map(secret),
    dependabotSecrets: [secret("CODEARTIFACT_TOKEN")],
    environments: [],
    secretScanningAlerts: [],
    workflowRuns: [],
  });
  const line = REFRESH_WORKFLOW.split("\n").findIndex((l) => l.includes("aws-access-key-id:")) + 1;
  world.truth.usages.push({ repo: `${template.owner}/${CODEARTIFACT_REPO}`, path: REFRESH_PATH, line, job: "refresh", secretNames: ["CODEARTIFACT_AWS_ACCESS_KEY_ID", "CODEARTIFACT_AWS_SECRET_ACCESS_KEY"], shape: "cac-v4" });
}
