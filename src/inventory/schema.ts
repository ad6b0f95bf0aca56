// The Inventory: everything discover read from AWS and GitHub, as one versioned snapshot.
// Every later stage (analyze, plan, generate, report) takes this as plain data; it is validated
// once, here, when read from disk, and trusted inside.
import { z } from "zod";

export const INVENTORY_SCHEMA_VERSION = 1;

const isoDate = z.string().datetime({ offset: true });

/** Something discover could not read, and why. One of these never aborts a scan. */
export const Skip = z.object({
  side: z.enum(["aws", "github"]),
  /** What was skipped: an account id, a repo full name, "repo/path", "organization". */
  target: z.string(),
  /** Stable short code, e.g. AccessDenied, NotFound, Throttled, InvalidYaml, TooLarge. */
  code: z.string(),
  reason: z.string(),
});
export type Skip = z.infer<typeof Skip>;

export const Policy = z.object({
  name: z.string(),
  /** Managed policy ARN, absent for inline policies. */
  arn: z.string().optional(),
  /** Policy JSON text; absent when it could not be read. */
  document: z.string().optional(),
  /** Where the user gets it from. */
  source: z.enum(["attached", "inline", "group-attached", "group-inline"]),
  group: z.string().optional(),
});
export type Policy = z.infer<typeof Policy>;

export const AccessKey = z.object({
  accessKeyId: z.string(),
  accountId: z.string(),
  userName: z.string(), // "<root_account>" for a root key
  isRoot: z.boolean(),
  status: z.enum(["Active", "Inactive"]),
  createDate: isoDate,
  lastUsed: z
    .object({ date: isoDate.optional(), serviceName: z.string().optional(), region: z.string().optional() })
    .optional(),
});
export type AccessKey = z.infer<typeof AccessKey>;

/** One service of IAM's last-accessed report: when the user last used it, and (action level) which actions. */
export const ServiceLastAccessed = z.object({
  /** IAM service prefix, e.g. s3. */
  namespace: z.string(),
  /** Absent when the user never used the service within IAM's tracking period. */
  lastAuthenticated: isoDate.optional(),
  region: z.string().optional(),
  /** Only for the services IAM tracks per action: every tracked action the policies allow, with its last use. */
  actions: z.array(z.object({ name: z.string(), lastAccessed: isoDate.optional(), region: z.string().optional() })).optional(),
});
export type ServiceLastAccessed = z.infer<typeof ServiceLastAccessed>;

/**
 * IAM's last-accessed report of a user (GenerateServiceLastAccessedDetails), or why it could not be read.
 * Its tracking period (IAM keeps at least 400 days) ends at the scan (the inventory's generatedAt).
 */
export const LastAccessedReport = z.object({
  granularity: z.enum(["SERVICE_LEVEL", "ACTION_LEVEL"]),
  services: z.array(ServiceLastAccessed),
  /** The report could not be read (AccessDenied, job FAILED, not done in time): services is empty. */
  error: z.object({ code: z.string(), reason: z.string() }).optional(),
});
export type LastAccessedReport = z.infer<typeof LastAccessedReport>;

export const IamUser = z.object({
  accountId: z.string(),
  userName: z.string(),
  arn: z.string(),
  createDate: isoDate,
  groups: z.array(z.string()),
  policies: z.array(Policy),
  /** Absent in inventories from before it was read, and for users without a used key. */
  lastAccessed: LastAccessedReport.optional(),
});
export type IamUser = z.infer<typeof IamUser>;

export const OidcProvider = z.object({
  accountId: z.string(),
  arn: z.string(),
  url: z.string(),
  clientIds: z.array(z.string()),
});
export type OidcProvider = z.infer<typeof OidcProvider>;

/** A role whose trust policy names a GitHub OIDC provider. */
export const GithubTrustingRole = z.object({
  accountId: z.string(),
  roleName: z.string(),
  arn: z.string(),
  trustPolicy: z.string(),
});
export type GithubTrustingRole = z.infer<typeof GithubTrustingRole>;

/** A role the scan saw in an account (any trust): what keyless may advise trusting into. */
export const SeenRole = z.object({
  accountId: z.string(),
  roleName: z.string(),
  arn: z.string(),
});
export type SeenRole = z.infer<typeof SeenRole>;

export const CloudTrailEvent = z.object({
  eventId: z.string(),
  eventTime: isoDate,
  eventName: z.string(),
  eventSource: z.string(),
  accountId: z.string(),
  awsRegion: z.string().optional(),
  accessKeyId: z.string(),
  sourceIPAddress: z.string().optional(),
  userAgent: z.string().optional(),
});
export type CloudTrailEvent = z.infer<typeof CloudTrailEvent>;

export const Account = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().optional(),
  status: z.string(),
  /** Root-to-leaf OU names, e.g. ["Root", "Workloads", "Prod"]. */
  ouPath: z.array(z.string()),
  reachable: z.boolean(),
  /** Why the account could not be entered or read (when reachable is false). */
  unreachableReason: z.string().optional(),
  isManagement: z.boolean(),
});
export type Account = z.infer<typeof Account>;

