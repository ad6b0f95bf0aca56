// keyless.config.yaml: what a team tells keyless about itself — thresholds, suppressions, known
// key-to-repo mappings, how to plan the migration. Validated once, here; stages receive plain values.
// Documented field by field in docs/config.md.
import { z } from "zod";
import { DEFAULT_ACTION_REF } from "../plan/config.js";

const AllowlistEntry = z
  .object({
    rule: z.string().regex(/^(KL\d{3}|\*)$/, "a rule id such as KL103, or *").describe("Rule id to suppress, or * for every rule"),
    accessKeyId: z.string().optional().describe("Only for this access key id"),
    repo: z.string().optional().describe("Only for this repository (owner/name)"),
    path: z.string().optional().describe("Only for this workflow path"),
    reason: z.string().min(1, "say why: the reason is shown in every report").describe("Why it is accepted; shown in reports"),
  })
  .strict();

const MappingEntry = z
  .object({
    accessKeyId: z.string().regex(/^(AKIA|ASIA)[A-Z2-7]{16}$/, "an access key id (AKIA + 16 characters)"),
    repo: z.string().regex(/^[^/\s]+\/[^/\s]+$/, "owner/name"),
    secretNames: z.array(z.string()).optional(),
  })
  .strict();

const AccountId = z.string().regex(/^\d{12}$/, "a 12-digit AWS account id");
const RoleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "an IAM role ARN");
const PolicyArn = z.string().regex(/^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/[\w+=,.@/-]+$/, "a managed policy ARN");
const RepoFullName = z.string().regex(/^[^/\s]+\/[^/\s]+$/, "owner/name");

const RepoPlanOverride = z
  .object({
    skip: z.boolean().optional().describe("Leave the repository out of the plan"),
    targetAccounts: z.array(AccountId).min(1).optional().describe("The accounts it deploys to, replacing what keyless derived"),
    subjectFormat: z.enum(["name", "immutable"]).optional().describe("The OIDC subject form GitHub issues for it"),
    environments: z.array(z.string().min(1)).min(1).optional().describe("Environments a job with a computed `environment:` deploys to"),
    refs: z
      .array(z.string().regex(/^refs\/(heads|tags)\/[^\s:?\[\\^~]+$/, "a full ref such as refs/heads/release/1.2 or refs/tags/v*"))
      .min(1)
      .optional()
      .describe("Refs to trust instead of a job's branch or tag filter; written as a filter is: * matches no /, ** any text"),
    claims: z
      .record(z.string().regex(/^[a-z_]+$/, "a claim name such as actor"), z.string().regex(/^[^\s:*?]+$/, "a value without spaces, :, * or ?"))
      .optional()
      .describe("Values of custom OIDC subject template claims keyless cannot know before the run"),
    externalId: z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, "2 to 1224 of A-Z a-z 0-9 + = , . @ : / - _").optional(),
    entryRoleArn: RoleArn.optional().describe("An existing entry role to use instead of a generated one"),
    deployRoles: z
      .record(AccountId, z.object({ arn: RoleArn.optional(), managedPolicyArns: z.array(PolicyArn).optional() }).strict())
      .optional()
      .describe("Per target account: an existing deploy role, or the managed policies to grant"),
  })
  .strict();

const PlanSection = z
  .object({
    topology: z.enum(["hub-and-spoke", "direct"]).default("hub-and-spoke"),
    toolingAccountId: AccountId.optional().describe("Hub-and-spoke: the account with the OIDC provider and the entry roles"),
    externalId: z.boolean().default(true).describe("Ask for an ExternalId on every chained hop"),
    issuer: z
      .string()
      .regex(/^https:\/\/[^\s/]+(\/[^\s]*)?$/, "an https URL such as https://token.actions.githubusercontent.com")
      .refine((s) => !s.endsWith("/"), "no trailing slash")
      .optional()
      .describe("OIDC issuer: github.com's by default, https://HOST/_services/token for Enterprise Server"),
    roleNamePrefix: z.string().regex(/^[\w+=,.@-]{0,32}$/, "up to 32 of A-Z a-z 0-9 + = , . @ - _").default("gha-"),
    rolePath: z.string().regex(/^\/([\x21-\x7e]+\/)?$/, "/ or /a/b/").max(512).default("/keyless/"),
    actionRef: z.string().regex(/^[\w.-]+\/[\w.-]+(\/[^@\s]+)?@\S+$/, "owner/repo@ref").default(DEFAULT_ACTION_REF),
    leastPrivilege: z.boolean().default(false).describe("Narrow deploy roles to the services the key was seen using"),
    permissions: z
      .enum(["copy", "narrow"])
      .default("narrow")
      .describe("Deploy-role permissions: narrow to what the key used (IAM last-accessed data, CloudTrail) where that evidence exists, or copy the user's policies"),
    maxSessionDuration: z.number().int().min(3600).max(43200).default(3600).describe("Seconds, for roles assumed with the OIDC token"),
    waitDays: z.number().int().min(1).max(90).default(7).describe("Days between deactivating a key and deleting it"),
    repos: z.record(RepoFullName, RepoPlanOverride).default({}).describe("Per-repository overrides"),
  })
  .strict();

/** `keyless fix --local`: the roles to write into workflows when no plan is at hand. */
const FixSection = z
  .object({
    roleArn: RoleArn.describe("Role assumed with the GitHub OIDC token (the entry role)"),
    chainRoleArn: RoleArn.optional().describe("Hub-and-spoke: the deploy role chained into after the entry role"),
    externalId: z.string().min(2).max(1224).optional().describe("ExternalId the chained role's trust asks for"),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region such as eu-west-1").optional().describe("Region for inserted steps"),
  })
  .strict();

/** `keyless generate`'s guardrails/: the role exempt from the SCP that denies new access keys. */
const GuardrailsSection = z
  .object({
    breakGlassRoleName: z
      .string()
      .regex(/^[\w+=,.@-]{1,64}$/, "a role name: 1 to 64 of A-Z a-z 0-9 + = , . @ - _")
      .default("keyless-break-glass")
      .describe("Role name (at any path) still allowed to create access keys and CI users"),
  })
  .strict();

export const ConfigFile = z
  .object({
    version: z.literal(1).describe("Config format version"),
    analysis: z
      .object({
        maxKeyAgeDays: z.number().int().positive().default(90).describe("Keys older than this are findings (KL103)"),
        unusedDays: z.number().int().positive().default(45).describe("Keys unused this long are findings (KL104)"),
      })
      .strict()
      .default({ maxKeyAgeDays: 90, unusedDays: 45 }),
    allowlist: z.array(AllowlistEntry).default([]).describe("Accepted findings: shown as suppressed, never dropped"),
    mappings: z.array(MappingEntry).default([]).describe("Known key-to-repo links (certain evidence)"),
    plan: PlanSection.prefault({}).describe("How the migration is planned (keyless plan / generate)"),
    fix: FixSection.optional().describe("Roles for keyless fix --local"),
    guardrails: GuardrailsSection.optional().describe("The service control policy keyless generate writes against new keys"),
  })
  .strict();
export type ConfigFile = z.infer<typeof ConfigFile>;
