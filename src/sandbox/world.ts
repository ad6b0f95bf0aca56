// The sandbox world: the whole state that the AWS and GitHub fakes serve, as plain data.
// A scenario generator builds one from a seed; the fakes read and mutate it; tests read its truth.
// Times are ISO-8601 strings (UTC). Nothing here is a real credential.

export interface World {
  /** The scenario's "now": fakes answer as if this were the current time. */
  now: string;
  seed: number;
  aws: AwsWorld;
  github: GithubWorld;
  truth: GroundTruth;
}

// ---------------------------------------------------------------- AWS

export interface AwsWorld {
  organization: {
    id: string; // o-xxxxxxxxxx
    arn: string;
    managementAccountId: string;
    managementAccountEmail: string;
    featureSet: "ALL" | "CONSOLIDATED_BILLING";
    /** Member accounts registered as delegated administrators, one entry per service principal. */
    delegatedAdministrators?: Array<{ accountId: string; servicePrincipal: string; delegationEnabledDate: string }>;
  };
  roots: Array<{ id: string; arn: string; name: string }>; // r-xxxx
  ous: Array<{ id: string; arn: string; name: string; parentId: string }>; // ou-xxxx-xxxxxxxx
  accounts: AwsAccount[];
  /** IAM state per account id. */
  iam: Record<string, IamAccount>;
  cloudtrail: CloudTrailEvent[];
  /**
   * Credentials the fake accepts, by access key id: the sandbox's own management credentials and
   * every session issued by sts:AssumeRole. Scenario IAM user keys are NOT here (they are data to
   * discover, not callers), unless a test adds them.
   */
  callers: Record<string, Caller>;
  /** Role name that the audit uses to enter member accounts (default OrganizationAccountAccessRole). */
  auditRoleName: string;
}

export interface AwsAccount {
  id: string; // 12 digits
  arn: string;
  name: string;
  email: string;
  status: "ACTIVE" | "SUSPENDED" | "PENDING_CLOSURE";
  joinedMethod: "INVITED" | "CREATED";
  joinedTimestamp: string;
  parentId: string; // root or OU id
  /** When true, sts:AssumeRole into this account's audit role answers AccessDenied. */
  denyAuditRole?: boolean;
}

export interface Caller {
  accessKeyId: string;
  /** Fake value, used only to verify SigV4 signatures. */
  secretAccessKey: string;
  sessionToken?: string;
  accountId: string;
  arn: string; // user or assumed-role ARN
  userId: string;
  expiration?: string;
}

export interface PolicyRef {
  arn: string;
  name: string;
}
export interface InlinePolicy {
  name: string;
  /** IAM policy JSON, as a string (not URL-encoded). */
  document: string;
}

export interface IamUser {
  userName: string;
  userId: string; // AIDA...
  arn: string;
  path: string;
  createDate: string;
  passwordLastUsed?: string;
  groups: string[];
  attachedPolicies: PolicyRef[];
  inlinePolicies: InlinePolicy[];
  tags?: Array<{ key: string; value: string }>;
}

export interface IamGroup {
  groupName: string;
  groupId: string; // AGPA...
  arn: string;
  path: string;
  createDate: string;
  attachedPolicies: PolicyRef[];
  inlinePolicies: InlinePolicy[];
}

export interface AccessKey {
  accessKeyId: string; // AKIA + 16 base-32 characters
  /** Owner user name; "<root_account>" for a root access key. */
  userName: string;
  status: "Active" | "Inactive";
  createDate: string;
  lastUsed?: { date: string; serviceName: string; region: string };
}

export interface IamRole {
  roleName: string;
  roleId: string; // AROA...
  arn: string;
  path: string;
  createDate: string;
  description?: string;
  maxSessionDuration: number;
  /** Trust policy JSON (not URL-encoded). */
  assumeRolePolicyDocument: string;
  attachedPolicies: PolicyRef[];
  inlinePolicies: InlinePolicy[];
  tags?: Array<{ key: string; value: string }>;
}

export interface OidcProvider {
  arn: string; // arn:aws:iam::ACCOUNT:oidc-provider/token.actions.githubusercontent.com
  url: string; // without https://
  clientIdList: string[];
  thumbprintList: string[];
  createDate: string;
}

export interface ManagedPolicy {
  arn: string;
  name: string;
  path: string;
  defaultVersionId: string;
  document: string;
  createDate: string;
}

export interface IamAccount {
  users: IamUser[];
  groups: IamGroup[];
  accessKeys: AccessKey[];
  roles: IamRole[];
  oidcProviders: OidcProvider[];
  /** Customer managed policies of this account; AWS managed ones live in `awsManagedPolicies`. */
  policies: ManagedPolicy[];
  /** Set by GenerateCredentialReport. */
  credentialReportGeneratedAt?: string;
}

