// The migration plan, version 1: what `keyless plan` writes to reports/plan.json and what
// `keyless generate` reads back. The plan is plain data, so this zod schema is both its type and its
// wire format; it is published as docs/schema/plan-v1.schema.json and may only grow within v1.
import { z } from "zod";

export const PLAN_SCHEMA_VERSION = 1;

const timestamp = z.iso.datetime({ offset: true }).describe("ISO 8601 date and time");
const accountId = z.string().describe("12-digit AWS account id");
const stringOrList = z.union([z.string(), z.array(z.string())]);

export const PolicyStatement = z
  .object({
    Sid: z.string().optional(),
    Effect: z.enum(["Allow", "Deny"]),
    Principal: z.union([z.literal("*"), z.record(z.string(), stringOrList)]).optional(),
    NotPrincipal: z.record(z.string(), stringOrList).optional(),
    Action: stringOrList.optional(),
    NotAction: stringOrList.optional(),
    Resource: stringOrList.optional(),
    NotResource: stringOrList.optional(),
    Condition: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  })
  .describe("One IAM policy statement, as IAM reads it")
  .meta({ id: "PolicyStatement" });

export const PolicyDocument = z
  .object({
    Version: z.string().describe("2012-10-17 for every policy keyless writes"),
    Id: z.string().optional(),
    Statement: z.array(PolicyStatement),
  })
  .describe("An IAM policy document (trust or permission policy), ready for any IAM tool")
  .meta({ id: "PolicyDocument" });
export type PolicyDocument = z.infer<typeof PolicyDocument>;
export type PolicyStatement = z.infer<typeof PolicyStatement>;

export const Issue = z
  .object({
    severity: z.enum(["blocker", "warning"]).describe("A blocker stops the repo (or the whole plan); a warning asks a reviewer to look"),
    code: z.string().describe("Stable short code, e.g. UnknownTargetAccount, PullRequestOnly, SelfHostedRunner"),
    message: z.string(),
    remediation: z.string().optional(),
    repo: z.string().optional(),
    path: z.string().optional(),
    job: z.string().optional(),
    usageId: z.string().optional(),
    accessKeyId: z.string().optional(),
    accountId: z.string().optional(),
  })
  .meta({ id: "PlanIssue" });
export type Issue = z.infer<typeof Issue>;

export const TrustedSubject = z
  .object({
    value: z.string().describe("The `sub` claim value as written in the trust policy (IAM escapes included)"),
    operator: z.enum(["StringEquals", "StringLike"]).describe("StringLike only where a pattern is needed"),
    notLike: z
      .array(z.string())
      .optional()
      .describe("StringNotLike values ANDed with the StringLike in a statement of its own: keep GitHub's filter `*` (no `/`) exact, so release/* never admits release/a/b"),
    context: z.string().describe("What it stands for: environment:prod, ref:refs/heads/main, ref:refs/tags/* (any tag), ref:refs/tags/v* (* stops at /) (GitHub's filter v*)"),
    why: z.array(z.string()).describe("Which jobs and triggers need it"),
  })
  .meta({ id: "TrustedSubject" });
export type TrustedSubject = z.infer<typeof TrustedSubject>;

