// Merging a pull request in the git store: a path-level three-way merge of base and head trees
// from their merge base, then a merge, squash or rebase-like commit on the base branch.

import type { GithubRepo } from "../world.js";
import { HttpError, type FakeState } from "./context.js";
import type { GitStore } from "./git-store.js";
import type { PullRecord } from "./pull-state.js";
import { refMoved, sandboxPerson } from "./repo-git.js";

type Paths = Record<string, { mode: string; sha: string }>;

/** The merged tree's paths, or undefined on a conflict (both sides changed a path differently). */
export function mergeTrees(store: GitStore, base: string, head: string): Paths | undefined {
  const ancestor = store.mergeBase(base, head);
  const pathsAt = (commit: string | undefined): Paths => {
    const tree = commit ? store.treeOf(commit) : undefined;
    return tree ? store.pathsOf(tree) : {};
  };
  const [a, b, o] = [pathsAt(base), pathsAt(head), pathsAt(ancestor)];
  const merged: Paths = {};
  for (const path of new Set([...Object.keys(a), ...Object.keys(b), ...Object.keys(o)])) {
    const [ours, theirs, orig] = [a[path], b[path], o[path]];
    const same = (x?: { sha: string }, y?: { sha: string }) => x?.sha === y?.sha;
    const pick = same(theirs, orig) ? ours : same(ours, orig) || same(ours, theirs) ? theirs : null;
    if (pick === null) {
      return undefined;
    }
    if (pick) {
      merged[path] = pick;
    }
  }
  return merged;
}

export interface MergeRequest {
  method: "merge" | "squash" | "rebase";
  title?: string;
  message?: string;
  sha?: string;
  login: string;
}

export function mergePull(state: FakeState, repo: GithubRepo, store: GitStore, pull: PullRecord, request: MergeRequest): string {
  const baseRef = `refs/heads/${pull.base}`;
  const base = store.refs.get(baseRef);
  const head = store.refs.get(`refs/heads/${pull.head}`);
  if (pull.state !== "open" || !base || !head) {
    throw new HttpError(405, "Pull Request is not mergeable");
  }
  if (request.sha && request.sha !== head) {
    throw new HttpError(409, "Head branch was modified. Review and try the merge again.");
  }
  const paths = mergeTrees(store, base, head);
  if (!paths) {
    throw new HttpError(405, "Pull Request is not mergeable");
  }
  const tree = store.treeFromPaths(paths);
  const person = { ...sandboxPerson(state), name: request.login, email: `${request.login}@users.noreply.keyless.invalid` };
  const title =
    request.title ?? (request.method === "merge" ? `Merge pull request #${pull.number} from ${repo.owner}/${pull.head}` : `${pull.title} (#${pull.number})`);
  const message = request.message ?? (request.method === "merge" ? pull.title : (pull.body ?? ""));
  const sha = store.putCommit({
    tree,
    parents: request.method === "merge" ? [base, head] : [base],
    author: person,
    committer: person,
    message: message ? `${title}\n\n${message}` : title,
  });
  store.refs.set(baseRef, sha);
  refMoved(state, repo, baseRef);
  Object.assign(pull, {
    state: "closed",
    merged: true,
    mergedAt: state.world.now,
    mergedBy: request.login,
    mergeCommitSha: sha,
    closedAt: state.world.now,
    updatedAt: state.world.now,
    closedHeadSha: head,
  } satisfies Partial<PullRecord>);
  return sha;
}