export interface CloudTrailEvent {
  eventId: string;
  eventTime: string;
  eventName: string;
  eventSource: string; // e.g. s3.amazonaws.com
  accountId: string;
  awsRegion: string;
  accessKeyId: string;
  userName: string;
  sourceIPAddress: string;
  userAgent: string;
  readOnly: boolean;
  resources?: Array<{ type: string; name: string }>;
  /**
   * The record's `userIdentity` when the caller is not an IAM user key (a web identity, a role
   * session); absent means the IAM user (or root) named by userName and accessKeyId.
   */
  userIdentity?: Record<string, unknown>;
  requestParameters?: Record<string, unknown>;
  /** Never holds a secret: credentials appear as their access key id and expiration only. */
  responseElements?: Record<string, unknown>;
  additionalEventData?: Record<string, unknown>;
  /** Set on calls AWS refused (e.g. AccessDenied), as CloudTrail logs them. */
  errorCode?: string;
  errorMessage?: string;
  /** The id both copies of a cross-account event share (sharedEventID). */
  sharedEventId?: string;
}

// ---------------------------------------------------------------- GitHub

export interface GithubWorld {
  /**
   * The tokens the sandbox accepts, with their classic scopes (x-oauth-scopes). `kind` (default
   * personal) decides the primary rate limit: a personal token has its user's, an installation
   * token its GitHub App installation's, which grows with the organization.
   */
  tokens: Array<{
    token: string;
    scopes: string[];
    login: string;
    kind?: "personal" | "installation";
    /** Installation tokens minted through a GitHub App (see GithubApp): whose they are, what they may do, until when. */
    installationId?: number;
    permissions?: Record<string, "read" | "write">;
    /** Real epoch milliseconds after which GitHub answers 401 (an hour of sandbox time after minting). */
    expiresAtMs?: number;
    withheld?: WithheldPermission[];
  }>;
  /** GitHub Apps registered in the sandbox (keyless sandbox registers one), each with its installations. */
  apps?: GithubApp[];
  orgs: GithubOrg[];
  /** Enterprises and the logins of their organizations (GraphQL `enterprise(slug:)`). */
  enterprises?: Array<{ slug: string; id: number; nodeId: string; name: string; orgs: string[] }>;
  repos: GithubRepo[];
  /** GitHub-hosted runner ranges, as /meta `actions`. */
  actionsIpRanges: string[];
  /**
   * The Actions OIDC issuer the sandbox mints job tokens as, with its PUBLIC signing keys (JWKS),
   * which the AWS fake checks tokens against. Set when the sandbox first mints a token.
   */
  oidcIssuer?: { issuer: string; keys: Array<Record<string, string>> };
  /** Primary limits per hour of a personal token (REST requests, GraphQL points); installations follow GitHub's formula. */
  rateLimit: { limit: number; graphqlLimit: number };
}

export interface GithubApp {
  id: number;
  slug: string;
  name: string;
  clientId: string;
  /** The organization that owns the app. */
  owner: string;
  /** PEM (SPKI) public key app JWTs are checked against; the private key never enters the world. */
  publicKeyPem: string;
  installations: GithubAppInstallation[];
}

export interface GithubAppInstallation {
  id: number;
  /** Login of the organization the app is installed on. */
  account: string;
  /** What the installation's tokens may do (GitHub App permissions, e.g. contents: "write"). */
  permissions: Record<string, "read" | "write">;
  createdAt: string;
}
/**
 * Fine-grained permissions a token was not given (a fine-grained token or an App without "Dependabot
 * secrets" or "Codespaces secrets"): those endpoints answer 403 whatever the classic scopes say.
 */
export type WithheldPermission = "dependabot_secrets" | "codespaces_secrets";

export interface GithubOrg {
  login: string;
  id: number;
  nodeId: string;
  name: string;
  createdAt: string;
  secrets: OrgSecret[];
  variables: Variable[];
  /** Dependabot and Codespaces organization secrets (none when omitted). */
  dependabotSecrets?: OrgSecret[];
  codespacesSecrets?: OrgSecret[];
  /** Members of the organization (counts toward a GitHub App installation's rate limit); 0 when omitted. */
  members?: number;
}

export interface Secret {
  name: string; // upper-case, as GitHub stores it
  createdAt: string;
  updatedAt: string;
}

export interface OrgSecret extends Secret {
  visibility: "all" | "private" | "selected";
  /** Repo full names, when visibility is "selected". */
  selectedRepos?: string[];
}

export interface Variable {
  name: string;
  value: string;
  createdAt: string;
  updatedAt: string;
}

export interface Environment {
  id: number;
  nodeId: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  secrets: Secret[];
  variables: Variable[];
}