export const RolePermissions = z.object({
  managedPolicyArns: z.array(z.string()).describe("Attached managed policies"),
  inlinePolicies: z.array(z.object({ name: z.string(), document: PolicyDocument })),
  sources: z.array(z.string()).describe("Where each permission comes from (the IAM user, its groups, the config)"),
  narrowedTo: z.array(z.string()).optional().describe("With leastPrivilege: the service prefixes kept"),
  narrowing: z
    .object({
      chosen: z.enum(["copy", "narrow"]).describe("narrow: the role holds the narrowed policy; copy: the user's policies, the narrowed one offered in `document`"),
      evidence: z.string().describe("What the narrowing rests on: IAM last-accessed data and CloudTrail events, and over which period"),
      periodDays: z.number().int().describe("Tracking period of the last-accessed data (IAM keeps at least 400 days)"),
      actions: z.array(z.string()).describe("Actions the key used that the user's statements allow: kept, on the user's resources"),
      serviceLevelOnly: z.array(z.string()).describe("Services used with no record of which actions: the user's statements for them are kept as they were"),
      droppedServices: z.array(z.string()).describe("Services the user's policies allow that the key never used"),
      usedNotAllowed: z.array(z.string()).describe("Actions the key tried that the user's policies do not allow: not granted"),
      document: PolicyDocument.optional().describe("With chosen = copy: the narrowed policy, offered"),
    })
    .optional()
    .describe("Least privilege from evidence (IAM last-accessed data), when the inventory has it"),
});
export type RolePermissions = z.infer<typeof RolePermissions>;

export const PlanRole = z
  .object({
    id: z.string().describe("Stable id within the plan, e.g. entry:acme/api:environment:prod"),
    kind: z
      .enum(["entry", "deploy", "direct"])
      .describe("entry: assumed with the OIDC token, chains on (hub-and-spoke); deploy: chained into; direct: assumed with the token and holds the permissions"),
    repo: z.string(),
    accountId,
    name: z.string(),
    path: z.string(),
    arn: z.string(),
    description: z.string(),
    maxSessionDuration: z.number().int().describe("Seconds; 3600 for chained deploy roles"),
    trustPolicy: PolicyDocument,
    subjects: z.array(TrustedSubject).optional().describe("entry and direct roles: the OIDC subjects trusted"),
    trustedRoleArns: z.array(z.string()).optional().describe("deploy roles: the entry roles that may chain in"),
    externalId: z.string().optional().describe("deploy roles: the ExternalId the chained hop must present"),
    permissions: RolePermissions,
    tags: z.record(z.string(), z.string()),
    managedByKeyless: z.boolean().describe("false for an existing role named in the config: keyless generates nothing for it"),
  })
  .meta({ id: "PlanRole" });
export type PlanRole = z.infer<typeof PlanRole>;

export const PlanAccount = z.object({
  id: accountId,
  name: z.string().optional(),
  kind: z.enum(["tooling", "target"]).describe("tooling holds the provider and entry roles (hub-and-spoke)"),
  module: z.string().describe("Terraform folder: tooling-<id> or account-<id>"),
  applyAfter: z.array(z.string()).describe("Modules to apply first: a trust that names a role needs the role to exist"),
});

export const OidcProviderPlan = z.object({
  accountId,
  issuer: z.string().describe("https URL of the issuer"),
  arn: z.string(),
  exists: z.boolean().describe("true: referenced with a data source; false: created"),
  clientIds: z.array(z.string()),
});

export const ExistingRoleChange = z.object({
  repo: z.string(),
  roleArn: z.string(),
  accountId,
  reason: z.string(),
  statements: z.array(PolicyStatement).describe("The statements to add to the existing role's trust policy"),
});

export const RoleAssignment = z
  .object({
    repo: z.string(),
    usageId: z.string().describe("Usage id of the analysis the plan was built from (path:line:column:kind)"),
    path: z.string(),
    job: z.string().optional().describe("The job the credentials are configured in; absent for composite actions"),
    entryRoleArn: z.string().describe("Role assumed with the OIDC token (role-to-assume)"),
    chainRoleArn: z.string().optional().describe("Hub-and-spoke: role chained into (role-chaining: true)"),
    externalId: z.string().optional(),
    region: z.string().optional(),
    maxSessionSeconds: z.number().int().describe("role-duration-seconds must not exceed this (3600 when chained)"),
  })
  .describe("What the workflow patcher writes for one usage in one job")
  .meta({ id: "RoleAssignment" });
export type RoleAssignment = z.infer<typeof RoleAssignment>;

