// Repo templates for the edges (corpus shapes i, j and the negatives): a literal key id, repos
// already on OIDC, a half-migrated file, a workflow that is not valid YAML, repos without AWS.
import { mark, wf } from "./markers.js";
import { sec, type RepoTemplate } from "./template-types.js";

export const edgeTemplates = {
  "literal-key": {
    shapes: ["b", "j"],
    build: (p) => ({
      description: "Legacy monolith: the key id is written in the workflow",
      slots: [{ id: "main", idName: "AWS_ACCESS_KEY_ID", secretName: "LEGACY_AWS_SECRET", scope: "repo", idFrom: "literal", profile: "cloudformation" }],
      otherSecrets: [{ name: "DATABASE_URL" }],
      files: [{
        path: ".github/workflows/deploy.yml", name: "deploy", events: ["push"],
        raw: wf`
name: deploy
on:
  push:
    branches: [master]
jobs:
  deploy:
    runs-on: ubuntu-20.04
    steps:
      - uses: actions/checkout@v2
      - uses: actions/setup-node@v2
        with:
          node-version: 14
      - run: npm install
      - name: serverless deploy
        run: npx serverless deploy --stage production
        env:
          AWS_ACCESS_KEY_ID: ${p.keyIds["main"] ?? "AKIAIOSFODNN7EXAMPLE"}${mark("literal-key", "deploy", "main", ["LEGACY_AWS_SECRET"])}
          AWS_SECRET_ACCESS_KEY: ${sec("LEGACY_AWS_SECRET")}
          DATABASE_URL: ${sec("DATABASE_URL")}
          NODE_ENV: production
`,
      }],
    }),
  },

  "oidc-full": {
    shapes: ["a", "e", "f", "i"],
    build: (p) => ({
      description: "Identity service, already on GitHub OIDC (the old key lines are left in comments)",
      oidc: true,
      // Left behind after the migration: AWS-looking secrets whose key no longer exists.
      otherSecrets: [{ name: "AWS_ACCESS_KEY_ID" }, { name: "AWS_SECRET_ACCESS_KEY" }],
      slots: [],
      files: [{
        path: ".github/workflows/deploy.yml", name: "Deploy", events: ["push"],
        raw: wf`
name: Deploy
on:
  push:
    tags: ["v*.*.*"]

permissions:
  id-token: write
  contents: read

jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::${p.oidcAccount}:role/gha-${p.repo}
          aws-region: ${p.region}
          # aws-access-key-id: ${sec("AWS_ACCESS_KEY_ID")}
          # aws-secret-access-key: ${sec("AWS_SECRET_ACCESS_KEY")}
      - run: make deploy
`,
      }],
    }),
  },

  "oidc-new": {
    shapes: ["i", "e"],
    build: (p) => ({
      description: "Edge router, created on OIDC (immutable subject claims)",
      oidc: true,
      slots: [],
      files: [{
        path: ".github/workflows/deploy.yml", name: "deploy", events: ["push"],
        raw: wf`
name: deploy
on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    permissions:
      id-token: write
      contents: read
    steps:
      - uses: actions/checkout@v5
      - uses: aws-actions/configure-aws-credentials@v6
        with:
          role-to-assume: arn:aws:iam::${p.oidcAccount}:role/gha-${p.repo}
          aws-region: ${p.region}
      - run: npx cdk deploy --require-approval never
`,
      }],
    }),
  },

  "half-migrated": {
    shapes: ["a", "c", "e", "i"],
    build: (p) => ({
      description: "ML training: OIDC for the artifacts account, static keys for production",
      slots: [{ id: "main", idName: "PROD_ML_AWS_ACCESS_KEY_ID", secretName: "PROD_ML_AWS_SECRET_ACCESS_KEY", scope: "repo", cac: "plain", profile: "s3-site" }],
      files: [{
        path: ".github/workflows/train.yml", name: "Train and publish", events: ["schedule", "workflow_dispatch"],
        raw: wf`
name: Train and publish
on:
  schedule:
    - cron: "0 3 * * 0"
  workflow_dispatch:

permissions:
  id-token: write
  contents: read

jobs:
  train:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Artifacts account (OIDC)
        uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::${p.oidcAccount}:role/gha-${p.repo}-artifacts
          aws-region: ${p.region}
      - run: aws s3 sync s3://${p.org}-ml-datasets/current data/
      - run: python train.py --out model/
      - name: Production model registry (static keys, not migrated yet)
        uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: ${sec("PROD_ML_AWS_ACCESS_KEY_ID")}${mark("cac-v4", "train", "main", ["PROD_ML_AWS_ACCESS_KEY_ID", "PROD_ML_AWS_SECRET_ACCESS_KEY"])}
          aws-secret-access-key: ${sec("PROD_ML_AWS_SECRET_ACCESS_KEY")}
          aws-region: ${p.region}
      - run: aws s3 cp model/ s3://${p.org}-ml-models-prod/${p.repo}/ --recursive
`,
      }],
    }),
  },

  "invalid-yaml": {
    shapes: ["g"],
    build: () => ({
      description: "Ops scripts (one workflow does not parse)",
      otherSecrets: [{ name: "AWS_ACCESS_KEY_ID" }, { name: "AWS_SECRET_ACCESS_KEY" }],
      slots: [],
      files: [
        {
          path: ".github/workflows/lint.yml", name: "lint", events: ["push", "pull_request"],
          raw: wf`
name: lint
on: [push, pull_request]
jobs:
  shellcheck:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: shellcheck scripts/*.sh
`,
        },
        {
          // An unterminated quote and a tab-indented line: every YAML parser rejects this file.
          path: ".github/workflows/nightly.yml", invalid: true,
          raw: wf`
name: nightly cleanup
on:
  schedule:
    - cron: "0 1 * * *
jobs:
  cleanup:
    runs-on: ubuntu-latest
    steps:
      - run: ./scripts/cleanup.sh
        env:
          AWS_ACCESS_KEY_ID: ${sec("AWS_ACCESS_KEY_ID")}
\t  AWS_SECRET_ACCESS_KEY: ${sec("AWS_SECRET_ACCESS_KEY")}
`,
        },
      ],
    }),
  },

  "fork-upstream": {
    shapes: ["b"],
    build: (p) => ({
      description: "Fork of an open-source serverless plugin (workflows came from upstream, no secrets here)",
      slots: [{ id: "main", idName: "AWS_ACCESS_KEY_ID", secretName: "AWS_SECRET_ACCESS_KEY", scope: "repo", profile: "cloudformation" }],
      files: [{
        path: ".github/workflows/integration.yml", name: "Integration", events: ["push"],
        raw: wf`
name: Integration
on:
  push:
    branches: [master]
jobs:
  integration:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm ci
      - run: npm run test:integration
        env:
          AWS_ACCESS_KEY_ID: ${sec("AWS_ACCESS_KEY_ID")}${mark("env-step", "integration", "main", ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"])}
          AWS_SECRET_ACCESS_KEY: ${sec("AWS_SECRET_ACCESS_KEY")}
          AWS_REGION: ${p.region}
`,
      }],
    }),
  },

  "no-aws": {
    shapes: [],
    build: (p) => ({
      description: "Tests only; deploys nothing",
      otherSecrets: p.variant % 2 === 0 ? [{ name: "NPM_TOKEN" }] : [],
      slots: [],
      files: [{
        path: ".github/workflows/test.yml", name: "test", events: ["push", "pull_request"],
        raw: wf`
name: test
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        node: [18, 20, 22]
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: ${"${{ matrix.node }}"}
      - run: npm ci && npm test
`,
      }],
    }),
  },
} satisfies Record<string, RepoTemplate>;
