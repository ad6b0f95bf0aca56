// Comparing trees without writing anything: what a change set would change on top of a tree, what a
// commit changed on top of its parent, and whether the base still holds what the patches were made from.
import type { TreeEntries } from "./api.js";
import type { ChangeSet } from "./change-set.js";
import { gitBlobSha } from "./hash.js";

/** path → new blob id (null: deleted). Only real changes: a file already equal to the plan is left out. */
export type TreeChanges = Map<string, { mode: string; sha: string | null }>;

export function plannedChanges(cs: Pick<ChangeSet, "files" | "deletedFiles">, base: TreeEntries): TreeChanges {
  const out: TreeChanges = new Map();
  for (const f of cs.files) {
    const sha = gitBlobSha(f.content);
    const current = base.get(f.path);
    if (current?.sha !== sha) out.set(f.path, { mode: current?.mode ?? "100644", sha });
  }
  for (const path of cs.deletedFiles ?? []) if (base.has(path)) out.set(path, { mode: base.get(path)?.mode ?? "100644", sha: null });
  return out;
}

export function treeChanges(before: TreeEntries, after: TreeEntries): TreeChanges {
  const out: TreeChanges = new Map();
  for (const [path, entry] of after) if (before.get(path)?.sha !== entry.sha) out.set(path, { mode: entry.mode, sha: entry.sha });
  for (const [path, entry] of before) if (!after.has(path)) out.set(path, { mode: entry.mode, sha: null });
  return out;
}

export function sameChanges(a: TreeChanges, b: TreeChanges): boolean {
  if (a.size !== b.size) return false;
  for (const [path, entry] of a) if (b.get(path)?.sha !== entry.sha) return false;
  return true;
}

/** The tree `base` becomes with `changes` applied: what keyless's commit on that base holds. */
export function withChanges(base: TreeEntries, changes: TreeChanges): TreeEntries {
  const out: TreeEntries = new Map(base);
  for (const [path, change] of changes) {
    if (change.sha === null) out.delete(path);
    else out.set(path, { mode: change.mode, sha: change.sha });
  }
  return out;
}

/** Two whole trees hold the same paths with the same modes and contents. */
export function sameEntries(a: TreeEntries, b: TreeEntries): boolean {
  if (a.size !== b.size) return false;
  for (const [path, entry] of a) {
    const other = b.get(path);
    if (other?.sha !== entry.sha || other.mode !== entry.mode) return false;
  }
  return true;
}

/** Files the base branch changed since the scan: writing the patch on top would undo someone's edit. */
export function driftedFiles(cs: Pick<ChangeSet, "files">, base: TreeEntries): string[] {
  return cs.files
    .filter((f) => f.before !== undefined)
    .filter((f) => (f.before === null ? base.has(f.path) : base.get(f.path)?.sha !== (f.maskedSha ?? gitBlobSha(f.before as string))))
    .map((f) => f.path);
}

export function touchesWorkflows(cs: Pick<ChangeSet, "files" | "deletedFiles">): boolean {
  return [...cs.files.map((f) => f.path), ...(cs.deletedFiles ?? [])].some((p) => p.startsWith(".github/workflows/"));
}
