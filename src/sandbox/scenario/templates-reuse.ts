// Repo templates where keys travel (corpus shapes d, h): reusable workflows with `secrets: inherit`
// or explicit `secrets:`, a local composite action, third-party actions, vars, organization secrets.
import { mark, wf } from "./markers.js";
import { expr, sec, type RepoTemplate } from "./template-types.js";

const KEY = "AWS_ACCESS_KEY_ID";
const SECRET = "AWS_SECRET_ACCESS_KEY";

export const reuseTemplates = {
  "reusable-inherit": {
    shapes: ["a", "d", "f"],
    build: (p) => ({
      description: "Reporting jobs: CI calls a local reusable deploy workflow with secrets: inherit",
      slots: [{ id: "main", idName: KEY, secretName: SECRET, scope: "repo", cac: "plain", profile: "lambda" }],
      files: [
        {
          path: ".github/workflows/ci.yml", name: "CI", events: ["push", "pull_request"],
          raw: wf`
name: CI
on:
  push:
    branches: [main]
  pull_request:

jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: make test
  deploy:
    needs: test
    if: github.event_name == 'push'
    uses: ./.github/workflows/deploy-reports.yml
    with:
      stage: prod
    secrets: inherit${mark("reusable-inherit", "deploy", "main", [KEY, SECRET])}
`,
        },
        {
          path: ".github/workflows/deploy-reports.yml",
          raw: wf`
name: Deploy reports
on:
  workflow_call:
    inputs:
      stage:
        type: string
        required: true

jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: ${sec(KEY)}${mark("reusable-callee", "deploy", "*", [KEY, SECRET])}
          aws-secret-access-key: ${sec(SECRET)}
          aws-region: ${p.region}
      - run: ./deploy.sh ${expr("inputs.stage")}
`,
        },
      ],
    }),
  },

  "reusable-explicit": {
    shapes: ["a", "c", "d"],
    build: (p) => ({
      description: "Payments gateway: explicit secrets mapped into a reusable workflow",
      slots: [
        { id: "staging", idName: "STAGING_AWS_KEY", secretName: "STAGING_AWS_SECRET", scope: "repo", cac: "plain", profile: "ecr" },
        { id: "production", idName: "PROD_AWS_KEY", secretName: "PROD_AWS_SECRET", scope: "repo", cac: "plain", profile: "ecr" },
      ],
      files: [
        {
          path: ".github/workflows/deploy.yml", name: "Deploy", events: ["push"],
          raw: wf`
name: Deploy
on:
  push:
    branches: [main]

jobs:
  staging:
    uses: ./.github/workflows/deploy-service.yml
    with:
      environment: staging
    secrets:
      DEPLOY_KEY_ID: ${sec("STAGING_AWS_KEY")}${mark("reusable-explicit", "staging", "staging", ["STAGING_AWS_KEY", "STAGING_AWS_SECRET"])}
      DEPLOY_SECRET: ${sec("STAGING_AWS_SECRET")}
  production:
    needs: staging
    uses: ./.github/workflows/deploy-service.yml
    with:
      environment: production
    secrets:
      DEPLOY_KEY_ID: ${sec("PROD_AWS_KEY")}${mark("reusable-explicit", "production", "production", ["PROD_AWS_KEY", "PROD_AWS_SECRET"])}
      DEPLOY_SECRET: ${sec("PROD_AWS_SECRET")}
`,
        },
        {
          path: ".github/workflows/deploy-service.yml",
          raw: wf`
name: Deploy service
on:
  workflow_call:
    inputs:
      environment:
        type: string
        required: true
    secrets:
      DEPLOY_KEY_ID:
        required: true
      DEPLOY_SECRET:
        required: true

jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: ${sec("DEPLOY_KEY_ID")}${mark("reusable-callee", "deploy", "*", ["DEPLOY_KEY_ID", "DEPLOY_SECRET"])}
          aws-secret-access-key: ${sec("DEPLOY_SECRET")}
          aws-region: ${p.region}
      - uses: aws-actions/amazon-ecr-login@v2
      - run: make release ENV=${expr("inputs.environment")}
`,
        },
      ],
    }),
  },

  "composite-input": {
    shapes: ["a", "d", "f", "h"],
    build: (p) => ({
      description: "Customer portal: a local composite action takes the keys as inputs",
      slots: [{ id: "main", idName: KEY, secretName: SECRET, scope: "repo", cac: "plain", profile: "ecr" }],
      files: [
        {
          path: ".github/actions/aws-login/action.yml", noFinalNewline: true,
          raw: wf`
name: AWS login
description: Configure AWS credentials and log in to Amazon ECR
inputs:
  aws-access-key-id:
    description: Access key id
    required: true
  aws-secret-access-key:
    description: Secret access key
    required: true
  aws-region:
    description: Region
    default: ${p.region}
outputs:
  registry:
    description: The ECR registry
    value: ${expr("steps.ecr.outputs.registry")}
runs:
  using: composite
  steps:
    - uses: aws-actions/configure-aws-credentials@v4
      with:
        aws-access-key-id: ${expr("inputs.aws-access-key-id")}${mark("composite-action", undefined, "*", [])}
        aws-secret-access-key: ${expr("inputs.aws-secret-access-key")}
        aws-region: ${expr("inputs.aws-region")}
    - id: ecr
      uses: aws-actions/amazon-ecr-login@v2
`,
        },
        {
          path: ".github/workflows/ci.yml", name: "CI", events: ["push", "pull_request"],
          raw: wf`
name: CI
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm ci && npm test
`,
        },
        {
          path: ".github/workflows/deploy.yml", name: "Deploy", events: ["workflow_run", "push"],
          raw: wf`
name: Deploy
on:
  workflow_run:
    workflows: ["CI"]
    types: [completed]
    branches: [main]
  push:
    tags: ["release-*"]

jobs:
  deploy:
    if: github.event_name == 'push' || github.event.workflow_run.conclusion == 'success'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: AWS login
        id: aws
        uses: ./.github/actions/aws-login
        with:
          aws-access-key-id: ${sec(KEY)}${mark("composite-input", "deploy", "main", [KEY, SECRET])}
          aws-secret-access-key: ${sec(SECRET)}
      - run: |
          docker build -t ${expr("steps.aws.outputs.registry")}/${p.repo}:${expr("github.sha")} .
          docker push ${expr("steps.aws.outputs.registry")}/${p.repo}:${expr("github.sha")}
`,
        },
      ],
    }),
  },

  "third-party-inputs": {
    shapes: ["d", "h"],
    build: (p) => ({
      description: "Mobile backend: third-party actions take the keys (DEPLOY_ID / DEPLOY_KEY)",
      slots: [{ id: "main", idName: "DEPLOY_ID", secretName: "DEPLOY_KEY", scope: "repo", profile: "lambda" }],
      files: [{
        path: ".github/workflows/release.yml", name: "Release", events: ["push", "pull_request"],
        raw: wf`
name: Release
on:
  push:
    branches: [main]
  pull_request:

jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: ECR login
        uses: jwalton/gh-ecr-login@v3
        with:
          access-key-id: ${sec("DEPLOY_ID")}${mark("third-party", "image", "main", ["DEPLOY_ID", "DEPLOY_KEY"])}
          secret-access-key: ${sec("DEPLOY_KEY")}
          region: ${p.region}
      - run: docker build -t ${p.accounts["main"] ?? ""}.dkr.ecr.${p.region}.amazonaws.com/${p.repo}:${expr("github.sha")} .
      - if: github.event_name == 'push'
        uses: appleboy/lambda-action@v0.2.0
        with:
          aws_access_key_id: ${sec("DEPLOY_ID")}${mark("third-party", "image", "main", ["DEPLOY_ID", "DEPLOY_KEY"])}
          aws_secret_access_key: ${sec("DEPLOY_KEY")}
          aws_region: ${p.region}
          function_name: ${p.repo}
          image_uri: ${p.accounts["main"] ?? ""}.dkr.ecr.${p.region}.amazonaws.com/${p.repo}:${expr("github.sha")}
`,
      }],
    }),
  },

  "vars-key-id": {
    shapes: ["a", "c", "d"],
    build: (p) => ({
      description: "Analytics ETL: key id in an environment variable, secret in an environment secret",
      environments: ["production"],
      slots: [{ id: "main", idName: KEY, secretName: SECRET, scope: "environment", environment: "production", idFrom: "variable", cac: "plain", profile: "batch" }],
      files: [{
        path: ".github/workflows/etl.yml", name: "ETL", events: ["schedule", "workflow_dispatch"],
        raw: wf`
name: ETL
on:
  schedule:
    - cron: "0 5 * * *"
  workflow_dispatch:

jobs:
  load:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: ${expr("vars." + KEY)}${mark("vars-key-id", "load", "main", [KEY, SECRET])}
          aws-secret-access-key: ${sec(SECRET)}
          aws-region: ${expr("vars.AWS_REGION")}
      - run: python etl.py --target redshift
`,
      }],
      variables: [{ name: "AWS_REGION", value: p.region, environment: "production" }],
    }),
  },
} satisfies Record<string, RepoTemplate>;
