// The audit.json wire format, version 1: what consumers may rely on, documented field by field.
// Kept apart from the internal Audit types (they may change freely; this may only grow within v1),
// and published as JSON Schema in docs/schema/audit-v1.schema.json.
import { z } from "zod";

export const AUDIT_SCHEMA_VERSION = 1;

const timestamp = z.iso.datetime({ offset: true }).describe("ISO 8601 date and time");
const days = z.number().int().nonnegative();
const count = z.number().int().nonnegative();

export const Confidence = z
  .enum(["certain", "high", "medium", "low"])
  .describe("How sure the link is: certain (a direct record names the key and the repo), high (CloudTrail use from GitHub runners while the repo's workflows ran), medium (timing), low (names)")
  .meta({ id: "Confidence" });

export const Severity = z.enum(["critical", "high", "medium", "low", "info"]).meta({ id: "Severity" });

export const Location = z
  .object({
    repo: z.string().describe("Repository full name, owner/name"),
    path: z.string().describe("File path inside the repository"),
    line: z.number().int().positive().describe("1-based line"),
    column: z.number().int().positive().describe("1-based column, in UTF-16 code units"),
    endLine: z.number().int().positive().optional(),
    endColumn: z.number().int().positive().optional(),
  })
  .describe("A place in a workflow or action file")
  .meta({ id: "Location" });

const Account = z.object({
  id: z.string().describe("12-digit AWS account id"),
  name: z.string(),
  status: z.string().describe("Organizations status, e.g. ACTIVE, SUSPENDED"),
  ouPath: z.array(z.string()).describe("Organizational unit names from the root down"),
  isManagement: z.boolean(),
  reachable: z.boolean().describe("Whether keyless could enter the account and read IAM"),
  unreachableReason: z.string().optional(),
  accessKeys: count.describe("IAM access keys found in the account"),
});

const KeyAction = z
  .enum(["migrate", "delete", "investigate"])
  .describe("migrate: a repo holds the key, move it to OIDC; delete: no repo holds it and it is unused or inactive; investigate: no repo is known to hold it but it is still used");

const Key = z.object({
  accessKeyId: z.string().describe("The access key id (not secret; the secret access key is never read)"),
  accountId: z.string(),
  accountName: z.string(),
  userName: z.string().describe("IAM user name, or <root_account>"),
  isRoot: z.boolean(),
  status: z.enum(["Active", "Inactive"]),
  createdAt: timestamp,
  ageDays: days,
  lastUsed: z
    .object({ at: timestamp, daysAgo: days, service: z.string().optional(), region: z.string().optional() })
    .optional()
    .describe("Absent when IAM records no use"),
  repos: z.array(z.object({ repo: z.string(), confidence: Confidence })).describe("Repositories the key is linked to; see links for the evidence"),
  findings: z.array(z.string()).describe("Rule ids of active findings about this key"),
  action: KeyAction,
});

const Repo = z.object({
  fullName: z.string(),
  visibility: z.string(),
  archived: z.boolean(),
  fork: z.boolean(),
  workflowFiles: count,
  usages: count.describe("Static-key usages in its workflows and local actions"),
  credentialNames: z.array(z.string()).describe("Secret names (and vars.NAME variables) its workflows hand to AWS credentials"),
  oidcJobs: count.describe("Jobs that already assume a role through GitHub OIDC"),
  state: z.enum(["static-keys", "oidc", "mixed", "none"]).describe("Migration state: static keys only, OIDC only, both, or no AWS credentials"),
  linkedKeys: z.array(z.object({ accessKeyId: z.string(), confidence: Confidence })),
  findings: z
    .object({ critical: count.optional(), high: count.optional(), medium: count.optional(), low: count.optional(), info: count.optional() })
    .describe("Active findings by severity (severities with none are left out)"),
});

const ValueSource = z.object({
  source: z.enum(["secret", "var", "input", "step-output", "job-output", "env", "matrix", "computed", "literal"]),
  name: z.string().optional(),
  namePattern: z.string().optional().describe("For a secret name computed at run time, with * for the computed part"),
  keyId: z.string().optional().describe("A literal access key id written in the file"),
  expression: z.string().optional().describe("The ${{ }} text the reference sits in"),
});

