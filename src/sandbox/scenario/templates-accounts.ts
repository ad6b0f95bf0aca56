// Repo templates with several AWS accounts or environments in one repo (corpus shape c):
// one key per GitHub environment, STAGING_/PROD_ prefixed secrets, a half-migrated file.
import { mark, wf } from "./markers.js";
import { sec, type RepoTemplate } from "./template-types.js";

const KEY = "AWS_ACCESS_KEY_ID";
const SECRET = "AWS_SECRET_ACCESS_KEY";
// Real release commits of the action, written the way people pin them.
const SHA_V6_1 = "ec61189d14ec14c8efccab744f656cffd0e33f37";
const SHA_V2_2 = "5fd3084fc36e372ff1fff382a39b10d03659f355";

export const accountTemplates = {
  "cac-sha-environments": {
    shapes: ["a", "c", "e", "f"],
    build: (p) => ({
      description: "Billing API: staging then production, one key per GitHub environment",
      environments: ["staging", "production"],
      slots: [
        { id: "staging", idName: KEY, secretName: SECRET, scope: "environment", environment: "staging", cac: "run-id", profile: "ecr" },
        { id: "production", idName: KEY, secretName: SECRET, scope: "environment", environment: "production", cac: "run-id", profile: "ecr" },
      ],
      otherSecrets: [{ name: "SLACK_WEBHOOK_URL" }],
      files: [{
        path: ".github/workflows/release.yml", name: "Release", events: ["push", "workflow_dispatch"],
        raw: wf`
name: Release
on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read

jobs:
  staging:
    runs-on: ubuntu-latest
    environment: staging
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
      - name: Configure AWS credentials
        uses: aws-actions/configure-aws-credentials@${SHA_V6_1} # v6.1.0
        with:
          aws-access-key-id: ${sec(KEY)}${mark("cac-sha", "staging", "staging", [KEY, SECRET])}
          aws-secret-access-key: ${sec(SECRET)}
          aws-region: ${p.region}
      - run: ./scripts/deploy.sh staging

  production:
    needs: staging
    runs-on: ubuntu-latest
    environment: production
    permissions:
      contents: read
      deployments: write
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
      - name: Configure AWS credentials
        uses: aws-actions/configure-aws-credentials@${SHA_V6_1} # v6.1.0
        with:
          aws-access-key-id: ${sec(KEY)}${mark("cac-sha", "production", "production", [KEY, SECRET])}
          aws-secret-access-key: ${sec(SECRET)}
          aws-region: ${p.region}
      - run: ./scripts/deploy.sh production
      - run: curl -sS -X POST -d '{"text":"billing-api released"}' ${sec("SLACK_WEBHOOK_URL")}
`,
      }],
    }),
  },

  "cac-prefixed-accounts": {
    shapes: ["a", "c"],
    build: (p) => ({
      description: "Checkout service: STAGING_ and PROD_ keys side by side",
      slots: [
        { id: "staging", idName: "STAGING_AWS_ACCESS_KEY_ID", secretName: "STAGING_AWS_SECRET_ACCESS_KEY", scope: "repo", cac: "plain", profile: "ecr" },
        { id: "production", idName: "PROD_AWS_ACCESS_KEY_ID", secretName: "PROD_AWS_SECRET_ACCESS_KEY", scope: "repo", cac: "plain", profile: "ecr" },
      ],
      files: [{
        path: ".github/workflows/deploy.yml", name: "Deploy", events: ["push"],
        raw: wf`
name: Deploy
on:
  push:
    branches: [main, release/*]

jobs:
  staging:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/configure-aws-credentials@${SHA_V2_2} # v2.2.0
        with:
          aws-access-key-id: ${sec("STAGING_AWS_ACCESS_KEY_ID")}${mark("cac-sha", "staging", "staging", ["STAGING_AWS_ACCESS_KEY_ID", "STAGING_AWS_SECRET_ACCESS_KEY"])}
          aws-secret-access-key: ${sec("STAGING_AWS_SECRET_ACCESS_KEY")}
          aws-region: ${p.region}
      - run: make push ENV=staging
  production:
    if: startsWith(github.ref, 'refs/heads/release/')
    needs: staging
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: ${sec("PROD_AWS_ACCESS_KEY_ID")}${mark("cac-v4", "production", "production", ["PROD_AWS_ACCESS_KEY_ID", "PROD_AWS_SECRET_ACCESS_KEY"])}
          aws-secret-access-key: ${sec("PROD_AWS_SECRET_ACCESS_KEY")}
          aws-region: ${p.region}
      - run: make push ENV=production
`,
      }],
    }),
  },
} satisfies Record<string, RepoTemplate>;
