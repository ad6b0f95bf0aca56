// The acme organization's GitHub side, written by hand: 48 repos covering every corpus shape,
// which key each repo holds, organization secrets, and where keys were once committed.
import type { OrgSecretPlan, RepoPlan } from "./plan.js";
import { ORG_DEPLOY_KEY, ORG_DEPLOY_SECRET, PLUGIN_KEY, PLUGIN_SECRET } from "./templates-org.js";

export const acmeOrgSecrets: OrgSecretPlan[] = [
  { name: ORG_DEPLOY_KEY, visibility: "all", key: "org-deployer", createdDaysAgo: 520 },
  { name: ORG_DEPLOY_SECRET, visibility: "all", key: "org-deployer", createdDaysAgo: 520 },
  { name: PLUGIN_KEY, visibility: "selected", selectedRepos: ["chat-plugin-jira", "chat-plugin-github", "chat-plugin-zoom"], key: "plugin-publisher", createdDaysAgo: 90 },
  { name: PLUGIN_SECRET, visibility: "selected", selectedRepos: ["chat-plugin-jira", "chat-plugin-github", "chat-plugin-zoom"], key: "plugin-publisher", createdDaysAgo: 90 },
  { name: "NPM_TOKEN", visibility: "all", createdDaysAgo: 900 },
  { name: "SLACK_WEBHOOK_URL", visibility: "private", createdDaysAgo: 700 },
  // Has AWS in its name and is not a key.
  { name: "AWS_JOB_QUEUE", visibility: "private", createdDaysAgo: 400 },
];