const Credential = z.object({
  role: z.enum(["accessKeyId", "secretAccessKey", "sessionToken"]),
  slot: z.string().describe("The input, variable or flag the value is handed to, as written"),
  line: z.number().int().positive(),
  column: z.number().int().positive(),
  sources: z.array(ValueSource),
});

const Usage = z.object({
  id: z.string().describe("Stable within one audit: path:line:column:kind"),
  kind: z.enum(["configure-aws-credentials", "key-then-assume", "env", "docker-action-env", "action-input", "reusable-secrets", "composite-input", "run-script", "literal-key-id"]),
  location: Location,
  fileKind: z.enum(["workflow", "action"]),
  job: z.string().optional(),
  step: z.object({ index: z.number().int().nonnegative(), name: z.string().optional(), id: z.string().optional(), uses: z.string().optional() }).optional(),
  action: z.string().optional().describe("The uses: value of the step or job, as written"),
  secretNames: z.array(z.string()),
  variableNames: z.array(z.string()),
  credentials: z.array(Credential),
  environment: z.object({ name: z.string(), expression: z.boolean() }).optional().describe("The job's GitHub environment"),
  triggers: z.array(z.string()).optional().describe("Events that start the workflow"),
  reachableFromForks: z.boolean().optional().describe("Some trigger runs with the repo's secrets on behalf of someone outside it (pull_request_target, workflow_run…)"),
  roleToAssume: z.string().optional().describe("role-to-assume, when static keys are used to assume a role"),
  regions: z.array(z.string()).describe("Region hints: literal regions or the expressions that yield them"),
  accountIds: z.array(z.string()).describe("Account ids hinted at by role ARNs, ECR registries, allowed-account-ids"),
  suppressed: z.array(z.string()).optional().describe("Rule ids ignored inline here; * for all"),
  notes: z.array(z.string()),
});

const Evidence = z
  .object({
    kind: z.enum(["secret-scanning", "cloudtrail-run-id", "cloudtrail-runner-ip", "secret-timing", "name-match", "last-used-service", "literal-key-id", "mapping-file"]),
    confidence: Confidence,
    summary: z.string().describe("One sentence a reviewer can check"),
    refs: z.record(z.string(), z.union([z.string(), z.number()])).describe("Identifiers behind the claim: alert number, event id, run id, times, secret name. Never a secret value"),
  })
  .meta({ id: "Evidence" });

const Link = z.object({
  accessKeyId: z.string(),
  accountId: z.string(),
  repo: z.string(),
  secretNames: z.array(z.string()).describe("Secrets (or variables) the key is believed to be stored in"),
  scope: z.enum(["repo", "environment", "organization"]).optional(),
  environment: z.string().optional(),
  stores: z
    .array(z.object({ store: z.enum(["dependabot", "codespaces"]), name: z.string(), scope: z.enum(["repo", "organization"]) }))
    .optional()
    .describe("Dependabot or Codespaces secrets the key is believed to be stored in"),
  confidence: Confidence.describe("The strongest evidence's confidence"),
  evidence: z.array(Evidence),
});

const Subject = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("key"), accessKeyId: z.string(), accountId: z.string() }),
    z.object({ type: z.literal("repo"), repo: z.string() }),
    z.object({
      type: z.literal("secret"),
      name: z.string(),
      scope: z.enum(["repo", "environment", "organization"]),
      repo: z.string().optional(),
      environment: z.string().optional(),
      store: z.enum(["dependabot", "codespaces"]).optional().describe("Absent for an Actions secret"),
      org: z.string().optional().describe("An organization secret's organization, in a scan of several (absent when only one was scanned)"),
    }),
    z.object({ type: z.literal("role"), arn: z.string(), accountId: z.string() }),
    z.object({ type: z.literal("account"), accountId: z.string() }),
  ])
  .describe("What the finding is about");

const Finding = z.object({
  ruleId: z.string().describe("Stable rule id, e.g. KL101; see docs/rules"),
  severity: Severity,
  message: z.string(),
  subject: Subject,
  location: Location.optional(),
  evidence: z.array(z.string()),
  fingerprint: z.string().describe("Stable across audits for the same fact"),
  suppressed: z
    .object({ by: z.enum(["inline", "config"]), reason: z.string().optional() })
    .optional()
    .describe("Present when an inline comment or the config allowlist suppresses the finding; it is still reported"),
});

