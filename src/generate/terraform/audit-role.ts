// Terraform for the role the keyless GitHub Action assumes (docs/action.md): in the management (or
// delegated-admin) account, trusted through GitHub's OIDC provider by one repository's workflows on
// one branch only, allowed exactly the read calls discover makes there (Organizations, IAM,
// CloudTrail) and sts:AssumeRole into the member accounts' audit role. Pure: same options, same bytes.
import { GITHUB_ISSUER } from "../../plan/config.js";
import { code } from "../../plan/markdown.js";
import type { PolicyDocument } from "../../plan/schema.js";
import { attr, blank, block, call, comment, fromJson, list, obj, raw, renderFile, str } from "./hcl.js";
import type { GeneratedFile } from "./index.js";
import { AWS_PROVIDER_VERSION, TERRAFORM_VERSION } from "./module.js";

export interface AuditRoleOptions {
  /** The security team's repository, owner/name: its workflows on `branch` may assume the role. */
  repo: string;
  /** The repository's default branch. */
  branch: string;
  /** The role discover enters in each member account (keyless audit --audit-role). */
  memberRole: string;
  /** Name of the role created here. */
  roleName: string;
  /** AWS partition of the ARNs (aws, aws-us-gov, aws-cn). */
  partition: string;
}

export const DEFAULT_AUDIT_ROLE_NAME = "keyless-audit";

/**
 * The calls src/discover/aws makes with the caller's own credentials, as IAM actions (a test holds
 * this list to the SDK commands that folder sends). sts:GetCallerIdentity needs no permission.
 */
export const DISCOVER_READ_ACTIONS: Record<"organizations" | "iam" | "cloudtrail", readonly string[]> = {
  organizations: ["DescribeOrganization", "ListAccounts", "ListChildren", "ListDelegatedServicesForAccount", "ListOrganizationalUnitsForParent", "ListRoots"],
  iam: [
    "GenerateCredentialReport",
    "GenerateServiceLastAccessedDetails",
    "GetAccessKeyLastUsed",
    "GetAccountAuthorizationDetails",
    "GetCredentialReport",
    "GetGroupPolicy",
    "GetOpenIDConnectProvider",
    "GetPolicy",
    "GetPolicyVersion",
    "GetServiceLastAccessedDetails",
    "GetUserPolicy",
    "ListAccessKeys",
    "ListAttachedGroupPolicies",
    "ListAttachedUserPolicies",
    "ListGroupPolicies",
    "ListGroupsForUser",
    "ListOpenIDConnectProviders",
    "ListRoles",
    "ListUserPolicies",
    "ListUsers",
  ],
  cloudtrail: ["LookupEvents"],
};

const HOST = GITHUB_ISSUER.replace(/^https:\/\//, "");

/** The trust policy, with `providerArn` standing for the OIDC provider's ARN. */
export function auditRoleTrustPolicy(options: AuditRoleOptions, providerArn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "KeylessActionOnDefaultBranch",
        Effect: "Allow",
        Principal: { Federated: providerArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: { [`${HOST}:aud`]: "sts.amazonaws.com", [`${HOST}:sub`]: `repo:${options.repo}:ref:refs/heads/${options.branch}` } },
      },
    ],
  } as PolicyDocument;
}

export function auditRolePermissionPolicy(options: AuditRoleOptions): PolicyDocument {
  const actions = (service: keyof typeof DISCOVER_READ_ACTIONS) => DISCOVER_READ_ACTIONS[service].map((a) => `${service}:${a}`);
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "ReadOrganization", Effect: "Allow", Action: actions("organizations"), Resource: "*" },
      { Sid: "ReadIam", Effect: "Allow", Action: actions("iam"), Resource: "*" },
      { Sid: "ReadCloudTrail", Effect: "Allow", Action: actions("cloudtrail"), Resource: "*" },
      {
        Sid: "EnterMemberAccounts",
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Resource: `arn:${options.partition}:iam::*:role/${options.memberRole}`,
        // Only roles of accounts in this organization.
        Condition: { StringEquals: { "aws:ResourceOrgID": "${aws:PrincipalOrgID}" } },
      },
    ],
  } as PolicyDocument;
}

const PROVIDER_ARN = "var.oidc_provider_arn != null ? var.oidc_provider_arn : aws_iam_openid_connect_provider.github[0].arn";

