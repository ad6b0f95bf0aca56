// What the plan stage is told by keyless.config.yaml (`plan:`), with every default applied.
// Validated in src/config; here only the plain, resolved shape the pure stage works from.

export type Topology = "hub-and-spoke" | "direct";

/** Per-repository overrides, keyed by `owner/name`. */
export interface RepoPlanOverride {
  /** Leave the repo out of the plan (its keys then wait for nothing from it). */
  skip?: boolean;
  /** The accounts the repo deploys to; replaces what keyless derived from links and hints. */
  targetAccounts?: string[];
  /** Subject form GitHub issues for this repo: `name` (repo:owner/name:…) or `immutable` (repo:owner@id/name@id:…). */
  subjectFormat?: "name" | "immutable";
  /** Environments a job whose `environment:` is an expression may deploy to (one entry role trusts them all). */
  environments?: string[];
  /**
   * Refs (`refs/heads/…`, `refs/tags/…`) replacing the pattern of a job's filter; each is kept only
   * for jobs whose triggers and `if:` allow it. Written as a filter is: `*` matches no `/`, `**` any text.
   */
  refs?: string[];
  /** Values of custom subject template claims keyless cannot know before the run (`actor: deploy-bot`). */
  claims?: Record<string, string>;
  /** ExternalId to use for this repo's chained hops instead of the generated one. */
  externalId?: string;
  /** Use this existing entry role instead of generating one (its trust is then yours to keep right). */
  entryRoleArn?: string;
  /** Per target account: an existing deploy role, or managed policies to grant instead of the key user's. */
  deployRoles?: Record<string, { arn?: string; managedPolicyArns?: string[] }>;
}

export interface PlanConfig {
  topology: Topology;
  /** Hub-and-spoke: the account holding the provider and the entry roles; derived from account names when absent. */
  toolingAccountId?: string;
  /** Ask for an ExternalId on every chained hop (deterministic, see docs/config.md). */
  externalId: boolean;
  /** OIDC issuer; absent means github.com's, or the Enterprise Server one derived from the Inventory's API URL. */
  issuer?: string;
  roleNamePrefix: string;
  /** IAM path of every generated role, `/` or `/a/b/`. */
  rolePath: string;
  /** `owner/repo@ref` of configure-aws-credentials the workflow patches use. */
  actionRef: string;
  /** Narrow deploy-role permissions to the services the key was seen using (when no last-accessed data exists). */
  leastPrivilege: boolean;
  /**
   * Deploy-role permissions: `narrow` (default) gives each role the actions its key used (IAM
   * last-accessed data and CloudTrail), on the user's own resources, wherever the inventory has that
   * evidence, and copies the user's policies where it does not; `copy` always copies them.
   */
  permissions: "copy" | "narrow";
  /** MaxSessionDuration (seconds) of roles assumed directly with the OIDC token; chained roles are capped at 3600. */
  maxSessionDuration: number;
  /** Days between deactivating a key and deleting it. */
  waitDays: number;
  repos: Record<string, RepoPlanOverride>;
  /** Role exempt from the guardrail SCP (keyless.config.yaml `guardrails.breakGlassRoleName`); keyless-break-glass when absent. */
  breakGlassRoleName?: string;
}

export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
/** configure-aws-credentials' current major (the workflow patcher uses the same default). */
export const DEFAULT_ACTION_REF = "aws-actions/configure-aws-credentials@v6";
/** Role chaining limits every chained session to one hour, whatever the role allows. */
export const CHAINED_SESSION_SECONDS = 3600;

export const DEFAULT_PLAN_CONFIG: PlanConfig = {
  topology: "hub-and-spoke",
  externalId: true,
  roleNamePrefix: "gha-",
  rolePath: "/keyless/",
  actionRef: DEFAULT_ACTION_REF,
  leastPrivilege: false,
  permissions: "narrow",
  maxSessionDuration: 3600,
  waitDays: 7,
  repos: {},
};
