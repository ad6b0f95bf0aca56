// Repo templates that put keys in `env` at workflow, job or step level (corpus shape b): CDK,
// Terraform, serverless, SAM, s3 sync, and keys forwarded into a container with `docker run -e`.
import { mark, wf } from "./markers.js";
import { expr, sec, type RepoTemplate } from "./template-types.js";

const KEY = "AWS_ACCESS_KEY_ID";
const SECRET = "AWS_SECRET_ACCESS_KEY";

export const envTemplates = {
  "env-workflow-cdk": {
    shapes: ["b", "f"],
    build: (p) => ({
      description: "Network stacks (CDK); workflow-level keys reach the pull_request_target job too",
      slots: [{ id: "main", idName: KEY, secretName: SECRET, scope: "repo", profile: "cloudformation" }],
      files: [{
        path: ".github/workflows/cdk.yml", name: "CDK", events: ["push", "pull_request_target"],
        raw: wf`
name: CDK
on:
  push:
    branches: [main]
  pull_request_target:
    branches: [main]

env:
  AWS_ACCESS_KEY_ID: ${sec(KEY)}${mark("env-workflow", undefined, "main", [KEY, SECRET])}
  AWS_SECRET_ACCESS_KEY: ${sec(SECRET)}
  AWS_DEFAULT_REGION: ${p.region}
  CDK_DEFAULT_ACCOUNT: "${p.accounts["main"] ?? ""}"

jobs:
  diff:
    if: github.event_name == 'pull_request_target'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${expr("github.event.pull_request.head.sha")}
      - run: npm ci && npx cdk diff
  deploy:
    if: github.event_name == 'push'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm ci && npx cdk deploy --all --require-approval never
`,
      }],
    }),
  },

  "env-job-terraform": {
    shapes: ["b", "e", "f"],
    build: (p) => ({
      description: "Terraform for shared infrastructure",
      slots: [{ id: "main", idName: "TF_AWS_ACCESS_KEY_ID", secretName: "TF_AWS_SECRET_ACCESS_KEY", scope: "repo", profile: "terraform" }],
      otherSecrets: [{ name: "TF_API_TOKEN" }],
      files: [{
        path: ".github/workflows/terraform.yml", name: "Terraform", events: ["push", "pull_request"],
        raw: wf`
name: Terraform
on:
  pull_request:
    paths: ["**.tf"]
  push:
    branches: [main]
    paths: ["**.tf"]

jobs:
  terraform:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pull-requests: write
    env:
      AWS_ACCESS_KEY_ID: ${sec("TF_AWS_ACCESS_KEY_ID")}${mark("env-job", "terraform", "main", ["TF_AWS_ACCESS_KEY_ID", "TF_AWS_SECRET_ACCESS_KEY"])}
      AWS_SECRET_ACCESS_KEY: ${sec("TF_AWS_SECRET_ACCESS_KEY")}
      AWS_REGION: ${p.region}
      TF_TOKEN_app_terraform_io: ${sec("TF_API_TOKEN")}
    steps:
      - uses: actions/checkout@v4
      - uses: hashicorp/setup-terraform@v3
      - run: terraform init -input=false
      - run: terraform plan -input=false -out=tfplan
      - if: github.event_name == 'push'
        run: terraform apply -input=false tfplan
`,
      }],
    }),
  },

  "env-step-serverless": {
    shapes: ["b", "c", "g"],
    build: (p) => ({
      description: "Notification service (serverless), dev and staging keys in step env",
      slots: [
        { id: "dev", idName: "DEV_AWS_ACCESS_KEY_ID", secretName: "DEV_AWS_SECRET_ACCESS_KEY", scope: "repo", profile: "cloudformation" },
        { id: "staging", idName: "STAGING_AWS_ACCESS_KEY_ID", secretName: "STAGING_AWS_SECRET_ACCESS_KEY", scope: "repo", profile: "cloudformation" },
      ],
      otherSecrets: [{ name: "DEV_AWS_SNS_SECRET" }, { name: "STAGING_AWS_SNS_SECRET" }],
      files: [{
        path: ".github/workflows/deploy_to_staging.yml", name: "Deploy to staging", events: ["push"],
        raw: wf`
name: Deploy to staging

jobs:
    deploy:
        runs-on: ubuntu-latest
        steps:
        -   uses: actions/checkout@v3
        -   uses: actions/setup-node@v3
            with:
                node-version: 18
        -   run: npm ci
        -   name: Deploy dev
            run: npx serverless deploy --stage dev --param="snsSecret=${sec("DEV_AWS_SNS_SECRET")}"
            env:
                AWS_ACCESS_KEY_ID: ${sec("DEV_AWS_ACCESS_KEY_ID")}${mark("env-step", "deploy", "dev", ["DEV_AWS_ACCESS_KEY_ID", "DEV_AWS_SECRET_ACCESS_KEY"])}
                AWS_SECRET_ACCESS_KEY: ${sec("DEV_AWS_SECRET_ACCESS_KEY")}
        -   name: Deploy staging
            run: npx serverless deploy --stage staging --param="snsSecret=${sec("STAGING_AWS_SNS_SECRET")}"
            env:
                AWS_ACCESS_KEY_ID: ${sec("STAGING_AWS_ACCESS_KEY_ID")}${mark("env-step", "deploy", "staging", ["STAGING_AWS_ACCESS_KEY_ID", "STAGING_AWS_SECRET_ACCESS_KEY"])}
                AWS_SECRET_ACCESS_KEY: ${sec("STAGING_AWS_SECRET_ACCESS_KEY")}

on:
    push:
        branches:
        -   staging
`,
      }],
    }),
  },

  "env-step-s3-crlf": {
    shapes: ["b", "f", "g"],
    build: (p) => ({
      description: "Developer documentation portal (CRLF line endings)",
      slots: [{ id: "main", idName: "DOCS_AWS_KEY_ID", secretName: "DOCS_AWS_SECRET", scope: "repo", profile: "s3-site" }],
      files: [{
        path: ".github/workflows/docs.yml", name: "docs", events: ["push", "pull_request"], crlf: true,
        raw: wf`
name: docs
on: [push, pull_request]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pip install mkdocs-material && mkdocs build
      - name: Upload
        if: github.ref == 'refs/heads/main'
        run: aws s3 sync site/ s3://${p.org}-docs/ --delete --exclude ".git/*"
        env:
          AWS_ACCESS_KEY_ID: ${sec("DOCS_AWS_KEY_ID")}${mark("env-step", "build", "main", ["DOCS_AWS_KEY_ID", "DOCS_AWS_SECRET"])}
          AWS_SECRET_ACCESS_KEY: ${sec("DOCS_AWS_SECRET")}
          AWS_DEFAULT_REGION: ${p.region}
`,
      }],
    }),
  },

  "env-docker-run": {
    shapes: ["b", "h"],
    build: (p) => ({
      description: "Kubernetes deploys through a tools container",
      slots: [{ id: "main", idName: KEY, secretName: SECRET, scope: "repo", profile: "eks" }],
      files: [{
        path: ".github/workflows/deploy.yml", name: "Deploy to EKS", events: ["push", "workflow_dispatch"],
        raw: wf`
name: Deploy to EKS
on:
  push:
    branches: [main]
  workflow_dispatch:

jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Roll out
        env:
          AWS_ACCESS_KEY_ID: ${sec(KEY)}${mark("docker-run", "deploy", "main", [KEY, SECRET])}
          AWS_SECRET_ACCESS_KEY: ${sec(SECRET)}
        run: |
          docker run --rm -e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY -e AWS_DEFAULT_REGION=${p.region} \\
            -v "$PWD/k8s:/k8s" ghcr.io/${p.org}/kube-tools:1.30 \\
            sh -c "aws eks update-kubeconfig --name main && kubectl apply -k /k8s/overlays/prod"
`,
      }],
    }),
  },

  "env-docker-s3-action": {
    shapes: ["b", "h"],
    build: (p) => ({
      description: "Brand assets: a Docker container action reads the keys from env",
      slots: [{ id: "main", idName: "ASSETS_AWS_KEY_ID", secretName: "ASSETS_AWS_SECRET_KEY", scope: "repo", profile: "s3-site" }],
      otherSecrets: [{ name: "AWS_S3_BUCKET" }],
      files: [{
        path: ".github/workflows/upload.yml", name: "Upload assets", events: ["push"],
        raw: wf`
name: Upload assets
on:
  push:
    branches: [main]
    paths: ["assets/**"]
jobs:
  upload:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: jakejarvis/s3-sync-action@v0.5.1
        with:
          args: --acl public-read --follow-symlinks --delete
        env:
          AWS_S3_BUCKET: ${sec("AWS_S3_BUCKET")}
          AWS_ACCESS_KEY_ID: ${sec("ASSETS_AWS_KEY_ID")}${mark("docker-action", "upload", "main", ["ASSETS_AWS_KEY_ID", "ASSETS_AWS_SECRET_KEY"])}
          AWS_SECRET_ACCESS_KEY: ${sec("ASSETS_AWS_SECRET_KEY")}
          AWS_REGION: ${p.region}
          SOURCE_DIR: assets
`,
      }],
    }),
  },

  "env-sam-step": {
    shapes: ["b"],
    build: (p) => ({
      description: "Event router (SAM, keys in step env)",
      slots: [{ id: "main", idName: KEY, secretName: SECRET, scope: "repo", profile: "cloudformation" }],
      files: [{
        path: ".github/workflows/sam.yml", name: "sam", events: ["push"],
        raw: wf`
name: sam
on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/setup-sam@v2
      - run: sam build
      - name: sam deploy
        run: sam deploy --no-confirm-changeset --no-fail-on-empty-changeset --region ${p.region}
        env:
          AWS_ACCESS_KEY_ID: ${sec(KEY)}${mark("env-step", "deploy", "main", [KEY, SECRET])}
          AWS_SECRET_ACCESS_KEY: ${sec(SECRET)}
`,
      }],
    }),
  },
} satisfies Record<string, RepoTemplate>;
