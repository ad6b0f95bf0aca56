// The acme organization's AWS side, written by hand: accounts in OUs, IAM users and their keys
// (old, never used, stale, two active, admin-equivalent, root), groups, and the GitHub OIDC roles.
import type { AccountPlan, GroupPlan, OidcRolePlan, RootKeyPlan, UserPlan } from "./plan.js";

export const acmeAccounts: AccountPlan[] = [
  { key: "mgmt", name: "acme-management", ou: "", joinedDaysAgo: 2400, joinedMethod: "CREATED" },
  { key: "security", name: "acme-security", ou: "Security", joinedDaysAgo: 2300 },
  { key: "tooling", name: "acme-tooling", ou: "Infrastructure", joinedDaysAgo: 2100 },
  { key: "shared", name: "acme-shared-services", ou: "Infrastructure", joinedDaysAgo: 2050 },
  { key: "prod", name: "acme-prod", ou: "Workloads/Prod", joinedDaysAgo: 2000, joinedMethod: "INVITED" },
  { key: "staging", name: "acme-staging", ou: "Workloads/Staging", joinedDaysAgo: 1900 },
  { key: "dev", name: "acme-dev", ou: "Workloads/Dev", joinedDaysAgo: 1900 },
  // Its OrganizationAccountAccessRole was edited to trust only the research team: the audit cannot enter.
  { key: "sandbox", name: "acme-research-sandbox", ou: "Sandbox", joinedDaysAgo: 900, denyAuditRole: true },
  { key: "legacy", name: "acme-legacy-2019", ou: "Workloads/Dev", joinedDaysAgo: 2500, joinedMethod: "INVITED", status: "SUSPENDED" },
];

export const acmeGroups: GroupPlan[] = [
  { account: "mgmt", name: "BillingReaders", policies: ["aws:ReadOnlyAccess"] },
  { account: "mgmt", name: "Humans", policies: ["customer:force-mfa"] },
  { account: "shared", name: "Admins", policies: ["aws:AdministratorAccess"] },
  { account: "prod", name: "Deployers", policies: ["customer:ci-s3-deploy", "customer:ci-lambda-deploy"] },
  { account: "dev", name: "Developers", policies: ["aws:PowerUserAccess"] },
];

const ci = (account: string, userName: string, policies: UserPlan["policies"], keys: UserPlan["keys"], createdDaysAgo?: number, groups?: string[]): UserPlan => ({
  account,
  userName,
  path: "/ci/",
  createdDaysAgo: createdDaysAgo ?? Math.max(...keys.map((k) => k.ageDays)) + 3,
  policies,
  keys,
  ...(groups ? { groups } : {}),
  tags: { "managed-by": "hand", team: account === "dev" ? "product" : "platform" },
});