export function generateAuditRoleTerraform(options: AuditRoleOptions, dir = "audit-role"): GeneratedFile[] {
  const marker = "keyless:oidc-provider";
  const refs = new Map([[marker, "local.oidc_provider_arn"]]);
  const main = renderFile([
    block("provider", ["aws"], [attr("region", raw("var.region")), blank, block("default_tags", [], [attr("tags", raw("var.tags"))])]),
    blank,
    comment("GitHub Actions' OIDC provider, unless the account has it already (var.oidc_provider_arn)."),
    block("resource", ["aws_iam_openid_connect_provider", "github"], [
      attr("count", raw("var.oidc_provider_arn == null ? 1 : 0")),
      attr("url", str(GITHUB_ISSUER)),
      attr("client_id_list", list([str("sts.amazonaws.com")])),
    ]),
    blank,
    block("locals", [], [attr("oidc_provider_arn", raw(PROVIDER_ARN))]),
    blank,
    comment(`Assumed by the keyless GitHub Action in ${options.repo}, on ${options.branch} only.`),
    block("resource", ["aws_iam_role", "keyless_audit"], [
      attr("name", str(options.roleName)),
      attr("description", str(`keyless audit from GitHub Actions in ${options.repo} (${options.branch}): read-only`)),
      // A large organization's scan outlasts an hour, and the job's own credentials are not renewed
      // (the member accounts' chained sessions are: keyless assumes them again). configure-aws-credentials'
      // role-duration-seconds may ask for up to this.
      attr("max_session_duration", raw("var.max_session_duration")),
      attr("permissions_boundary", raw("var.permissions_boundary")),
      attr("assume_role_policy", call("jsonencode", fromJson(auditRoleTrustPolicy(options, marker), refs))),
    ]),
    blank,
    comment("Exactly the read calls keyless discover makes here, and entering each member account's audit role."),
    block("resource", ["aws_iam_role_policy", "keyless_audit_read"], [
      attr("name", str("keyless-audit-read")),
      attr("role", raw("aws_iam_role.keyless_audit.id")),
      attr("policy", call("jsonencode", fromJson(auditRolePermissionPolicy(options)))),
    ]),
  ]);
  const variables = renderFile([
    block("variable", ["region"], [attr("description", str("Region of the AWS provider. IAM is global: any enabled region works.")), attr("type", raw("string")), attr("default", str("us-east-1"))]),
    blank,
    block("variable", ["oidc_provider_arn"], [
      attr("description", str("ARN of the account's existing GitHub OIDC provider, or null to create one.")),
      attr("type", raw("string")),
      attr("default", { t: "null" }),
    ]),
    blank,
    block("variable", ["max_session_duration"], [
      attr("description", str("Longest session, in seconds (role-duration-seconds in the workflow): the whole scan runs in one.")),
      attr("type", raw("number")),
      attr("default", { t: "num", v: 14400 }),
    ]),
    blank,
    block("variable", ["permissions_boundary"], [attr("description", str("ARN of a permissions boundary for the role, or null for none.")), attr("type", raw("string")), attr("default", { t: "null" })]),
    blank,
    block("variable", ["tags"], [attr("description", str("Tags for every resource this module creates.")), attr("type", raw("map(string)")), attr("default", obj([["ManagedBy", str("keyless")]]))]),
  ]);
  const versions = renderFile([
    block("terraform", [], [
      attr("required_version", str(TERRAFORM_VERSION)),
      blank,
      block("required_providers", [], [attr("aws", obj([["source", str("hashicorp/aws")], ["version", str(AWS_PROVIDER_VERSION)]]))]),
    ]),
  ]);
  const outputs = renderFile([
    block("output", ["role_arn"], [attr("description", str("role-to-assume for aws-actions/configure-aws-credentials in the keyless workflow")), attr("value", raw("aws_iam_role.keyless_audit.arn"))]),
  ]);
  return [
    { path: `${dir}/versions.tf`, text: versions },
    { path: `${dir}/variables.tf`, text: variables },
    { path: `${dir}/main.tf`, text: main },
    { path: `${dir}/outputs.tf`, text: outputs },
    { path: `${dir}/README.md`, text: readme(options) },
  ];
}

function readme(options: AuditRoleOptions): string {
  return [
    "# The keyless audit role",
    "",
    `Apply in the AWS Organization's management account (or the delegated administrator's): the role ${code(options.roleName)} that the keyless GitHub Action assumes from ${code(options.repo)}, on ${code(options.branch)} only, through GitHub's OIDC provider (no access key).`,
    "",
    "```sh",
    "terraform init",
    "terraform plan -out keyless.tfplan",
    "terraform apply keyless.tfplan",
    "```",
    "",
    `Its output ${code("role_arn")} is the ${code("role-to-assume")} of aws-actions/configure-aws-credentials in the workflow (docs/action.md).`,
    `It reads Organizations, IAM and CloudTrail here, and enters ${code(options.memberRole)} in each member account: that role must exist there and trust this account (${code("OrganizationAccountAccessRole")} does, but it is an administrator role; a read-only role deployed with a StackSet is better).`,
    "If the account already has GitHub's OIDC provider, set `oidc_provider_arn` to its ARN.",
    "",
  ].join("\n");
}