export const Secret = z.object({
  name: z.string(),
  scope: z.enum(["repo", "environment", "organization"]),
  environment: z.string().optional(),
  createdAt: isoDate.optional(),
  updatedAt: isoDate.optional(),
  /** For organization secrets. */
  visibility: z.enum(["all", "private", "selected"]).optional(),
});
export type Secret = z.infer<typeof Secret>;

/** GitHub's other secret stores: Dependabot's and Codespaces' (Actions secrets are `Secret`). Names and dates only. */
export const SecretStore = z.enum(["dependabot", "codespaces"]);
export type SecretStore = z.infer<typeof SecretStore>;

export const StoreSecret = z.object({
  name: z.string(),
  store: SecretStore,
  createdAt: isoDate.optional(),
  updatedAt: isoDate.optional(),
});
export type StoreSecret = z.infer<typeof StoreSecret>;

export const OrgStoreSecret = StoreSecret.extend({
  /** The organization it belongs to, in a scan of several (absent when only one was scanned). */
  org: z.string().optional(),
  visibility: z.enum(["all", "private", "selected"]).optional(),
  /** Repo full names that can see it, when visibility is "selected" (absent when that could not be read). */
  selectedRepos: z.array(z.string()).optional(),
});
export type OrgStoreSecret = z.infer<typeof OrgStoreSecret>;

export const Variable = z.object({
  name: z.string(),
  value: z.string(),
  scope: z.enum(["repo", "environment", "organization"]),
  environment: z.string().optional(),
});
export type Variable = z.infer<typeof Variable>;

export const WorkflowFile = z.object({
  path: z.string(),
  /** File text; absent when it was skipped (see `skipped`). */
  text: z.string().optional(),
  /** git's blob id of the file as read (also of a redacted one: the id is the real file's). */
  sha: z.string().optional(),
  size: z.number().int().nonnegative(),
  skipped: z.string().optional(),
  /** The stored text has literal secrets masked (same length): writes re-read the real file. */
  redacted: z.literal(true).optional(),
});
export type WorkflowFile = z.infer<typeof WorkflowFile>;

export const SecretScanningAlert = z.object({
  number: z.number().int(),
  state: z.string(),
  secretType: z.string(),
  createdAt: isoDate,
  /** Only for aws_access_key_id alerts: the key id (never a secret value). */
  accessKeyId: z.string().optional(),
  path: z.string().optional(),
  line: z.number().int().optional(),
});
export type SecretScanningAlert = z.infer<typeof SecretScanningAlert>;

/**
 * Where an AWS key sits in a repository file other than a workflow or action (`--local` reads them):
 * the place and, for a key id, the id. Never the secret value.
 */
export const FileKey = z.object({
  path: z.string(),
  line: z.number().int().positive(),
  column: z.number().int().positive(),
  kind: z.enum(["access-key-id", "secret-access-key"]),
  accessKeyId: z.string().optional(),
});
export type FileKey = z.infer<typeof FileKey>;

