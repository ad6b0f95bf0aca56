// Plans one file's patch: each usage's handler contributes edits and needs; removals are grouped by
// mapping (an emptied env block goes whole), configure steps are placed, permissions granted, and
// callee declarations released. A usage whose part cannot be written is dropped and the plan redone.
import type { Pair, YAMLMap } from "yaml";
import type { RepoWorkflowAnalysis, Usage, YamlPath } from "../../analyze/workflows/index.js";
import type { JobCtx } from "../../analyze/workflows/scope.js";
import { patchCacStep } from "./cac-step.js";
import { patchCallUsage } from "./calls.js";
import { staticReason } from "./classify.js";
import type { Contribution, HandlerCtx, HandlerResult } from "./contribution.js";
import { credentialEdits } from "./credentials.js";
import { patchEnvUsage } from "./env-keys.js";
import { pairAt, type FileModel } from "./model.js";
import { choiceProblem, type ResolvedOptions } from "./options.js";
import { permissionEdits } from "./permissions.js";
import { paramsOf, releaseParams } from "./released-params.js";
import { patchRunScript } from "./run-script.js";
import { applyEdits, OverlappingEditsError, type TextEdit } from "./text-edits.js";
import type { NotPatched, RoleAssignment } from "./types.js";
import { removePairs } from "./yaml-text.js";

export interface FilePlan {
  edits: TextEdit[];
  after: string;
  changes: string[];
  checks: string[];
  patched: Usage[];
  notPatched: NotPatched[];
}

export interface PlanInput {
  model: FileModel;
  usages: Usage[];
  analysis: RepoWorkflowAnalysis;
  roles: RoleAssignment;
  options: ResolvedOptions;
  /** Usages not to patch, with the reason to report (decided by the repo-level planner). */
  exclude?: ReadonlyMap<string, string>;
}

const MAX_ROUNDS = 8;

export function planFile(input: PlanInput): FilePlan {
  const dropped = new Map<string, string>(input.exclude ?? []);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const result = attempt(input, dropped);
    if (result.failed.size === 0) return result.plan;
    for (const [id, why] of result.failed) dropped.set(id, why);
  }
  return attempt(input, new Map(input.usages.map((u) => [u.id, "the patch could not be planned"]))).plan;
}

function attempt(input: PlanInput, dropped: ReadonlyMap<string, string>): { plan: FilePlan; failed: Map<string, string> } {
  const { model, usages, analysis, options } = input;
  const notPatched: NotPatched[] = [];
  const failed = new Map<string, string>();
  const ctx: HandlerCtx = { model, analysis, options, choiceFor: (usage, job) => choiceFor(input.roles, model, usage, job) };
  const contributions: Contribution[] = [];
  const literals: Usage[] = [];
  for (const usage of usages) {
    const skip = dropped.get(usage.id) ?? staticReasonUnlessLiteral(usage, analysis);
    if (usage.kind === "literal-key-id" && !dropped.has(usage.id)) {
      literals.push(usage);
      continue;
    }
    if (skip) {
      notPatched.push({ path: model.path, usageId: usage.id, reason: skip });
      continue;
    }
    const result = handle(ctx, usage);
    if ("reason" in result) notPatched.push({ path: model.path, usageId: usage.id, reason: result.reason });
    else contributions.push(result);
  }

  const edits: TextEdit[] = contributions.flatMap((c) => c.edits);
  const removal = removalEdits(model, contributions);
  edits.push(...removal.edits);
  for (const [id, why] of removal.errors) failed.set(id, why);
  const credentials = credentialEdits(model, contributions, options);
  edits.push(...credentials.edits);
  for (const [id, why] of credentials.errors) failed.set(id, why);
  const permissions = permissionEdits(model, contributions.flatMap((c) => c.idToken));
  edits.push(...permissions.edits);
  for (const c of contributions) {
    for (const need of c.idToken) {
      const why = permissions.errors.get(need.job.id);
      if (why) failed.set(c.usage.id, `job \`${need.job.id}\` permissions: ${why}`);
    }
  }

  let after: string;
  try {
    after = applyEdits(model.text, edits);
  } catch (error) {
    if (!(error instanceof OverlappingEditsError)) throw error;
    for (const c of contributions) failed.set(c.usage.id, "the edits for this file overlap; patch it by hand");
    after = model.text;
  }
  const released = releaseParams(model, after, contributions.flatMap((c) => paramsOf(c.usage)));
  if (released.edits.length > 0 && failed.size === 0) {
    edits.push(...released.edits);
    after = applyEdits(model.text, edits);
  }

  // Literal key ids inside removed or replaced text are gone with it.
  const changed = edits.filter((e) => e.end > e.offset);
  for (const literal of literals) {
    const covered = changed.some((e) => literal.offset >= e.offset && literal.endOffset <= e.end);
    if (!covered || failed.size > 0) notPatched.push({ path: model.path, usageId: literal.id, reason: staticReason(literal, analysis) ?? "not patched" });
  }
  const patched = contributions.map((c) => c.usage).concat(literals.filter((l) => !notPatched.some((n) => n.usageId === l.id)));
  const plan: FilePlan = {
    edits,
    after,
    changes: unique([...contributions.flatMap((c) => c.changes), ...credentials.changes, ...permissions.changes, ...released.changes]),
    checks: unique([...contributions.flatMap((c) => c.checks), ...permissions.checks, ...triggerChecks(contributions)]),
    patched,
    notPatched,
  };
  return { plan, failed };
}

