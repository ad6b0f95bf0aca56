// Ties a world repository to its git store: materializes `repo.files` as a first commit on the
// default branch, commits later edits of `repo.files`, and writes the default branch back to
// `repo.files` when its ref moves, so contents, git data and GraphQL always agree.

import type { GithubRepo } from "../world.js";
import type { FakeState } from "./context.js";
import { GitStore, type Person } from "./git-store.js";

/** What `repo.files` held when the fake last synced, to tell edits made by others. */
const snapshots = new WeakMap<GitStore, Record<string, string>>();

export function sandboxPerson(state: FakeState, date?: string): Person {
  return { name: "keyless sandbox", email: "sandbox@keyless.invalid", date: date ?? state.world.now };
}

export function headRef(repo: GithubRepo): string {
  return `refs/heads/${repo.defaultBranch}`;
}

function changedPaths(before: Record<string, string>, after: Record<string, string>): string[] {
  const paths = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...paths].filter((path) => before[path] !== after[path]);
}

/** The store for a repo; an empty `files` map is an empty repository (no commits, no refs). */
export function gitFor(state: FakeState, repo: GithubRepo): GitStore {
  let store = state.git.get(repo.id);
  if (!store) {
    store = new GitStore();
    state.git.set(repo.id, store);
    snapshots.set(store, {});
  }
  const snapshot = snapshots.get(store) ?? {};
  const changed = changedPaths(snapshot, repo.files);
  if (changed.length > 0) {
    commitFileEdits(state, repo, store, changed);
  }
  return store;
}

/** Someone edited `repo.files` directly: record it as a commit on the default branch. */
function commitFileEdits(state: FakeState, repo: GithubRepo, store: GitStore, changed: string[]): void {
  const parent = store.refs.get(headRef(repo));
  const files: Record<string, Buffer | string> = {};
  if (parent) {
    const tree = store.commit(parent)?.tree;
    for (const entry of tree ? store.walk(tree) : []) {
      if (entry.type === "blob") {
        files[entry.path] = store.blob(entry.sha) ?? "";
      }
    }
  }
  for (const path of changed) {
    const text = repo.files[path];
    if (text === undefined) {
      delete files[path];
    } else {
      files[path] = text;
    }
  }
  const person = sandboxPerson(state, parent ? state.world.now : repo.pushedAt);
  const sha = store.putCommit({
    tree: store.treeFromFiles(files),
    parents: parent ? [parent] : [],
    author: person,
    committer: person,
    message: parent ? "Update files" : "Initial commit",
  });
  store.refs.set(headRef(repo), sha);
  snapshots.set(store, { ...repo.files });
}

/** Decodes blob bytes as text, or undefined when they are not valid UTF-8 (binary). */
export function blobText(data: Buffer): string | undefined {
  if (data.includes(0)) {
    return undefined;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(data);
  } catch {
    return undefined;
  }
}

/** Called after any ref write: keeps `repo.files` equal to the default branch's text files. */
export function refMoved(state: FakeState, repo: GithubRepo, ref: string): void {
  if (ref !== headRef(repo)) {
    return;
  }
  const store = state.git.get(repo.id);
  if (!store) {
    return;
  }
  const head = store.refs.get(ref);
  const tree = head ? store.commit(head)?.tree : undefined;
  const files: Record<string, string> = {};
  for (const entry of tree ? store.walk(tree) : []) {
    const text = entry.type === "blob" ? blobText(store.blob(entry.sha) ?? Buffer.alloc(0)) : undefined;
    if (text !== undefined) {
      files[entry.path] = text;
    }
  }
  repo.files = files;
  repo.pushedAt = state.world.now;
  repo.updatedAt = state.world.now;
  snapshots.set(store, { ...files });
}