export const WorkflowRun = z.object({
  id: z.number().int(),
  workflowPath: z.string(),
  event: z.string(),
  headBranch: z.string().nullable(),
  conclusion: z.string().nullable(),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type WorkflowRun = z.infer<typeof WorkflowRun>;

export const Repo = z.object({
  fullName: z.string(),
  id: z.number().int(),
  owner: z.string(),
  ownerId: z.number().int(),
  name: z.string(),
  defaultBranch: z.string(),
  /** The default branch's head commit when the workflows were read (absent from local checkouts and older scans). */
  headSha: z.string().optional(),
  /** Local checkouts (--local): the checkout's folder relative to the folder scanned ("." when it is the checkout). */
  checkout: z.string().optional(),
  archived: z.boolean(),
  fork: z.boolean(),
  visibility: z.string(),
  createdAt: isoDate,
  pushedAt: isoDate.optional(),
  /** Workflows (.github/workflows/*.yml|yaml) and local composite actions (action.yml|yaml). */
  workflows: z.array(WorkflowFile),
  /** Repo and environment secrets; organization secrets visible to the repo are listed on the org. */
  secrets: z.array(Secret),
  variables: z.array(Variable),
  environments: z.array(z.string()),
  oidcSubject: z
    .object({
      useDefault: z.boolean(),
      includeClaimKeys: z.array(z.string()).optional(),
      /** GitHub's `use_immutable_subject`: tokens carry `repo:OWNER@ID/REPO@ID`. Absent when not read. */
      useImmutableSubject: z.boolean().optional(),
    })
    .optional(),
  secretScanningAlerts: z.array(SecretScanningAlert),
  workflowRuns: z.array(WorkflowRun),
  /** Dependabot and Codespaces repository secrets (absent in inventories from before they were read). */
  storeSecrets: z.array(StoreSecret).optional(),
  /** .github/dependabot.yml (`--local` only), for the CodeArtifact OIDC patch. */
  dependabotConfig: z.object({ path: z.string(), text: z.string() }).optional(),
  /** AWS keys written in other repository files (`--local` only; the API path has secret-scanning alerts). */
  fileKeys: z.array(FileKey).optional(),
});
export type Repo = z.infer<typeof Repo>;

export const OrgSecret = Secret.extend({
  /** The organization it belongs to, in a scan of several (absent when only one was scanned). */
  org: z.string().optional(),
  /** Repo full names that can see it, when visibility is "selected". */
  selectedRepos: z.array(z.string()).optional(),
});
export type OrgSecret = z.infer<typeof OrgSecret>;

export const OrgVariable = Variable.extend({
  /** The organization it belongs to, in a scan of several (absent when only one was scanned). */
  org: z.string().optional(),
});
export type OrgVariable = z.infer<typeof OrgVariable>;

export const RequestCount = z.object({ side: z.enum(["aws", "github"]), endpoint: z.string(), count: z.number().int() });
export type RequestCount = z.infer<typeof RequestCount>;

/**
 * What one audit saw, kept in the state store so the next scan can say what changed since: the keys
 * of the accounts it could read, and the stored secrets that held AWS credentials. Names and ids only.
 */
export const ScanFacts = z.object({
  at: isoDate,
  readAccounts: z.array(z.string()),
  keys: z.array(z.object({ accessKeyId: z.string(), accountId: z.string(), userName: z.string(), status: z.string() })),
  reposScanned: z.array(z.string()),
  /** Secret ids (see verify/secrets.ts secretId): "repo o/r secret NAME", "environment o/r/env secret NAME", "organization o secret NAME". */
  awsSecrets: z.array(z.string()),
});
export type ScanFacts = z.infer<typeof ScanFacts>;

/** The state store's memory at scan time: the previous audit, and what keyless itself did since it began. */
export const ScanHistory = z.object({
  /** Absent on the first audit recorded in this state store. */
  previous: ScanFacts.optional(),
  /** Keys keyless deactivated (and did not reactivate) or deleted. */
  retired: z.array(z.object({ accessKeyId: z.string(), accountId: z.string(), action: z.enum(["deactivated", "deleted"]), at: isoDate })),
  /** Ids of the secrets keyless deleted. */
  secretsDeleted: z.array(z.string()),
  /** Repositories whose migration pull request was merged. */
  migrated: z.array(z.object({ repo: z.string(), mergedAt: isoDate.optional() })),
});
export type ScanHistory = z.infer<typeof ScanHistory>;

/** The account the AWS scan started from, and its standing in the organization. */
export const ScannedFrom = z.object({
  accountId: z.string(),
  kind: z.enum(["management", "delegated-administrator", "member", "standalone"]),
  /** For a delegated administrator: the services it administers (e.g. securityhub.amazonaws.com). */
  servicePrincipals: z.array(z.string()).optional(),
});
export type ScannedFrom = z.infer<typeof ScannedFrom>;

export const Inventory = z.object({
  schemaVersion: z.literal(INVENTORY_SCHEMA_VERSION),
  generatedAt: isoDate,
  tool: z.object({ name: z.literal("keyless"), version: z.string() }),
  aws: z
    .object({
      organizationId: z.string().optional(),
      managementAccountId: z.string().optional(),
      /** Absent in inventories from before it was recorded. */
      scannedFrom: ScannedFrom.optional(),
      accounts: z.array(Account),
      users: z.array(IamUser),
      accessKeys: z.array(AccessKey),
      oidcProviders: z.array(OidcProvider),
      githubTrustingRoles: z.array(GithubTrustingRole),
      /** Every role of every account read (absent in inventories from before it was recorded). */
      roles: z.array(SeenRole).optional(),
      /** The role the scan entered member accounts with: never one to trust a repository's role into. */
      auditRoleName: z.string().optional(),
      cloudTrail: z.array(CloudTrailEvent),
    })
    .optional(),
  github: z
    .object({
      /** The organization's login; several, comma-separated, when `orgs` is present. */
      org: z.string(),
      /** Every organization read, when the scan covered more than one (absent otherwise). */
      orgs: z.array(z.string()).optional(),
      apiUrl: z.string(),
      repos: z.array(Repo),
      orgSecrets: z.array(OrgSecret),
      orgVariables: z.array(OrgVariable),
      /** Dependabot and Codespaces organization secrets (absent in inventories from before they were read). */
      orgStoreSecrets: z.array(OrgStoreSecret).optional(),
      actionsIpRanges: z.array(z.string()),
    })
    .optional(),
  skipped: z.array(Skip),
  requests: z.array(RequestCount),
  /** Read from the state store by a live scan: what the previous audit saw and what keyless did since. */
  history: ScanHistory.optional(),
});
export type Inventory = z.infer<typeof Inventory>;