export const acmeRepos: RepoPlan[] = [
  // --- configure-aws-credentials with keys (shape a)
  { name: "marketing-site", template: "cac-v1-s3", bind: { main: "marketing" }, createdDaysAgo: 1300, visibility: "public", region: "us-east-1" },
  { name: "image-resizer", template: "cac-v2-sam", bind: { main: "image-resizer" }, createdDaysAgo: 700 },
  { name: "orders-service", template: "cac-v3-session", createdDaysAgo: 820 },
  { name: "ecr-base-images", template: "cac-v4-ecr-docker", bind: { main: "ecr-publisher" }, lateSecrets: ["main"], createdDaysAgo: 1000, visibility: "internal" },
  { name: "inventory-worker", template: "cac-v5-assume", bind: { main: "inventory" }, createdDaysAgo: 600 },
  { name: "web-frontend", template: "cac-v6-web", bind: { main: "web-frontend" }, createdDaysAgo: 1200, region: "us-east-1" },
  { name: "billing-api", template: "cac-sha-environments", bind: { staging: "billing-staging", production: "billing-prod" }, createdDaysAgo: 900 },
  { name: "checkout-service", template: "cac-prefixed-accounts", bind: { staging: "checkout-staging", production: "checkout-prod" }, createdDaysAgo: 500 },
  { name: "data-pipeline", template: "cac-v6-schedule", bind: { main: "data-pipeline" }, createdDaysAgo: 450 },
  { name: "release-tools", template: "cac-tags-release", bind: { main: "release-tools" }, lateSecrets: ["main"], createdDaysAgo: 1100, visibility: "public" },
  { name: "search-indexer", template: "cac-idtoken-keys", bind: { main: "search-indexer" }, createdDaysAgo: 400 },
  { name: "nightly-backups", template: "cac-v2-backup", bind: { main: "backups" }, createdDaysAgo: 800 },
  // --- keys in env (shape b)
  { name: "cdk-networking", template: "env-workflow-cdk", bind: { main: "cdk-networking" }, createdDaysAgo: 640 },
  { name: "platform-infra", template: "env-job-terraform", bind: { main: "terraform-ci" }, createdDaysAgo: 1400 },
  { name: "aws-org-config", template: "env-job-terraform", bind: { main: "org-terraform" }, lateSecrets: ["main"], createdDaysAgo: 1600 },
  { name: "serverless-notifications", template: "env-step-serverless", bind: { dev: "notifications-dev", staging: "notifications-staging" }, createdDaysAgo: 1000 },
  { name: "docs-portal", template: "env-step-s3-crlf", bind: { main: "docs-portal" }, createdDaysAgo: 900, visibility: "public" },
  { name: "brand-assets", template: "env-docker-s3-action", bind: { main: "brand-assets" }, createdDaysAgo: 980, visibility: "internal" },
  { name: "kubernetes-deploy", template: "env-docker-run", bind: { main: "kube-deploy" }, createdDaysAgo: 730 },
  { name: "warehouse-api", template: "env-sam-step", bind: { main: "warehouse" }, createdDaysAgo: 500, secretScanning: false },
  { name: "batch-genomics", template: "env-batch-nonkey", bind: { main: "genomics" }, createdDaysAgo: 560, visibility: "public" },
  { name: "pr-preview-envs", template: "env-pr-target", bind: { main: "pr-previews" }, createdDaysAgo: 420 },
  { name: "chatops-bot", template: "run-inline-sls", bind: { main: "chatops" }, lateSecrets: ["main"], createdDaysAgo: 1200 },
  // --- keys that travel: reusable workflows, composite and third-party actions, vars (shapes d, h)
  { name: "reporting-jobs", template: "reusable-inherit", bind: { main: "reporting" }, createdDaysAgo: 700 },
  {
    name: "payments-gateway", template: "reusable-explicit", bind: { staging: "payments-staging", production: "payments-prod" }, createdDaysAgo: 950,
    alerts: [{ slot: "production", path: ".env.production", line: 4, state: "resolved" }],
  },
  { name: "customer-portal", template: "composite-input", bind: { main: "customer-portal" }, createdDaysAgo: 300 },
  {
    name: "mobile-backend", template: "third-party-inputs", bind: { main: "mobile" }, lateSecrets: ["main"], createdDaysAgo: 1000,
    alerts: [{ slot: "main", path: "docs/deploying.md", line: 12, state: "open" }],
  },
  { name: "analytics-etl", template: "vars-key-id", bind: { main: "analytics" }, createdDaysAgo: 380 },
  // --- organization secrets (all / selected)
  { name: "cost-reports", template: "org-all", createdDaysAgo: 600 },
  { name: "uptime-reports", template: "org-all", createdDaysAgo: 350, variant: 1 },
  { name: "chat-plugin-jira", template: "org-selected-inherit", createdDaysAgo: 200, visibility: "public" },
  { name: "chat-plugin-github", template: "org-selected-inherit", createdDaysAgo: 180, visibility: "public" },
  { name: "chat-plugin-zoom", template: "no-aws", createdDaysAgo: 150, visibility: "public" },
  // --- YAML quirks, literal key, negatives (shapes g, i, j)
  { name: "status-page", template: "yaml-quirks", bind: { main: "status-page" }, createdDaysAgo: 365 },
  {
    name: "legacy-monolith", template: "literal-key", bind: { main: "legacy" }, createdDaysAgo: 2000, defaultBranch: "master",
    alerts: [{ slot: "main", state: "open" }],
  },
  { name: "identity-service", template: "oidc-full", createdDaysAgo: 800 },
  { name: "ml-training", template: "half-migrated", bind: { main: "ml-prod" }, createdDaysAgo: 260 },
  { name: "infra-scripts", template: "invalid-yaml", createdDaysAgo: 1500 },
  // --- archived repos and forks
  { name: "website-2019", template: "cac-v1-s3", bind: { main: "old-site" }, createdDaysAgo: 2300, archived: true, defaultBranch: "master" },
  { name: "api-v1", template: "no-aws", createdDaysAgo: 2200, archived: true, defaultBranch: "master", variant: 1 },
  { name: "serverless-plugin-canary", template: "fork-upstream", createdDaysAgo: 500, fork: true, visibility: "public", defaultBranch: "master" },
  { name: "terraform-aws-vpc", template: "no-aws", createdDaysAgo: 450, fork: true, visibility: "public" },
  // --- created after 2026-07-15: immutable OIDC subject claims
  { name: "fraud-detection", template: "cac-v6-schedule", bind: { main: "fraud-detection" }, createdDaysAgo: 100 },
  { name: "edge-router", template: "oidc-new", createdDaysAgo: 95 },
  { name: "ledger-service", template: "reusable-inherit", bind: { main: "ledger" }, createdDaysAgo: 60 },
  // --- no AWS at all
  { name: "design-system", template: "no-aws", createdDaysAgo: 900, visibility: "public" },
  { name: "mobile-app", template: "no-aws", createdDaysAgo: 1100, variant: 1 },
  { name: ".github", template: "no-aws", createdDaysAgo: 1400, visibility: "public", variant: 1 },
];
