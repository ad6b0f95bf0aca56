// A repository whose Dependabot reads CodeArtifact through a token a scheduled workflow refreshes with
// a static key: the setup KL121 recognises, and the dependabot.yml the OIDC patch rewrites.
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
