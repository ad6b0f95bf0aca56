// Output types of the workflow analyzer: plain, JSON-serialisable data about where static AWS keys
// reach GitHub Actions jobs. Offsets and columns count UTF-16 code units (JS string indices).

/** Files larger than this (UTF-8 bytes) are skipped with code TooLarge. */
export const MAX_WORKFLOW_BYTES = 1024 * 1024;
/** Aliases a file may expand before it is treated as an alias bomb (yaml's `maxAliasCount`). */
export const MAX_ALIAS_COUNT = 1000;

export interface Span {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  endLine: number;
  endColumn: number;
  /** 0-based offset into the file text; `endOffset` is exclusive. */
  offset: number;
  endOffset: number;
}

/** Keys and sequence indices (0-based) from the document root to a node. */
export type YamlPath = Array<string | number>;

export type RefSource =
  | "secret" // secrets.NAME
  | "var" // vars.NAME
  | "input" // inputs.NAME (workflow_call, workflow_dispatch or composite action input)
  | "step-output" // steps.ID.outputs.NAME
  | "job-output" // needs.JOB.outputs.NAME
  | "env" // env.NAME, with what the variable holds in `resolved`
  | "matrix" // matrix.NAME
  | "computed" // secrets[<expression>]: the secret name is computed at run time
  | "literal"; // a literal value (only an AKIA/ASIA key id is ever kept, never a secret)

/** Where one credential value comes from. */
export interface ValueRef {
  source: RefSource;
  name?: string;
  /** Step id of a step output, job id of a job output. */
  stepId?: string;
  /** The `${{ … }}` text the reference sits in (never set for literals). */
  expression?: string;
  /** A literal access key id (key ids are not secret; secret keys are never recorded). */
  keyId?: string;
  /** A literal secret access key or session token: only where it is is kept, never the value. */
  literalSecret?: true;
  /** For computed secret names: the name with run-time parts as `*`, e.g. AWS_KEY_*. */
  namePattern?: string;
  /** For env refs: what the variable is set to in the workflow (empty when set at run time). */
  resolved?: ValueRef[];
  span: Span;
}

export type CredentialRole = "accessKeyId" | "secretAccessKey" | "sessionToken";

/** One place a credential value is handed over: an input, an env variable, a script argument. */
export interface CredentialSlot {
  role: CredentialRole;
  /** The input, variable or flag name as written: aws-access-key-id, AWS_ACCESS_KEY_ID, --key. */
  slot: string;
  /** True for names AWS tools read themselves (AWS_ACCESS_KEY_ID…, configure-aws-credentials inputs). */
  standard: boolean;
  refs: ValueRef[];
  yamlPath: YamlPath;
  /** The whole `key: value` (or `NAME=value` in a script). */
  span: Span;
  valueSpan: Span;
}

export type UsageKind =
  | "configure-aws-credentials" // aws-actions/configure-aws-credentials with static keys
  | "key-then-assume" // … with static keys and role-to-assume
  | "env" // AWS credential variables in env (see envLevel)
  | "docker-action-env" // env of a docker:// step, a job container or a service container
  | "action-input" // a third-party action given key inputs
  | "reusable-secrets" // secrets handed to a reusable workflow (see secretsMode)
  | "composite-input" // keys handed to a local composite action
  | "run-script" // keys written from an expression in a run script (see runForm)
  | "literal-key-id"; // an AKIA…/ASIA… key id in the file text

export type EnvLevel = "workflow" | "job" | "step" | "container" | "service" | "action";
export type RunForm = "sls-config-credentials" | "aws-configure-set" | "github-env" | "docker-env" | "export" | "assignment" | "cli-flag";

export interface ActionRef {
  /** The `uses:` value as written. */
  uses: string;
  /** owner/repo[/path], ./local/path or docker://image. */
  action: string;
  ref?: string;
  /** Set when the ref is a full commit SHA. */
  sha?: string;
  /** Version named in a trailing comment (`@<sha> # v4.1.0`). */
  versionComment?: string;
  local: boolean;
  docker: boolean;
}

export interface StepRef {
  /** 0-based position in the job's (or composite action's) steps. */
  index: number;
  name?: string;
  id?: string;
  uses?: string;
  span: Span;
}

export interface EnvironmentRef {
  name: string;
  /** The name is an expression (`${{ inputs.environment }}`), known only at run time. */
  expression: boolean;
  span: Span;
}

export interface Permissions {
  /** Where the permissions in effect come from; "default" means none are declared. */
  source: "job" | "workflow" | "default";
  value: "read-all" | "write-all" | Record<string, string>;
  idTokenWrite: boolean;
  span?: Span;
}

export interface TriggerEvent {
  name: string;
  branches?: string[];
  branchesIgnore?: string[];
  tags?: string[];
  tagsIgnore?: string[];
  types?: string[];
  cron?: string[];
  workflows?: string[];
}