export interface WorkflowRun {
  id: number;
  workflowPath: string; // .github/workflows/deploy.yml
  name: string;
  event: string; // push, pull_request, schedule...
  headBranch: string;
  headSha: string;
  status: "completed" | "in_progress" | "queued";
  conclusion: "success" | "failure" | "cancelled" | null;
  createdAt: string;
  updatedAt: string;
  runStartedAt: string;
  runNumber: number;
  runAttempt: number;
}

export interface SecretScanningAlert {
  number: number;
  createdAt: string;
  state: "open" | "resolved";
  secretType: string; // aws_access_key_id, aws_secret_access_key, ...
  secretTypeDisplayName: string;
  /** The matched string. For aws_access_key_id it is the key id; never a secret access key here. */
  secret: string;
  path: string;
  line: number;
}

export interface GithubRepo {
  id: number;
  nodeId: string;
  owner: string; // org login
  ownerId: number;
  name: string;
  fullName: string;
  private: boolean;
  visibility: "public" | "private" | "internal";
  archived: boolean;
  fork: boolean;
  defaultBranch: string;
  createdAt: string;
  updatedAt: string;
  pushedAt: string;
  description: string | null;
  /** Files on the default branch, path → text. The GitHub fake turns them into git objects. */
  files: Record<string, string>;
  secrets: Secret[];
  variables: Variable[];
  environments: Environment[];
  /** actions/oidc/customization/sub. */
  oidcSubject: { useDefault: boolean; includeClaimKeys?: string[] };
  secretScanningAlerts: SecretScanningAlert[];
  /** When false, secret-scanning endpoints answer 404 (disabled for the repo). */
  secretScanningEnabled: boolean;
  workflowRuns: WorkflowRun[];
  /** False: code scanning cannot be used (no GitHub Advanced Security): SARIF uploads answer 403. Absent: enabled. */
  codeScanningEnabled?: boolean;
  /** SARIF files accepted by code scanning (POST code-scanning/sarifs), oldest first. */
  sarifUploads?: SarifUpload[];
  /** Code scanning alerts derived from the processed uploads (github/code-scanning-alerts.ts). */
  codeScanningAlerts?: CodeScanningAlert[];
  /** Dependabot and Codespaces repository secrets (none when omitted). */
  dependabotSecrets?: Secret[];
  codespacesSecrets?: Secret[];
}

export interface CodeScanningAlert {
  number: number;
  ruleId: string;
  /** The result's partial fingerprints (or rule and place) that match it across analyses. */
  fingerprint: string;
  toolName: string;
  category: string;
  ref: string;
  state: "open" | "dismissed" | "fixed";
  createdAt: string;
  updatedAt: string;
  fixedAt?: string;
  /** The upload that last saw it (or fixed it) and its commit. */
  mostRecentSarifId: string;
  commitSha: string;
}

export interface SarifUpload {
  id: string;
  commitSha: string;
  ref: string;
  toolName?: string;
  /** runAutomationDetails.id of the first run (code scanning's category), when set. */
  category?: string;
  /** The decompressed SARIF log as uploaded (JSON text). */
  sarif: string;
  receivedAt: string;
  processingStatus: "complete" | "failed";
  errors: string[];
}

// ---------------------------------------------------------------- ground truth

/** What the scenario planted, so that tests can measure discovery and analysis against it. */
export interface GroundTruth {
  /** Every planted static-key usage in a workflow (or composite action) file. */
  usages: Array<{
    repo: string; // full name
    path: string;
    line: number; // 1-based line of the key reference (the `aws-access-key-id:` or env key line)
    job?: string;
    secretNames: string[];
    shape: string; // short label, e.g. "cac-v4", "env-workflow", "reusable-inherit"
  }>;
  /** Which access key is stored in which repo, under which secret names and scope. */
  links: Array<{
    accessKeyId: string;
    accountId: string;
    repo: string;
    secretNames: string[];
    scope: "repo" | "environment" | "organization";
    /** The GitHub environment, when scope is "environment" (names repeat across environments). */
    environment?: string;
    /** Evidence the scenario planted for this link. */
    evidence: Array<"secret-scanning" | "cloudtrail-run-id" | "cloudtrail-runner-ip" | "secret-timing" | "name-match">;
  }>;
  /** Repos already on OIDC: no usage may be reported there. */
  oidcRepos: string[];
  /** Accounts whose audit role denies AssumeRole. */
  unreachableAccounts: string[];
  /** Keys used from outside GitHub (CloudTrail from non-runner IPs). */
  keysUsedOutsideGithub: string[];
  /** Workflow files that are not valid YAML. */
  invalidWorkflows: Array<{ repo: string; path: string }>;
}