function staticReasonUnlessLiteral(usage: Usage, analysis: RepoWorkflowAnalysis): string | undefined {
  return usage.kind === "literal-key-id" ? undefined : staticReason(usage, analysis);
}

function handle(ctx: HandlerCtx, usage: Usage): HandlerResult {
  switch (usage.kind) {
    case "configure-aws-credentials":
    case "key-then-assume":
      return patchCacStep(ctx, usage);
    case "env":
    case "docker-action-env":
      return patchEnvUsage(ctx, usage);
    case "run-script":
      return patchRunScript(ctx, usage);
    case "reusable-secrets":
    case "composite-input":
      return patchCallUsage(ctx, usage);
    default:
      return { reason: "this kind of usage is not patched" };
  }
}

function choiceFor(roles: RoleAssignment, model: FileModel, usage: Usage, job: JobCtx | undefined) {
  const choice = roles({ usage, path: model.path, ...(job ? { job: job.id } : {}), ...(job?.environment ? { environment: job.environment } : {}) });
  if (!choice) return "no role is assigned to it";
  return choiceProblem(choice) ?? choice;
}

interface Group {
  map: YAMLMap<unknown, unknown>;
  path: YamlPath;
  pairs: Set<Pair<unknown, unknown>>;
  usages: Set<string>;
}

/** Removals grouped by mapping, deepest first; a mapping left empty loses its own entry. */
function removalEdits(model: FileModel, contributions: Contribution[]): { edits: TextEdit[]; errors: Map<string, string> } {
  const groups = new Map<YAMLMap<unknown, unknown>, Group>();
  const errors = new Map<string, string>();
  const add = (path: YamlPath, usages: Iterable<string>): boolean => {
    const at = pairAt(model, path);
    if (!at) return false;
    const group = groups.get(at.map) ?? { map: at.map, path: path.slice(0, -1), pairs: new Set(), usages: new Set() };
    group.pairs.add(at.pair);
    for (const u of usages) group.usages.add(u);
    groups.set(at.map, group);
    return true;
  };
  for (const c of contributions) {
    for (const path of c.removals) if (!add(path, [c.usage.id])) errors.set(c.usage.id, "an entry to remove sits behind a YAML alias or could not be found");
  }
  const edits: TextEdit[] = [];
  const done = new Set<Group>();
  for (;;) {
    const next = [...groups.values()].filter((g) => !done.has(g)).sort((a, b) => b.path.length - a.path.length)[0];
    if (!next) break;
    done.add(next);
    const result = removePairs(model.text, next.map, next.pairs);
    if ("edits" in result) edits.push(...result.edits);
    else if ("error" in result) for (const u of next.usages) errors.set(u, result.error);
    else if (next.path.length === 0 || !add(next.path, next.usages)) for (const u of next.usages) errors.set(u, "the whole mapping would be removed");
  }
  return { edits, errors };
}

function unique(list: string[]): string[] {
  return [...new Set(list.filter((s) => s !== ""))];
}

/** Jobs started by pull requests get no OIDC token from forks, and a subject the role may not trust. */
function triggerChecks(contributions: Contribution[]): string[] {
  const jobs = new Set<string>();
  for (const c of contributions) {
    const events = c.usage.triggers?.events ?? [];
    if (!events.some((e) => e.startsWith("pull_request") || e === "issue_comment")) continue;
    for (const need of c.idToken) jobs.add(need.job.id);
  }
  if (jobs.size === 0) return [];
  const list = [...jobs].map((j) => `\`${j}\``).join(", ");
  return [
    `the workflow runs on pull requests: GitHub gives fork pull requests no OIDC token, and a same-repository pull request's token has the subject \`repo:OWNER/REPO:pull_request\`; the configure steps in ${list} fail unless the role trusts that or the steps are skipped for pull requests`,
  ];
}