export const StepKind = z.enum(["apply-terraform", "update-existing-role", "merge-pr", "verify", "deactivate-key", "wait", "delete-key", "delete-secrets"]);
export type StepKind = z.infer<typeof StepKind>;

export const Step = z
  .object({
    id: z.string().describe("Stable id, e.g. verify:acme/api, deactivate-key:AKIA…"),
    order: z.number().int().describe("Position in an order that respects every dependency"),
    kind: StepKind,
    title: z.string(),
    repo: z.string().optional(),
    accountId: z.string().optional(),
    accessKeyId: z.string().optional(),
    module: z.string().optional(),
    dependsOn: z.array(z.string()),
    preconditions: z.array(z.string()).describe("What must be true before the step runs"),
    rollback: z.string().describe("How to undo it, or why it cannot be undone"),
    waitDays: z.number().int().optional(),
  })
  .meta({ id: "PlanStep" });
export type Step = z.infer<typeof Step>;

export const RepoPlan = z
  .object({
    repo: z.string(),
    status: z.enum(["ready", "blocked", "skipped", "archived", "secrets-only"]),
    subject: z.object({
      format: z.enum(["name", "immutable", "custom"]),
      prefix: z.string().describe("repo:owner/name, repo:owner@id/name@id, or the custom template's keys"),
      why: z.string(),
    }),
    targetAccounts: z.array(z.object({ accountId, sources: z.array(z.string()) })),
    roles: z.array(z.string()).describe("Ids of the roles this repo uses"),
    assignments: z.array(RoleAssignment),
    keys: z.array(z.string()).describe("Access keys linked to the repo"),
    secrets: z.array(z.string()).describe("Secrets and variables that hold keys, to delete at the end"),
    steps: z.array(z.string()),
    issues: z.array(Issue),
  })
  .meta({ id: "RepoPlan" });
export type RepoPlan = z.infer<typeof RepoPlan>;

export const KeyPlan = z
  .object({
    accessKeyId: z.string(),
    accountId,
    userName: z.string(),
    disposition: z
      .enum(["retire-after-migration", "delete-unused", "keep-used-outside-github", "not-linked", "waiting"])
      .describe("waiting: a linked repo is blocked, so the key is not scheduled yet"),
    repos: z.array(z.string()),
    waitingFor: z.array(z.string()).describe("Blocked or skipped repos the key still waits for"),
    steps: z.array(z.string()),
    notes: z.array(z.string()),
  })
  .meta({ id: "KeyPlan" });
export type KeyPlan = z.infer<typeof KeyPlan>;

export const Guardrails = z
  .object({
    module: z.string().describe("Terraform folder of the guardrail (applied from the management account)"),
    policyName: z.string(),
    managementAccountId: z.string().optional(),
    breakGlassRoleName: z.string().describe("Role name exempt from the policy in every covered account"),
    accounts: z.array(z.object({ accountId: z.string(), name: z.string().optional() })).describe("Accounts the policy is attached to"),
    leftOut: z.array(z.object({ accountId: z.string(), name: z.string().optional(), reason: z.string() })).describe("Accounts with retired keys the policy does not cover, and why"),
    ciUserPaths: z.array(z.string()).describe("IAM user paths of the retired keys' users where iam:CreateUser is denied"),
    policy: PolicyDocument,
    notes: z.array(z.string()),
  })
  .describe("A service control policy that denies new access keys in migrated accounts; applied only by the user")
  .meta({ id: "Guardrails" });
export type Guardrails = z.infer<typeof Guardrails>;

export const CodeArtifactRegistryPlan = z
  .object({
    key: z.string().describe("The registry's key under `registries:`"),
    domain: z.string().regex(/^[a-z0-9][a-z0-9-]{0,49}$/),
    domainOwner: z.string().regex(/^\d{12}$/).describe("The domain owner's account id (written as `domain-owner`)"),
    region: z.string().regex(/^[a-z0-9-]+$/),
    repository: z.string().optional().describe("The CodeArtifact repository the URL names, when it names one"),
  })
  .describe("A CodeArtifact registry of dependabot.yml, as its URL names it")
  .meta({ id: "CodeArtifactRegistryPlan" });

