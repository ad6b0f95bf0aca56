// Change sets: what `keyless pr` writes to each repository, as plain data built from the plan, the
// workflow patches and the audit. Pure: no client, no clock. The publisher turns one change set into
// one branch, one commit and one pull request.
import { wildcardMatch } from "../../core/wildcard.js";
import type { Audit } from "../../analyze/audit.js";
import { CONFIDENCE_ORDER, type Confidence } from "../../analyze/model.js";
import type { GeneratedFile } from "../../generate/terraform/index.js";
import type { FilePatch, NotPatched } from "../../generate/workflows/index.js";
import type { Plan } from "../../plan/index.js";
import { planHashOf } from "./hash.js";
import type { PrKind } from "./marker.js";
import { renderMigrationBody, renderTerraformBody } from "./pr-body.js";

export const MIGRATION_BRANCH = "keyless/oidc-migration";
export const TERRAFORM_BRANCH = "keyless/oidc-terraform";
export const MIGRATION_TITLE = "Assume AWS roles with GitHub OIDC instead of long-lived access keys";
export const TERRAFORM_TITLE = "IAM roles for the GitHub OIDC migration (keyless)";

export interface ChangeFile {
  path: string;
  content: string;
  /** The text the change was made from: the base branch must still hold it (null: the file must not exist). */
  before?: string | null;
  /** Unified diff against `before`, for the dry run. */
  diff?: string;
  /**
   * Set when `before` is the scan's masked text (a literal secret in it): the blob id of the real
   * file at scan time. The base must still hold that blob; the commit is made from its exact bytes.
   */
  maskedSha?: string;
}

export interface ChangeSet {
  kind: PrKind;
  repo: string;
  baseBranch: string;
  branch: string;
  files: ChangeFile[];
  deletedFiles?: string[];
  title: string;
  body: string;
  labels?: string[];
  reviewers?: string[];
  draft?: boolean;
  /** Hash of the files and deletions: the body's marker and the state record carry it. */
  planHash: string;
}

export interface Selection {
  /** Only these repos: `owner/name` or `name`, `*` matches any run of characters. */
  repos?: string[];
  exclude?: string[];
  /** Only repos with a link of at least this confidence. */
  confidence?: Confidence;
}

export interface PrOptions {
  labels?: string[];
  reviewers?: string[];
  draft?: boolean;
}

export interface RepoPatches {
  repo: string;
  patches: FilePatch[];
  notPatched: NotPatched[];
}

export interface ChangeSetInput {
  plan: Plan;
  audit: Audit;
  /** Every repo's default branch (the Inventory's). */
  defaultBranches: ReadonlyMap<string, string>;
  patches: RepoPatches[];
  selection?: Selection;
  pr?: PrOptions;
  terraform?: { repo: string; path: string };
  /** Files the inventory stores masked (`maskedFilesOf`): `repo\npath` → blob id at scan time. */
  maskedFiles?: ReadonlyMap<string, string>;
}

export interface Skip {
  repo: string;
  reason: string;
}

export interface ChangeSets {
  changeSets: ChangeSet[];
  /** Selected repos that get no PR, and why. */
  skipped: Skip[];
  /** Selection patterns that matched no repository of the plan (likely a typo). */
  unmatched: string[];
}

function pattern(p: string): (repo: string) => boolean {
  const test = (value: string) => wildcardMatch(p, value, { ignoreCase: true, question: false });
  return (repo) => test(repo) || (!p.includes("/") && test(repo.slice(repo.indexOf("/") + 1)));
}

export function matchesAny(repo: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => pattern(p)(repo));
}

function bestConfidence(audit: Audit, repo: string): Confidence | undefined {
  const levels = (audit.repos.find((r) => r.fullName === repo)?.linkedKeys ?? []).map((k) => CONFIDENCE_ORDER.indexOf(k.confidence));
  return levels.length ? CONFIDENCE_ORDER[Math.min(...levels)] : undefined;
}

function prFields(options: PrOptions | undefined): Pick<ChangeSet, "labels" | "reviewers" | "draft"> {
  return {
    ...(options?.labels?.length ? { labels: [...options.labels] } : {}),
    ...(options?.reviewers?.length ? { reviewers: [...options.reviewers] } : {}),
    ...(options?.draft ? { draft: true } : {}),
  };
}

