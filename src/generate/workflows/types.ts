// Inputs and outputs of the workflow patcher: which roles to assume, how to write the action, and
// the patches (whole new file, unified diff, what changed, what a reviewer must confirm).
import type { EnvironmentRef, RepoWorkflowAnalysis, Usage, WorkflowFileInput } from "../../analyze/workflows/index.js";

/** The roles one job (or one composite action) assumes instead of using keys. */
export interface RoleChoice {
  /** Role assumed with the GitHub OIDC token (the tooling account's entry role, or the deploy role when direct). */
  entryRoleArn: string;
  /** Hub-and-spoke: the deploy role chained into after the entry role. */
  chainRoleArn?: string;
  /** ExternalId the chained role's trust policy asks for. */
  externalId?: string;
  /** Region for inserted steps; otherwise the usage's own region hints are used. */
  region?: string;
}

/** What a role is asked for: a usage, in one job it reaches (a workflow-level env reaches several). */
export interface RoleTarget {
  usage: Usage;
  path: string;
  /** The job the credentials are configured in; absent for composite actions. */
  job?: string;
  environment?: EnvironmentRef;
}

/** Returns the roles for a target, or undefined to leave that usage alone (it is then reported). */
export type RoleAssignment = (target: RoleTarget) => RoleChoice | undefined;

export interface PatchOptions {
  /** `owner/repo@ref` of configure-aws-credentials; default {@link DEFAULT_ACTION_REF}. */
  actionRef?: string;
  /** Pin the action to this commit (40 hex digits); the ref of `actionRef` becomes a `# vN` comment. */
  pinSha?: string;
  /** `role-duration-seconds` of the role finally assumed (capped at 3600 for a chained role). */
  sessionDuration?: number;
  /** What to tell the user when no region is known for a job (default: give one in the role assignment). */
  missingRegionHint?: string;
}

/** configure-aws-credentials' current major (v6: Node 24, YAML 1.2 booleans for its inputs). */
export const DEFAULT_ACTION_REF = "aws-actions/configure-aws-credentials@v6";

export interface FilePatch {
  path: string;
  before: string;
  after: string;
  /** Unified diff (a/path → b/path). */
  diff: string;
  /** Human sentences: what the patch changes. */
  changes: string[];
  /** What a reviewer should confirm before merging (permissions, conditions, scripts). */
  reviewerChecks: string[];
  /** The usages (ids of the analysis given) this patch migrates. */
  usageIds: string[];
}

export interface NotPatched {
  path: string;
  usageId?: string;
  reason: string;
}

export interface PatchResult {
  /** Absent when nothing in the file could be (or needed to be) patched. */
  patch?: FilePatch;
  notPatched: NotPatched[];
}

export interface PatchFileInput {
  repo: string;
  path: string;
  text: string;
  /** Analysis of the whole repository, so callers and callees of this file are known. */
  analysis: RepoWorkflowAnalysis;
  roles: RoleAssignment;
  options?: PatchOptions;
}

export interface PatchRepoInput {
  repo: string;
  files: WorkflowFileInput[];
  /** Computed from `files` when absent. */
  analysis?: RepoWorkflowAnalysis;
  roles: RoleAssignment;
  options?: PatchOptions;
}

export interface RepoPatchResult {
  patches: FilePatch[];
  notPatched: NotPatched[];
}