const Skip = z.object({
  side: z.enum(["aws", "github"]),
  target: z.string().describe("Account id, repo full name, repo/path, or organization"),
  code: z.string().describe("Short stable code, e.g. AccessDenied, TooLarge, InvalidYaml"),
  reason: z.string(),
});

const Summary = z.object({
  accounts: count,
  reachableAccounts: count,
  accessKeys: count,
  activeAccessKeys: count,
  rootKeys: count,
  linkedKeys: count.describe("Keys linked to at least one repo"),
  keysToMigrate: count,
  keysToDelete: count,
  keysToInvestigate: count,
  reposScanned: count,
  reposWithStaticKeys: count,
  reposToChange: count.describe("Repos with static-key usages that are not archived"),
  reposOnOidc: count.describe("Repos whose workflows use OIDC and no static keys"),
  usages: count,
  linksByConfidence: z.object({ certain: count, high: count, medium: count, low: count }),
  findingsBySeverity: z.object({ critical: count, high: count, medium: count, low: count, info: count }).describe("Active (unsuppressed) findings"),
  suppressedFindings: count,
  skipped: count,
  requests: z.object({ aws: count, github: count }).describe("API requests made by the scan"),
  sinceLastScan: z
    .object({
      previousScanAt: timestamp.optional().describe("The previous audit recorded in the state store; absent on the first"),
      keysCreated: count.describe("KL130: keys created since the previous audit"),
      usersGivenNewKeys: count.describe("KL131: users of retired keys given a new key"),
      reposBackOnKeys: count.describe("KL132: migrated repositories using static keys again"),
      secretsReappeared: count.describe("KL133: secrets holding AWS credentials that reappeared"),
    })
    .optional()
    .describe("Drift since the previous audit; present on live scans that keep a state store"),
});

export const AuditWire = z
  .object({
    schemaVersion: z.literal(AUDIT_SCHEMA_VERSION).describe("Bumped only when a field is removed or changes meaning; new fields may appear within a version"),
    tool: z.object({ name: z.literal("keyless"), version: z.string() }),
    generatedAt: timestamp.describe("When the audit was computed"),
    inventoryGeneratedAt: timestamp.describe("When the scan it is computed from was taken"),
    scope: z.object({
      awsOrganizationId: z.string().optional(),
      awsManagementAccountId: z.string().optional(),
      awsScannedFrom: z
        .object({
          accountId: z.string(),
          kind: z.enum(["management", "delegated-administrator", "member", "standalone"]),
          servicePrincipals: z.array(z.string()).optional().describe("The services a delegated administrator administers"),
        })
        .optional()
        .describe("The account the AWS scan's credentials belong to, and its standing in the organization"),
      githubOrg: z.string().optional(),
    }),
    summary: Summary,
    organizations: z
      .array(
        z.object({
          login: z.string(),
          repos: z.number().int(),
          reposWithStaticKeys: z.number().int(),
          reposOnOidc: z.number().int(),
          usages: z.number().int(),
          linkedKeys: z.number().int(),
          findings: z.number().int(),
          skipped: z.string().optional().describe("Why the organization was not read"),
        }),
      )
      .optional()
      .describe("Per-organization counts, when several GitHub organizations were scanned"),
    accounts: z.array(Account),
    keys: z.array(Key),
    repos: z.array(Repo),
    usages: z.array(Usage).describe("Every place a workflow hands static AWS keys to a job"),
    links: z.array(Link).describe("Which key is in which repo, with the evidence behind each link"),
    findings: z.array(Finding).describe("Every finding, suppressed ones included"),
    unlinkedSecrets: z
      .array(z.object({ repo: z.string().optional(), name: z.string(), scope: z.string(), environment: z.string().optional(), store: z.enum(["dependabot", "codespaces"]).optional() }))
      .describe("AWS-looking secrets no known key could be linked to"),
    coverage: z.object({
      unreachableAccounts: z.array(z.object({ accountId: z.string(), name: z.string(), reason: z.string().optional() })),
      skipped: z.array(Skip).describe("What could not be read, and why"),
      requests: z.array(z.object({ side: z.enum(["aws", "github"]), endpoint: z.string(), count })),
    }),
  })
  .meta({ title: "keyless audit.json", description: "The audit keyless writes to reports/audit.json: AWS access keys, the GitHub repos that hold them, the evidence, and findings." });

export type AuditWire = z.infer<typeof AuditWire>;