export function buildChangeSets(input: ChangeSetInput): ChangeSets {
  const { plan, selection = {} } = input;
  const names = plan.repos.map((r) => r.repo);
  const unmatched = [...(selection.repos ?? []), ...(selection.exclude ?? [])].filter((p) => !names.some((n) => pattern(p)(n)));
  const patchesOf = new Map(input.patches.map((p) => [p.repo, p]));
  const changeSets: ChangeSet[] = [];
  const skipped: Skip[] = [];
  for (const repo of plan.repos) {
    const name = repo.repo;
    if (selection.repos?.length && !matchesAny(name, selection.repos)) continue;
    if (selection.exclude?.length && matchesAny(name, selection.exclude)) continue;
    if (selection.confidence) {
      const best = bestConfidence(input.audit, name);
      if (!best || CONFIDENCE_ORDER.indexOf(best) > CONFIDENCE_ORDER.indexOf(selection.confidence)) {
        skipped.push({ repo: name, reason: `no link reaches ${selection.confidence} confidence (best: ${best ?? "none"})` });
        continue;
      }
    }
    if (repo.status !== "ready") {
      const blocker = repo.issues.find((i) => i.severity === "blocker");
      skipped.push({ repo: name, reason: `plan status ${repo.status}${blocker ? `: ${blocker.message}` : ""}` });
      continue;
    }
    const result = patchesOf.get(name);
    if (!result || result.patches.length === 0) {
      const why = result?.notPatched.map((n) => `${n.path}: ${n.reason}`).join("; ");
      skipped.push({ repo: name, reason: `no workflow could be patched${why ? ` (${why})` : ""}` });
      continue;
    }
    const baseBranch = input.defaultBranches.get(name);
    if (!baseBranch) {
      skipped.push({ repo: name, reason: "its default branch is not in the inventory" });
      continue;
    }
    const files: ChangeFile[] = [...result.patches]
      .sort((a, b) => a.path.localeCompare(b.path))
      .map((p) => {
        const maskedSha = input.maskedFiles?.get(`${name}\n${p.path}`);
        return { path: p.path, content: p.after, before: p.before, diff: p.diff, ...(maskedSha ? { maskedSha } : {}) };
      });
    const planHash = planHashOf(files);
    changeSets.push({
      kind: "migration",
      repo: name,
      baseBranch,
      branch: MIGRATION_BRANCH,
      files,
      title: MIGRATION_TITLE,
      body: renderMigrationBody({ plan, audit: input.audit, repo, patches: result.patches, notPatched: result.notPatched, planHash, terraform: input.terraform }),
      ...prFields(input.pr),
      planHash,
    });
  }
  return { changeSets, skipped, unmatched };
}

/** `keyless/` → `keyless/`, `keyless` → `keyless/`, `` or `/` → the repository root. */
export function terraformFolder(path: string): string {
  const trimmed = path.replace(/^\/+|\/+$/g, "");
  return trimmed ? `${trimmed}/` : "";
}

export interface TerraformChangeSetInput {
  plan: Plan;
  files: GeneratedFile[];
  repo: string;
  baseBranch: string;
  path: string;
  /** The repos whose migration PRs wait for this one. */
  repos: string[];
  pr?: PrOptions;
}

/** The infrastructure repo's PR with the generated Terraform; undefined when the plan creates nothing. */
export function buildTerraformChangeSet(input: TerraformChangeSetInput): ChangeSet | undefined {
  if (input.files.length === 0) return undefined;
  const folder = terraformFolder(input.path);
  const files: ChangeFile[] = input.files.map((f) => ({ path: `${folder}${f.path}`, content: f.text })).sort((a, b) => a.path.localeCompare(b.path));
  const planHash = planHashOf(files);
  return {
    kind: "terraform",
    repo: input.repo,
    baseBranch: input.baseBranch,
    branch: TERRAFORM_BRANCH,
    files,
    title: TERRAFORM_TITLE,
    body: renderTerraformBody({ plan: input.plan, path: folder, repos: input.repos, planHash }),
    ...prFields(input.pr),
    planHash,
  };
}
