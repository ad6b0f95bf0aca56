// Git data reads: refs, matching refs, trees (recursive, truncated), blobs and commits.

import { wanted } from "../media-types.js";
import type { components } from "@octokit/openapi-types";
import type { GithubRepo } from "../../world.js";
import { HttpError, notFound, type Ctx } from "../context.js";
import type { GitStore } from "../git-store.js";
import { requireRepo } from "../lookup.js";
import { gitFor } from "../repo-git.js";
import type { Route } from "../router.js";
import { gitBlob, gitCommit, gitRef, gitTree } from "../shapes/git.js";

type S = components["schemas"];

/** The repo and its store; git data of an empty repository answers 409, as GitHub does. */
export function repoGit(ctx: Ctx, access: { write?: boolean } = {}): { repo: GithubRepo; store: GitStore } {
  const repo = requireRepo(ctx, access);
  const store = gitFor(ctx.state, repo);
  if (store.refs.size === 0 && !access.write) {
    throw new HttpError(409, "Git Repository is empty.");
  }
  return { repo, store };
}

const SHA = /^[0-9a-f]{40}$/;

export const gitReadRoutes: Route[] = [
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/git/ref/{ref}",
    accepted: ["repo"],
    handler: (ctx) => {
      const { repo, store } = repoGit(ctx);
      const ref = `refs/${ctx.params["ref"]}`;
      if (!store.refs.has(ref)) {
        throw notFound();
      }
      return { body: gitRef(ctx.state, repo, store, ref) satisfies S["git-ref"] };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/git/matching-refs/{ref}",
    accepted: ["repo"],
    handler: (ctx) => {
      const { repo, store } = repoGit(ctx);
      const prefix = `refs/${ctx.params["ref"]}`;
      const body: S["git-ref"][] = [...store.refs.keys()]
        .filter((ref) => ref.startsWith(prefix))
        .sort()
        .map((ref) => gitRef(ctx.state, repo, store, ref));
      return { body };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/git/trees/{tree_sha}",
    accepted: ["repo"],
    handler: (ctx) => {
      const { repo, store } = repoGit(ctx);
      // GitHub also takes a branch name or a commit sha here and serves that commit's tree.
      const resolved = store.resolve(ctx.params["tree_sha"] ?? "", repo.defaultBranch);
      const tree = resolved ? store.treeOf(resolved) : undefined;
      if (!tree) {
        throw notFound();
      }
      // Any value of `recursive`, even "0" or "false", turns recursion on (GitHub documents this).
      const recursive = ctx.query.has("recursive");
      return { body: gitTree(ctx.state, repo, store, tree, recursive) satisfies S["git-tree"] };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/git/blobs/{file_sha}",
    accepted: ["repo"],
    media: ["raw"],
    handler: (ctx) => {
      const { repo, store } = repoGit(ctx);
      const sha = ctx.params["file_sha"] ?? "";
      const data = SHA.test(sha) ? store.blob(sha) : undefined;
      if (!data) {
        throw notFound();
      }
      const body = gitBlob(ctx.state, repo, store, sha) satisfies S["blob"];
      // raw: the blob's bytes, as GitHub answers application/vnd.github.raw+json.
      return wanted(ctx.accept ?? [], ["raw"]) ? { body, representation: { contentType: "application/vnd.github.raw", data, param: "param=raw" } } : { body };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/git/commits/{commit_sha}",
    accepted: ["repo"],
    handler: (ctx) => {
      const { repo, store } = repoGit(ctx);
      const sha = ctx.params["commit_sha"] ?? "";
      if (!SHA.test(sha) || !store.commit(sha)) {
        throw notFound();
      }
      return { body: gitCommit(ctx.state, repo, store, sha) satisfies S["git-commit"] };
    },
  },
];
