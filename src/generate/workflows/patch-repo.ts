// patchRepo: every file of a repository, with callers and callees migrated together — a caller
// stops passing keys only if its callee is migrated, and a callee assumes a role only if its
// callers in the repository grant `id-token: write`. The patched repository is re-analysed as a whole.
import { analyzeRepoWorkflows, type Usage } from "../../analyze/workflows/index.js";
import { resolveOptions } from "./options.js";
import { normalizePath, patchFileWith } from "./patch-file.js";
import type { FilePatch, NotPatched, PatchRepoInput, RepoPatchResult } from "./types.js";
import { leftoverUsages } from "./validate.js";

const MAX_ROUNDS = 6;

export function patchRepo(input: PatchRepoInput): RepoPatchResult {
  const options = resolveOptions(input.options);
  const files = input.files.map((f) => ({ path: normalizePath(f.path), text: f.text }));
  const analysis = input.analysis ?? analyzeRepoWorkflows({ repo: input.repo, files });
  const groups = linkedGroups(analysis.usages);
  const exclude = new Map<string, string>();
  let patches: FilePatch[] = [];
  let notPatched: NotPatched[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    patches = [];
    notPatched = [];
    for (const file of files) {
      const result = patchFileWith({ repo: input.repo, path: file.path, text: file.text, analysis, roles: input.roles }, options, exclude);
      if (result.patch) patches.push(result.patch);
      notPatched.push(...result.notPatched);
    }
    const patched = new Set(patches.flatMap((p) => p.usageIds));
    const before = exclude.size;
    for (const group of groups) {
      const missing = [...group].find((id) => !patched.has(id));
      if (!missing) continue;
      const why = notPatched.find((n) => n.usageId === missing)?.reason ?? "it was not patched";
      for (const id of group) if (patched.has(id) && !exclude.has(id)) exclude.set(id, `it goes with ${missing} (caller and called workflow or action), which is not patched: ${why}`);
    }
    if (exclude.size === before) {
      const after = files.map((f) => ({ path: f.path, text: patches.find((p) => p.path === f.path)?.after ?? f.text }));
      const usages = analyzeRepoWorkflows({ repo: input.repo, files: after }).usages;
      const patchedUsages = analysis.usages.filter((u) => patched.has(u.id));
      const left = leftoverUsages(analysis.usages, usages, patchedUsages);
      for (const u of left) {
        for (const id of patches.find((p) => p.path === u.path)?.usageIds ?? []) {
          if (!exclude.has(id)) exclude.set(id, `after patching the repository, ${u.path} still hands over keys (${u.kind} at line ${u.line})`);
        }
      }
      if (exclude.size === before) break;
    }
  }
  return { patches, notPatched };
}

/** Callers and callees that must be migrated together (connected through `callee.usageIds`). */
function linkedGroups(usages: Usage[]): Array<Set<string>> {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root) ?? root;
    return root;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  for (const u of usages) {
    if (u.kind !== "reusable-secrets" && u.kind !== "composite-input") continue;
    parent.set(u.id, parent.get(u.id) ?? u.id);
    for (const id of u.callee?.usageIds ?? []) {
      parent.set(id, parent.get(id) ?? id);
      union(u.id, id);
    }
  }
  const groups = new Map<string, Set<string>>();
  for (const id of parent.keys()) {
    const root = find(id);
    groups.set(root, (groups.get(root) ?? new Set()).add(id));
  }
  return [...groups.values()].filter((g) => g.size > 1);
}
