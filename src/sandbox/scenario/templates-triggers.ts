// Repo templates that differ mostly by trigger and permissions (corpus shapes e, f): schedule, tags,
// release, pull_request_target, repository_dispatch, and keys next to an unused `id-token: write`.
import { mark, wf } from "./markers.js";
import { expr, sec, type RepoTemplate } from "./template-types.js";

const KEY = "AWS_ACCESS_KEY_ID";
const SECRET = "AWS_SECRET_ACCESS_KEY";

export const triggerTemplates = {
  "cac-v6-schedule": {
    shapes: ["a", "e", "f"],
    build: (p) => ({
      description: "Nightly data pipeline",
      slots: [{ id: "main", idName: KEY, secretName: SECRET, scope: "repo", cac: "run-id", profile: "batch" }],
      files: [{
        path: ".github/workflows/nightly.yml", name: "Nightly export", events: ["schedule", "workflow_dispatch"],
        raw: wf`
name: Nightly export
on:
  schedule:
    - cron: "30 2 * * *"
  workflow_dispatch: {}
permissions:
  contents: read
jobs:
  export:
    runs-on: ubuntu-latest
    timeout-minutes: 60
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/configure-aws-credentials@v6
        with:
          aws-access-key-id: ${sec(KEY)}${mark("cac-v6", "export", "main", [KEY, SECRET])}
          aws-secret-access-key: ${sec(SECRET)}
          aws-region: ${p.region}
      - run: python -m pipeline.export --date "$(date -u -d yesterday +%F)"
`,
      }],
    }),
  },

  "cac-v2-backup": {
    shapes: ["a", "d", "e", "f"],
    build: (p) => ({
      description: "Nightly database backups to S3",
      slots: [{ id: "main", idName: "AWS_S3_BACKUP_ACCESS_KEY_ID", secretName: "AWS_S3_BACKUP_SECRET_ACCESS_KEY", scope: "repo", cac: "plain", profile: "backup" }],
      otherSecrets: [{ name: "BACKUP_BUCKET" }, { name: "DATABASE_URL" }],
      files: [{
        path: ".github/workflows/s3-backup.yml", name: "S3 backup", events: ["schedule", "workflow_dispatch"],
        raw: wf`
name: S3 backup
on:
  schedule:
    - cron: "0 0 * * *"
  workflow_dispatch:

permissions:
  contents: read

jobs:
  backup:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v2
        with:
          aws-access-key-id: ${sec("AWS_S3_BACKUP_ACCESS_KEY_ID")}${mark("cac-v2", "backup", "main", ["AWS_S3_BACKUP_ACCESS_KEY_ID", "AWS_S3_BACKUP_SECRET_ACCESS_KEY"])}
          aws-secret-access-key: ${sec("AWS_S3_BACKUP_SECRET_ACCESS_KEY")}
          aws-region: ${p.region}
      - run: pg_dump "$DATABASE_URL" | gzip | aws s3 cp - "s3://$BUCKET/$(date -u +%F).sql.gz"
        env:
          DATABASE_URL: ${sec("DATABASE_URL")}
          BUCKET: ${sec("BACKUP_BUCKET")}
`,
      }],
    }),
  },

  "cac-tags-release": {
    shapes: ["a", "f"],
    build: (p) => ({
      description: "Release tooling: uploads binaries on tags and releases",
      slots: [{ id: "main", idName: "RELEASE_AWS_ACCESS_KEY_ID", secretName: "RELEASE_AWS_SECRET_ACCESS_KEY", scope: "repo", cac: "plain", profile: "s3-site" }],
      otherSecrets: [{ name: "GPG_PRIVATE_KEY" }],
      files: [{
        path: ".github/workflows/upload.yml", name: "Upload release", events: ["push", "release"],
        raw: wf`
name: Upload release
on:
  push:
    tags: ['v*']
  release:
    types: [published]

jobs:
  upload:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: make dist
      - name: Credentials for the downloads bucket
        uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: ${sec("RELEASE_AWS_ACCESS_KEY_ID")}${mark("cac-v4", "upload", "main", ["RELEASE_AWS_ACCESS_KEY_ID", "RELEASE_AWS_SECRET_ACCESS_KEY"])}
          aws-secret-access-key: ${sec("RELEASE_AWS_SECRET_ACCESS_KEY")}
          aws-region: ${p.region}
      - run: aws s3 cp dist/ s3://${p.org}-downloads/${p.repo}/${expr("github.ref_name")}/ --recursive
`,
      }],
    }),
  },

  "cac-idtoken-keys": {
    shapes: ["a", "e"],
    build: (p) => ({
      description: "Search indexer (grants id-token: write but still uses keys)",
      slots: [{ id: "main", idName: KEY, secretName: SECRET, scope: "repo", cac: "plain", profile: "lambda" }],
      files: [{
        path: ".github/workflows/ci.yml", name: "CI", events: ["push", "pull_request"],
        raw: wf`
name: CI
on:
  push:
    branches: [main]
  pull_request:
    branches: [main]

permissions:
  id-token: write   # added for OIDC, never finished
  contents: read

jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: go test ./...
  deploy:
    needs: test
    if: github.ref == 'refs/heads/main'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: ${sec(KEY)}${mark("cac-v4", "deploy", "main", [KEY, SECRET])}
          aws-secret-access-key: ${sec(SECRET)}
          aws-region: ${p.region}
      - run: GOOS=linux GOARCH=arm64 go build -o bootstrap ./cmd/indexer && zip indexer.zip bootstrap
      - run: aws lambda update-function-code --function-name ${p.repo} --zip-file fileb://indexer.zip
`,
      }],
    }),
  },

  "env-pr-target": {
    shapes: ["b", "f"],
    build: (p) => ({
      description: "Preview environments for pull requests",
      slots: [{ id: "main", idName: "PREVIEW_AWS_ACCESS_KEY_ID", secretName: "PREVIEW_AWS_SECRET_ACCESS_KEY", scope: "repo", profile: "cloudformation" }],
      files: [{
        path: ".github/workflows/preview.yml", name: "Preview", events: ["pull_request_target"],
        raw: wf`
name: Preview
on:
  pull_request_target:
    types: [labeled, synchronize, closed]

jobs:
  preview:
    if: contains(github.event.pull_request.labels.*.name, 'preview')
    runs-on: ubuntu-latest
    env:
      AWS_ACCESS_KEY_ID: ${sec("PREVIEW_AWS_ACCESS_KEY_ID")}${mark("env-job", "preview", "main", ["PREVIEW_AWS_ACCESS_KEY_ID", "PREVIEW_AWS_SECRET_ACCESS_KEY"])}
      AWS_SECRET_ACCESS_KEY: ${sec("PREVIEW_AWS_SECRET_ACCESS_KEY")}
      AWS_REGION: ${p.region}
      STACK: pr-${expr("github.event.pull_request.number")}
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${expr("github.event.pull_request.head.sha")}
      - if: github.event.action != 'closed'
        run: npx cdk deploy "preview-$STACK" --require-approval never
      - if: github.event.action == 'closed'
        run: npx cdk destroy "preview-$STACK" --force
`,
      }],
    }),
  },

  "run-inline-sls": {
    shapes: ["b", "d", "f"],
    build: (p) => ({
      description: "ChatOps bot (serverless)",
      slots: [{ id: "main", idName: KEY, secretName: SECRET, scope: "repo", profile: "cloudformation" }],
      otherSecrets: [{ name: "SLACK_BOT_TOKEN" }],
      files: [{
        path: ".github/workflows/deploy.yml", name: "Deploy bot", events: ["repository_dispatch", "workflow_dispatch"],
        raw: wf`
name: Deploy bot
on:
  repository_dispatch:
    types: [deploy]
  workflow_dispatch:

jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm ci
      - run: npx sls config credentials --provider aws --key ${sec(KEY)} --secret ${sec(SECRET)}${mark("run-inline", "deploy", "main", [KEY, SECRET])}
      - run: npx sls deploy --stage prod --region ${p.region}
        env:
          SLACK_BOT_TOKEN: ${sec("SLACK_BOT_TOKEN")}
`,
      }],
    }),
  },

  "env-batch-nonkey": {
    shapes: ["b", "d", "f"],
    build: (p) => ({
      description: "Genomics batch jobs (AWS_JOB_QUEUE is not a key)",
      slots: [{ id: "main", idName: KEY, secretName: SECRET, scope: "repo", profile: "batch" }],
      otherSecrets: [{ name: "AWS_JOB_QUEUE" }, { name: "AWS_JOB_DEFINITION" }, { name: "AWS_S3_BUCKET" }, { name: "TOWER_ACCESS_TOKEN" }],
      files: [{
        path: ".github/workflows/full-test.yml", name: "Full-size test on AWS Batch", events: ["release", "workflow_dispatch"],
        raw: wf`
name: Full-size test on AWS Batch
on:
  release:
    types: [published]
  workflow_dispatch:

env:
  AWS_ACCESS_KEY_ID: ${sec(KEY)}${mark("env-workflow", undefined, "main", [KEY, SECRET])}
  AWS_SECRET_ACCESS_KEY: ${sec(SECRET)}
  AWS_DEFAULT_REGION: ${p.region}
  AWS_JOB_QUEUE: ${sec("AWS_JOB_QUEUE")}
  AWS_JOB_DEFINITION: ${sec("AWS_JOB_DEFINITION")}
  AWS_S3_BUCKET: ${sec("AWS_S3_BUCKET")}
  TOWER_ACCESS_TOKEN: ${sec("TOWER_ACCESS_TOKEN")}

jobs:
  submit:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        platform: [illumina, nanopore]
    steps:
      - run: |
          aws batch submit-job \\
            --job-name "${p.repo}-${expr("matrix.platform")}-${expr("github.run_id")}" \\
            --job-queue "$AWS_JOB_QUEUE" \\
            --job-definition "$AWS_JOB_DEFINITION" \\
            --container-overrides '{"command": ["--outdir", "s3://'"$AWS_S3_BUCKET"'/results"]}'
`,
      }],
    }),
  },
} satisfies Record<string, RepoTemplate>;
