// Git data bodies: git-ref, git-commit, git-tree, blob, short-blob.

import type { components } from "@octokit/openapi-types";
import type { GithubRepo } from "../../world.js";
import { apiUrl, htmlUrl, type FakeState } from "../context.js";
import type { GitStore } from "../git-store.js";

type S = components["schemas"];

export function nodeId(kind: string, repo: GithubRepo, key: string): string {
  return Buffer.from(`0${kind.length}:${kind}${repo.id}:${key}`).toString("base64");
}

export function gitRef(state: FakeState, repo: GithubRepo, store: GitStore, ref: string): S["git-ref"] {
  const sha = store.refs.get(ref) ?? "";
  const type = store.typeOf(sha) ?? "commit";
  const kind = type === "commit" ? "commits" : type === "tree" ? "trees" : "blobs";
  return {
    ref,
    node_id: nodeId("Ref", repo, ref),
    url: apiUrl(state, `/repos/${repo.fullName}/git/${ref}`),
    object: { type, sha, url: apiUrl(state, `/repos/${repo.fullName}/git/${kind}/${sha}`) },
  };
}

export function gitCommit(state: FakeState, repo: GithubRepo, store: GitStore, sha: string): S["git-commit"] {
  const commit = store.commit(sha)!;
  const api = (path: string) => apiUrl(state, `/repos/${repo.fullName}/git/${path}`);
  return {
    sha,
    node_id: nodeId("Commit", repo, sha),
    url: api(`commits/${sha}`),
    html_url: htmlUrl(state, `${repo.fullName}/commit/${sha}`),
    author: { ...commit.author, date: new Date(commit.author.date).toISOString().replace(/\.\d{3}Z$/, "Z") },
    committer: { ...commit.committer, date: new Date(commit.committer.date).toISOString().replace(/\.\d{3}Z$/, "Z") },
    message: commit.message,
    tree: { sha: commit.tree, url: api(`trees/${commit.tree}`) },
    parents: commit.parents.map((p) => ({ sha: p, url: api(`commits/${p}`), html_url: htmlUrl(state, `${repo.fullName}/commit/${p}`) })),
    verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
  };
}

export function gitTree(state: FakeState, repo: GithubRepo, store: GitStore, treeSha: string, recursive: boolean): S["git-tree"] {
  const entries = recursive
    ? store.walk(treeSha)
    : (store.tree(treeSha) ?? []).map((e) => ({ path: e.name, mode: e.mode, type: store.typeOf(e.sha) ?? "commit", sha: e.sha }));
  const truncated = entries.length > state.limits.treeEntries;
  return {
    sha: treeSha,
    url: apiUrl(state, `/repos/${repo.fullName}/git/trees/${treeSha}`),
    truncated,
    tree: entries.slice(0, state.limits.treeEntries).map((e) => {
      const mode = e.mode === "40000" ? "040000" : e.mode;
      const kind = e.type === "tree" ? "trees" : "blobs";
      const item = { path: e.path, mode, type: e.type, sha: e.sha };
      if (e.type === "commit") {
        return item;
      }
      const url = apiUrl(state, `/repos/${repo.fullName}/git/${kind}/${e.sha}`);
      return e.type === "blob" ? { ...item, size: store.blob(e.sha)?.length ?? 0, url } : { ...item, url };
    }),
  };
}

export function gitBlob(state: FakeState, repo: GithubRepo, store: GitStore, sha: string): S["blob"] {
  const data = store.blob(sha)!;
  const encoded = data.toString("base64");
  return {
    sha,
    node_id: nodeId("Blob", repo, sha),
    size: data.length,
    url: apiUrl(state, `/repos/${repo.fullName}/git/blobs/${sha}`),
    content: encoded.length === 0 ? "" : `${encoded.match(/.{1,60}/g)!.join("\n")}\n`,
    encoding: "base64",
  };
}
