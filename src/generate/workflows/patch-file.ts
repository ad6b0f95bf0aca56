// patchWorkflowFile: one workflow or action file in, a checked patch (or the reasons there is none)
// out. Pure: text and analysis in, text and sentences out.
import { createTwoFilesPatch } from "diff";
import { literalSecretSpans, redactSecrets, type RepoWorkflowAnalysis, type Usage } from "../../analyze/workflows/index.js";
import { loadModel } from "./model.js";
import { resolveOptions, type ResolvedOptions } from "./options.js";
import { planFile, type FilePlan } from "./plan-file.js";
import { tokenlessScriptChecks } from "./script-checks.js";
import type { FilePatch, PatchFileInput, PatchResult } from "./types.js";
import { analyzeFiles, leftoverUsages, lostAnchors, newParserErrors } from "./validate.js";

/**
 * Migrates the static-key usages of one file to OIDC: minimal edits against the original text,
 * checked with GitHub's workflow parser and a fresh analysis. Usages that cannot be migrated (or
 * whose patch fails a check) come back in `notPatched` with a reason.
 */
export function patchWorkflowFile(input: PatchFileInput): PatchResult {
  return patchFileWith(input, resolveOptions(input.options), new Map());
}

/** The same, with options already resolved and usages the repo planner excluded. */
export function patchFileWith(input: PatchFileInput, options: ResolvedOptions, exclude: ReadonlyMap<string, string>): PatchResult {
  const path = normalizePath(input.path);
  const usages = input.analysis.usages.filter((u) => u.path === path);
  if (usages.length === 0) return { notPatched: [] };
  const model = loadModel(path, input.text);
  if ("error" in model) return { notPatched: usages.map((u) => ({ path, usageId: u.id, reason: `the file could not be read: ${model.error}` })) };
  const fresh = analyzeFiles(input.repo, [{ path, text: input.text }]);
  const unknown = unknownUsages(fresh, usages);
  if (unknown.length > 0) {
    const reason = `the file has usages the analysis given does not (${unknown.map((u) => `${u.kind} at line ${u.line}`).join(", ")}): analyse it again`;
    return { notPatched: usages.map((u) => ({ path, usageId: u.id, reason })) };
  }
  const plan = planFile({ model, usages, analysis: input.analysis, roles: input.roles, options, exclude });
  if (plan.patched.length === 0 || plan.after === input.text) return { notPatched: plan.notPatched };
  const problem = checkPlan(input.repo, path, input.text, fresh, plan);
  if (problem) return { notPatched: [...plan.notPatched, ...plan.patched.map((u) => ({ path, usageId: u.id, reason: problem }))] };
  return { patch: filePatch(path, input.text, plan, input.analysis), notPatched: plan.notPatched };
}

/**
 * Usages a fresh analysis of the text finds that the analysis given does not: it is older than the
 * text. (Calls are left out: the given analysis follows callees this file alone cannot show.)
 */
function unknownUsages(fresh: Usage[], known: Usage[]): Usage[] {
  return leftoverUsages(known, fresh.filter((u) => u.kind !== "reusable-secrets" && u.kind !== "composite-input"), []);
}

/** Why a planned patch is not offered, or undefined when it passes both checks. */
function checkPlan(repo: string, path: string, before: string, old: Usage[], plan: FilePlan): string | undefined {
  const lost = lostAnchors(before, plan.after);
  if (lost.length > 0) {
    const names = lost.map((a) => `&${a}`).join(", ");
    return `an entry the patch removes holds the YAML anchor ${names}, which an alias uses elsewhere in the file: move the anchor to a line that stays (or repeat its value), then patch again`;
  }
  const errors = newParserErrors(path, before, plan.after);
  if (errors.length > 0) return `the patched file fails GitHub's workflow parser: ${errors.slice(0, 3).join("; ")}`;
  // A job is not migrated while a secret key is still written in the file: the PR would say so.
  // Lines are the original file's: the values left are looked up there (and not kept).
  const kept = new Set(literalSecretSpans(plan.after).map((s) => plan.after.slice(s.offset, s.end)));
  if (kept.size > 0) {
    const lines = literalSecretSpans(before).filter((s) => kept.has(before.slice(s.offset, s.end))).map((s) => before.slice(0, s.offset).split("\n").length);
    return `a literal secret key is still written in the file (line ${[...new Set(lines)].join(", ")}): delete it by hand, and rotate the key (it stays in the repository's history)`;
  }
  const now = analyzeFiles(repo, [{ path, text: plan.after }]);
  const left = leftoverUsages(old, now, plan.patched);
  if (left.length > 0) return `the patched file still hands over static keys (${left.map((u) => `${u.kind} at line ${u.line}`).join(", ")})`;
  return undefined;
}

function filePatch(path: string, before: string, plan: FilePlan, analysis: RepoWorkflowAnalysis): FilePatch {
  const checks = [...plan.checks, ...tokenlessScriptChecks(path, plan.after, plan.patched), ...calleeChecks(path, plan.patched, analysis)];
  return {
    path,
    before,
    after: plan.after,
    // Diffs end up in logs and PR previews: a secret written in the file shows as ****.
    diff: createTwoFilesPatch(`a/${path}`, `b/${path}`, redactSecrets(before), redactSecrets(plan.after), "", "", { context: 3 }),
    changes: plan.changes,
    reviewerChecks: [...new Set(checks)],
    usageIds: plan.patched.map((u) => u.id),
  };
}

/** A reusable workflow that now assumes a role needs every caller to grant `id-token: write`. */
function calleeChecks(path: string, patched: Usage[], analysis: RepoWorkflowAnalysis): string[] {
  if (!patched.some((u) => u.triggers?.reusable)) return [];
  const callers = analysis.calls.filter((c) => c.callee === path).map((c) => `${c.path} (job \`${c.job ?? "?"}\`)`);
  return [
    `this reusable workflow now requests an OIDC token: every caller must grant \`permissions: id-token: write\`${callers.length > 0 ? ` (callers in this repository: ${callers.join(", ")})` : ""}; callers in other repositories too`,
  ];
}

export function normalizePath(path: string): string {
  return path.replace(/\\/g, "/").replace(/^\.?\//, "");
}