export const DependabotPlan = z
  .object({
    repo: z.string(),
    path: z.string().describe("The repository's dependabot.yml"),
    replaces: z.string().describe("The workflow that refreshes the CodeArtifact token with a static key (KL121)"),
    registries: z.array(z.string()).describe("Registries (keys under `registries:`) moved to OIDC"),
    codeArtifact: z
      .array(CodeArtifactRegistryPlan)
      .optional()
      .describe("Those registries with what their URL names, in the file's order: what generate writes into each (absent in plans of keyless before it recorded them)"),
    roleName: z.string().regex(/^[\w+=,.@-]{1,64}$/).describe("IAM role name, written into dependabot.yml as `role-name`"),
    accountId: z.string().describe("The first registry's CodeArtifact domain owner (see `roles` for every account the role is created in)"),
    roles: z
      .array(z.object({ accountId: z.string().regex(/^\d{12}$/), registries: z.array(z.string()) }))
      .optional()
      .describe(
        "One role per domain owner, all named `roleName`: each registry's `account-id` is its own domain owner, so the role is created in each of those accounts, for that account's registries (absent in plans of keyless before it recorded them: then one per domain owner of `codeArtifact`)",
      ),
    files: z.string().describe("Folder of generate's output with the patched dependabot.yml and the role's policies"),
  })
  .describe("A dependabot.yml moved from a refreshed CodeArtifact token to GitHub's OIDC registry configuration")
  .meta({ id: "DependabotPlan" });
export type DependabotPlan = z.infer<typeof DependabotPlan>;

export const PlanWire = z
  .object({
    schemaVersion: z.literal(PLAN_SCHEMA_VERSION),
    generatedAt: timestamp,
    inventoryGeneratedAt: timestamp,
    githubOrg: z.string().optional(),
    config: z.object({
      topology: z.enum(["hub-and-spoke", "direct"]),
      toolingAccountId: z.string().optional(),
      issuer: z.string(),
      externalId: z.boolean(),
      leastPrivilege: z.boolean(),
      permissions: z.enum(["copy", "narrow"]).optional().describe("Deploy-role permissions: the user's policies copied, or narrowed to what the key used where evidence exists"),
      actionRef: z.string(),
      rolePath: z.string(),
      roleNamePrefix: z.string(),
      maxSessionDuration: z.number().int(),
      waitDays: z.number().int(),
    }),
    summary: z.object({
      repos: z.number().int(),
      reposReady: z.number().int(),
      reposBlocked: z.number().int(),
      roles: z.number().int(),
      keysToRetire: z.number().int(),
      keysToDelete: z.number().int(),
      keysKept: z.number().int(),
      blockers: z.number().int(),
      warnings: z.number().int(),
    }),
    accounts: z.array(PlanAccount),
    providers: z.array(OidcProviderPlan),
    roles: z.array(PlanRole),
    existingRoleChanges: z.array(ExistingRoleChange),
    repos: z.array(RepoPlan),
    keys: z.array(KeyPlan),
    steps: z.array(Step),
    issues: z.array(Issue).describe("Plan-wide issues (repo issues sit on each repo)"),
    notes: z.array(z.string()).describe("What the plan assumed, for a reviewer"),
    guardrails: Guardrails.optional().describe("The service control policy against new keys (absent when no key is retired)"),
    dependabot: z.array(DependabotPlan).optional().describe("dependabot.yml changes for CodeArtifact (absent when none)"),
  })
  .meta({ id: "Plan" });
export type Plan = z.infer<typeof PlanWire>;
export type PlanAccount = z.infer<typeof PlanAccount>;
export type OidcProviderPlan = z.infer<typeof OidcProviderPlan>;
export type ExistingRoleChange = z.infer<typeof ExistingRoleChange>;