export interface Triggers {
  events: string[];
  details: TriggerEvent[];
  pullRequestTarget: boolean;
  workflowRun: boolean;
  /** Some event can be started by someone outside the repo (fork PRs, comments, issues…). */
  forkReachable: boolean;
  /** Some such event runs with the repo's secrets (pull_request_target, workflow_run, issue_comment…). */
  secretsReachableFromForks: boolean;
  /** The workflow is a reusable workflow (workflow_call): its real triggers are its callers'. */
  reusable: boolean;
  span?: Span;
}

export interface RegionHint {
  /** The region, or the expression that yields it. */
  value: string;
  literal: boolean;
  /** aws-region, env:AWS_REGION, env:AWS_DEFAULT_REGION, run:--region, ecr-registry. */
  source: string;
  span: Span;
}

export interface AccountHint {
  accountId?: string;
  /** The expression an account id comes from, when it is not literal. */
  ref?: string;
  source: "role-arn" | "arn" | "ecr-registry" | "env" | "allowed-account-ids";
  span: Span;
}

export interface JobScope {
  job: string;
  jobName?: string;
  environment?: EnvironmentRef;
  permissions: Permissions;
}

export interface Usage {
  /** Stable within one analysis: path:line:column:kind. */
  id: string;
  repo: string;
  path: string;
  fileKind: "workflow" | "action";
  kind: UsageKind;
  envLevel?: EnvLevel;
  secretsMode?: "inherit" | "explicit";
  runForm?: RunForm;
  /** Primary location: the access key id slot when there is one. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  offset: number;
  endOffset: number;
  job?: string;
  jobName?: string;
  /** Jobs a workflow-level env reaches (every job with steps). */
  reachedJobs?: JobScope[];
  step?: StepRef;
  accessKeyId?: CredentialSlot;
  secretAccessKey?: CredentialSlot;
  sessionToken?: CredentialSlot;
  /** Every secret name the credentials come from (after following env and callers' mappings). */
  secretNames: string[];
  /** Every configuration variable name (vars.*) they come from. */
  variableNames: string[];
  action?: ActionRef;
  roleToAssume?: { value: string; literal: boolean; accountId?: string; span: Span };
  callee?: { path: string; resolved: boolean; usageIds: string[] };
  environment?: EnvironmentRef;
  triggers?: Triggers;
  regionHints: RegionHint[];
  accountHints: AccountHint[];
  permissions?: Permissions;
  literal?: { keyId: string; inComment: boolean; example: boolean };
  /** Rule ids suppressed inline (`# keyless: ignore[KL101]`); "*" for a bare `# keyless: ignore`. */
  suppressed?: string[];
  /** Judgement calls worth showing a reviewer. */
  notes: string[];
}

/** A configure-aws-credentials step that assumes a role without static keys (already on OIDC). */
export interface OidcUse {
  repo: string;
  path: string;
  fileKind: "workflow" | "action";
  job?: string;
  jobName?: string;
  step: StepRef;
  line: number;
  column: number;
  offset: number;
  endOffset: number;
  action: ActionRef;
  roleToAssume: { value: string; literal: boolean; accountId?: string; span: Span };
  regionHints: RegionHint[];
  environment?: EnvironmentRef;
  permissions?: Permissions;
  idTokenWrite: boolean;
  triggers?: Triggers;
  /** The same job also receives static keys (half-migrated, or a role chain in the making). */
  alsoStaticKeys: boolean;
  /** A composite wrapper that also forwards optional key inputs (callers may pass keys). */
  optionalKeyInputs?: boolean;
}

/** A call into a reusable workflow (job `uses:`) or a local action (step `uses: ./…`). */
export interface WorkflowCall {
  path: string;
  line: number;
  column: number;
  job?: string;
  step?: StepRef;
  uses: string;
  kind: "reusable-workflow" | "local-action";
  /** Callee path inside this repo, when it is local. */
  callee?: string;
  /** The callee was among the analysed files. */
  resolved: boolean;
  secrets: "inherit" | "explicit" | "none";
  usageIds: string[];
}

export type SkipCode = "TooLarge" | "Binary" | "InvalidYaml" | "AliasBomb" | "NotAWorkflow";

export interface FileSkip {
  path: string;
  code: SkipCode;
  reason: string;
}

export interface AnalyzedFile {
  path: string;
  fileKind: "workflow" | "action";
  triggers?: Triggers;
  jobs: string[];
}

export interface RepoWorkflowAnalysis {
  repo: string;
  usages: Usage[];
  oidcJobs: OidcUse[];
  calls: WorkflowCall[];
  skipped: FileSkip[];
  files: AnalyzedFile[];
}

export interface WorkflowFileInput {
  path: string;
  text: string;
}