export const acmeUsers: UserPlan[] = [
  // --- management
  { account: "mgmt", userName: "keyless-sandbox", path: "/automation/", createdDaysAgo: 30, policies: ["aws:ReadOnlyAccess"], keys: [] },
  { account: "mgmt", userName: "alice.nguyen", createdDaysAgo: 1500, human: true, groups: ["Humans"], policies: ["aws:AdministratorAccess"], keys: [{ ageDays: 250, outside: "office" }] },
  { account: "mgmt", userName: "bob.okafor", createdDaysAgo: 700, human: true, groups: ["BillingReaders", "Humans"], keys: [{ ageDays: 300 }] },
  ci("mgmt", "terraform-org", ["inline:full-access"], [{ ref: "org-terraform", ageDays: 900 }]),
  // --- security
  ci("security", "backup-bot", ["inline:backup-writer"], [{ ref: "backups", ageDays: 410 }]),
  ci("security", "guardduty-export", ["inline:guardduty-export"], [{ ageDays: 500, lastUsedDaysAgo: 150, lastUsedService: "guardduty" }]),
  ci("security", "audit-tool", ["aws:ReadOnlyAccess"], [{ ageDays: 900, status: "Inactive", lastUsedDaysAgo: 600, lastUsedService: "iam" }]),
  // --- tooling (also holds the GitHub OIDC provider)
  ci("tooling", "gha-ecr-publisher", ["customer:ci-ecr-push"], [{ ref: "ecr-publisher", ageDays: 400 }]),
  ci("tooling", "gha-inventory", ["customer:assume-deployer"], [{ ref: "inventory", ageDays: 200 }]),
  ci("tooling", "org-deployer", ["aws:AmazonS3FullAccess"], [{ ref: "org-deployer", ageDays: 520 }]),
  ci("tooling", "gha-plugin-publisher", ["customer:ci-s3-deploy"], [{ ref: "plugin-publisher", ageDays: 90 }]),
  // --- shared services
  ci("shared", "terraform-ci", ["customer:terraform-state"], [{ ref: "terraform-ci", ageDays: 700, outside: "on-prem" }], 720, ["Admins"]),
  ci("shared", "gha-cdk-networking", ["aws:AWSCloudFormationFullAccess", "inline:ci-cloudformation-deploy"], [{ ref: "cdk-networking", ageDays: 150 }]),
  ci("shared", "gha-status-page", ["customer:ci-s3-deploy"], [{ ref: "status-page", ageDays: 160 }]),
  ci("shared", "gha-kube-deployer", ["customer:ci-eks-deploy"], [{ ref: "kube-deploy", ageDays: 230 }]),
  ci("shared", "gha-data-pipeline", ["customer:ci-batch-submit"], [{ ref: "data-pipeline", ageDays: 130 }]),
  // --- prod
  ci("prod", "gha-web-frontend", ["customer:ci-s3-deploy"], [
    { ageDays: 420, status: "Inactive", lastUsedDaysAgo: 95, lastUsedService: "s3" },
    { ref: "web-frontend", ageDays: 95 },
  ]),
  ci("prod", "gha-billing-api-prod", ["aws:AmazonEC2ContainerRegistryPowerUser"], [{ ref: "billing-prod", ageDays: 180 }]),
  ci("prod", "marketing-site", ["aws:AmazonS3FullAccess", "aws:CloudFrontFullAccess"], [{ ref: "marketing", ageDays: 800 }]),
  ci("prod", "gha-image-resizer", ["aws:AWSCloudFormationFullAccess", "aws:AWSLambda_FullAccess"], [{ ref: "image-resizer", ageDays: 300 }]),
  ci("prod", "brand-assets-uploader", ["customer:ci-s3-deploy"], [{ ref: "brand-assets", ageDays: 640 }]),
  ci("prod", "gha-docs-portal", [], [{ ref: "docs-portal", ageDays: 250 }], undefined, ["Deployers"]),
  // Two active keys: a rotation that was started and never finished.
  ci("prod", "mobile-deployer", ["customer:ci-lambda-deploy", "customer:ci-ecr-push"], [{ ref: "mobile", ageDays: 330 }, { ageDays: 40 }]),
  ci("prod", "gha-payments-prod", ["aws:AmazonEC2ContainerRegistryPowerUser"], [{ ref: "payments-prod", ageDays: 210 }]),
  ci("prod", "legacy-deployer", ["aws:AdministratorAccess"], [{ ref: "legacy", ageDays: 1100 }]),
  ci("prod", "gha-ml-models", ["customer:ci-s3-deploy"], [{ ref: "ml-prod", ageDays: 120 }]),
  ci("prod", "gha-release-tools", ["customer:ci-s3-deploy"], [{ ref: "release-tools", ageDays: 380 }]),
  ci("prod", "gha-search-indexer", ["customer:ci-lambda-deploy"], [{ ref: "search-indexer", ageDays: 140 }]),
  ci("prod", "gha-warehouse-api", ["aws:AWSCloudFormationFullAccess", "inline:ci-cloudformation-deploy"], [{ ref: "warehouse", ageDays: 260 }]),
  ci("prod", "gha-checkout-prod", ["customer:ci-ecr-push"], [{ ref: "checkout-prod", ageDays: 70 }]),
  // --- staging
  ci("staging", "gha-billing-api-staging", ["aws:AmazonEC2ContainerRegistryPowerUser"], [{ ref: "billing-staging", ageDays: 180 }]),
  ci("staging", "gha-customer-portal", ["customer:ci-ecr-push"], [{ ref: "customer-portal", ageDays: 45 }]),
  ci("staging", "gha-checkout-staging", ["customer:ci-ecr-push"], [{ ref: "checkout-staging", ageDays: 70 }]),
  ci("staging", "gha-payments-staging", ["customer:ci-ecr-push"], [{ ref: "payments-staging", ageDays: 210 }]),
  ci("staging", "gha-fraud-detection", ["customer:ci-batch-submit"], [{ ref: "fraud-detection", ageDays: 85 }]),
  ci("staging", "gha-notifications-staging", ["aws:AWSCloudFormationFullAccess"], [{ ref: "notifications-staging", ageDays: 365 }]),
  // --- dev
  ci("dev", "gha-reporting-jobs", ["customer:ci-lambda-deploy"], [{ ref: "reporting", ageDays: 330 }]),
  ci("dev", "gha-notifications-dev", ["aws:AWSCloudFormationFullAccess"], [{ ref: "notifications-dev", ageDays: 365 }]),
  ci("dev", "gha-pr-previews", ["aws:AWSCloudFormationFullAccess", "inline:ci-cloudformation-deploy"], [{ ref: "pr-previews", ageDays: 190 }]),
  ci("dev", "chatops", ["aws:AWSCloudFormationFullAccess", "aws:AWSLambda_FullAccess"], [{ ref: "chatops", ageDays: 600 }]),
  ci("dev", "gha-analytics-etl", ["customer:ci-batch-submit"], [{ ref: "analytics", ageDays: 110 }]),
  ci("dev", "gha-batch-genomics", ["customer:ci-batch-submit", "aws:AmazonS3FullAccess"], [{ ref: "genomics", ageDays: 280 }]),
  ci("dev", "gha-old-site", ["aws:AmazonS3FullAccess"], [{ ref: "old-site", ageDays: 2000, status: "Inactive", lastUsedDaysAgo: 720, lastUsedService: "s3" }]),
  ci("dev", "gha-ledger-service", ["customer:ci-lambda-deploy"], [{ ref: "ledger", ageDays: 50 }]),
  { account: "dev", userName: "dana.kim", createdDaysAgo: 400, human: true, groups: ["Developers"], keys: [{ ageDays: 380, lastUsedDaysAgo: 200, lastUsedService: "s3" }] },
  // --- research sandbox (unreachable by the audit role)
  { account: "sandbox", userName: "researcher-1", createdDaysAgo: 600, policies: ["inline:research-sandbox"], keys: [{ ageDays: 580, lastUsedDaysAgo: 3, lastUsedService: "sagemaker" }] },
  { account: "sandbox", userName: "researcher-2", createdDaysAgo: 300, policies: ["inline:research-sandbox"], keys: [{ ageDays: 290 }] },
];

export const acmeRootKeys: RootKeyPlan[] = [{ account: "prod", ageDays: 1500, lastUsedDaysAgo: 420 }];

export const acmeOidcRoles: OidcRolePlan[] = [
  { roleName: "gha-identity-service", subjects: ["repo:acme/identity-service:ref:refs/tags/v*"], policies: ["customer:ci-ecr-push"] },
  { roleName: "gha-ml-training-artifacts", subjects: ["repo:acme/ml-training:ref:refs/heads/main"], policies: ["customer:ci-s3-deploy"] },
  // Created for a repo born after 2026-07-15: its tokens carry the immutable subject.
  { roleName: "gha-edge-router", subjects: ["{immutable:edge-router}:ref:refs/heads/main"], policies: ["aws:AWSCloudFormationFullAccess"] },
  // Weak: any repository of the organization (and any branch) may assume it.
  { roleName: "gha-shared-deployer", subjects: ["repo:acme/*"], policies: ["aws:PowerUserAccess"] },
];
