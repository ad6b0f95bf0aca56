// Repo templates around aws-actions/configure-aws-credentials given static keys (corpus shape a):
// v1…v6, session token, key-then-assume, ECR login and a docker:// action.
import { mark, wf } from "./markers.js";
import { expr, sec, type RepoTemplate } from "./template-types.js";

const KEY = "AWS_ACCESS_KEY_ID";
const SECRET = "AWS_SECRET_ACCESS_KEY";

export const cacTemplates = {
  "cac-v1-s3": {
    shapes: ["a", "f"],
    build: (p) => ({
      description: "Marketing website",
      slots: [{ id: "main", idName: KEY, secretName: SECRET, scope: "repo", cac: "plain", profile: "s3-site" }],
      otherSecrets: [{ name: "CLOUDFRONT_DISTRIBUTION_ID" }],
      files: [{
        path: ".github/workflows/publish.yml", name: "Publish marketing site", events: ["workflow_dispatch"],
        raw: wf`
name: Publish marketing site

on:
  workflow_dispatch:
    inputs:
      invalidate:
        description: Invalidate the CloudFront cache
        type: boolean
        default: true

jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v2
      - name: Configure AWS credentials
        uses: aws-actions/configure-aws-credentials@v1
        with:
          aws-access-key-id: ${sec(KEY)}${mark("cac-v1", "publish", "main", [KEY, SECRET])}
          aws-secret-access-key: ${sec(SECRET)}
          aws-region: ${p.region}
      - name: Sync to S3
        run: aws s3 sync ./public s3://${p.org}-${p.repo} --delete
      - name: Invalidate
        if: ${expr("inputs.invalidate")}
        run: aws cloudfront create-invalidation --distribution-id ${sec("CLOUDFRONT_DISTRIBUTION_ID")} --paths "/*"
`,
      }],
    }),
  },

  "cac-v2-sam": {
    shapes: ["a", "f"],
    build: (p) => ({
      description: "Image resizing Lambda (SAM)",
      slots: [{ id: "main", idName: KEY, secretName: SECRET, scope: "repo", cac: "plain", profile: "cloudformation" }],
      otherSecrets: [{ name: "AWS_REGION" }, { name: "SAM_STACK_NAME" }],
      files: [{
        path: ".github/workflows/sam-deploy.yml", name: "SAM deploy", events: ["push"],
        raw: wf`
name: SAM deploy
on:
  push:
    branches: [ main ]

jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v3
      - uses: actions/setup-python@v4
        with:
          python-version: "3.11"
      - uses: aws-actions/setup-sam@v2
      - name: Configure AWS credentials
        uses: aws-actions/configure-aws-credentials@v2
        with:
          aws-access-key-id: ${sec(KEY)}${mark("cac-v2", "deploy", "main", [KEY, SECRET])}
          aws-secret-access-key: ${sec(SECRET)}
          aws-region: ${sec("AWS_REGION")}
      - run: sam build --use-container
      - run: |
          sam deploy \\
            --stack-name ${sec("SAM_STACK_NAME")} \\
            --region ${sec("AWS_REGION")} \\
            --capabilities CAPABILITY_IAM \\
            --no-confirm-changeset --no-fail-on-empty-changeset
`,
      }],
    }),
  },

  "cac-v3-session": {
    shapes: ["a"],
    build: (p) => ({
      description: "Orders service (temporary credentials pasted into secrets)",
      slots: [{ id: "main", idName: KEY, secretName: SECRET, sessionName: "AWS_SESSION_TOKEN", scope: "repo", cac: "plain", profile: "lambda" }],
      files: [{
        path: ".github/workflows/deploy.yml", name: "Deploy", events: ["push", "workflow_dispatch"],
        raw: wf`
name: Deploy
on:
  push:
    branches: [main]
  workflow_dispatch:

jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v3
      - uses: aws-actions/configure-aws-credentials@v3
        with:
          aws-access-key-id: ${sec(KEY)}${mark("cac-session", "deploy", "main", [KEY, SECRET, "AWS_SESSION_TOKEN"])}
          aws-secret-access-key: ${sec(SECRET)}
          aws-session-token: ${sec("AWS_SESSION_TOKEN")}
          aws-region: ${p.region}
          mask-aws-account-id: 'false'
      - run: |
          zip -r function.zip src
          aws lambda update-function-code --function-name ${p.repo} --zip-file fileb://function.zip
`,
      }],
    }),
  },

  "cac-v4-ecr-docker": {
    shapes: ["a", "b", "h"],
    build: (p) => ({
      description: "Base container images",
      slots: [{ id: "main", idName: KEY, secretName: SECRET, scope: "repo", cac: "plain", profile: "ecr" }],
      files: [{
        path: ".github/workflows/images.yml", name: "Build base images", events: ["push", "schedule"],
        raw: wf`
name: Build base images
on:
  push:
    branches: [main]
    paths: ["images/**"]
  schedule:
    - cron: "17 4 * * 1"

jobs:
  build:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        image: [node20, python312, jdk21]
    steps:
      - uses: actions/checkout@v4
      - name: Configure AWS credentials
        uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: ${sec(KEY)}${mark("cac-v4", "build", "main", [KEY, SECRET])}
          aws-secret-access-key: ${sec(SECRET)}
          aws-region: ${p.region}
      - name: Login to Amazon ECR
        id: ecr
        uses: aws-actions/amazon-ecr-login@v2
      - name: Build and push
        run: |
          docker build -t ${expr("steps.ecr.outputs.registry")}/base/${expr("matrix.image")}:latest images/${expr("matrix.image")}
          docker push ${expr("steps.ecr.outputs.registry")}/base/${expr("matrix.image")}:latest
      - name: Tag scan results
        uses: docker://amazon/aws-cli:2.17.0
        env:
          AWS_ACCESS_KEY_ID: ${sec(KEY)}${mark("docker-action", "build", "main", [KEY, SECRET])}
          AWS_SECRET_ACCESS_KEY: ${sec(SECRET)}
          AWS_DEFAULT_REGION: ${p.region}
        with:
          args: ecr describe-image-scan-findings --repository-name base/${expr("matrix.image")} --image-id imageTag=latest
`,
      }],
    }),
  },

  "cac-v5-assume": {
    shapes: ["a", "c", "d"],
    build: (p) => ({
      description: "Inventory worker (keys in tooling, role in the target account)",
      slots: [{ id: "main", idName: "CI_AWS_ACCESS_KEY_ID", secretName: "CI_AWS_SECRET_ACCESS_KEY", scope: "repo", cac: "plain", profile: "cloudformation" }],
      otherSecrets: [{ name: "DEPLOY_ROLE_EXTERNAL_ID" }],
      files: [{
        path: ".github/workflows/deploy.yml", name: "Deploy worker", events: ["push"],
        raw: wf`
name: Deploy worker
on:
  push:
    branches:
      - main

jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Assume deploy role
        uses: aws-actions/configure-aws-credentials@v5
        with:
          aws-access-key-id: ${sec("CI_AWS_ACCESS_KEY_ID")}${mark("cac-assume", "deploy", "main", ["CI_AWS_ACCESS_KEY_ID", "CI_AWS_SECRET_ACCESS_KEY"])}
          aws-secret-access-key: ${sec("CI_AWS_SECRET_ACCESS_KEY")}
          aws-region: ${p.region}
          role-to-assume: arn:aws:iam::${p.targetAccount}:role/inventory-deployer
          role-external-id: ${sec("DEPLOY_ROLE_EXTERNAL_ID")}
          role-duration-seconds: 1800
          role-session-name: ${p.repo}-deploy
      - run: npm ci && npx cdk deploy --require-approval never
`,
      }],
    }),
  },

  "cac-v6-web": {
    shapes: ["a", "e", "f"],
    build: (p) => ({
      description: "Customer-facing web frontend",
      slots: [{ id: "main", idName: KEY, secretName: SECRET, scope: "repo", cac: "run-id", profile: "s3-site" }],
      otherSecrets: [{ name: "CLOUDFRONT_DISTRIBUTION_ID" }, { name: "SENTRY_AUTH_TOKEN" }],
      files: [{
        path: ".github/workflows/deploy.yml", name: "Build and deploy", events: ["push", "pull_request"],
        raw: wf`
name: Build and deploy

on:
  push:
    branches: [main]
  pull_request:

permissions:
  contents: read

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci && npm run build
      - uses: actions/upload-artifact@v4
        with:
          name: dist
          path: dist

  deploy:
    if: github.event_name == 'push'
    needs: build
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v4
        with:
          name: dist
          path: dist
      - name: Configure AWS credentials
        uses: aws-actions/configure-aws-credentials@v6
        with:
          aws-access-key-id: ${sec(KEY)}${mark("cac-v6", "deploy", "main", [KEY, SECRET])}
          aws-secret-access-key: ${sec(SECRET)}
          aws-region: ${p.region}
      - run: aws s3 sync dist s3://${p.org}-${p.repo}-prod --delete --cache-control max-age=300
      - run: aws cloudfront create-invalidation --distribution-id ${sec("CLOUDFRONT_DISTRIBUTION_ID")} --paths "/index.html"
`,
      }],
    }),
  },

} satisfies Record<string, RepoTemplate>;
