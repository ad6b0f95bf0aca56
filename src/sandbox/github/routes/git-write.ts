// Git data writes: blobs, trees (base_tree, content or sha, deletion with sha null), commits, and
// refs (create, fast-forward-checked update, delete). A move of the default branch is written
// back to `repo.files`.

import type { components } from "@octokit/openapi-types";
import type { GithubRepo } from "../../world.js";
import { hasScope } from "../auth.js";
import { HttpError, type Ctx } from "../context.js";
import type { GitStore, Person } from "../git-store.js";
import { headRef, refMoved, sandboxPerson } from "../repo-git.js";
import type { Route } from "../router.js";
import { gitCommit, gitRef, gitTree } from "../shapes/git.js";
import { repoGit } from "./git-read.js";

type S = components["schemas"];

const SHA = /^[0-9a-f]{40}$/;
const MODES = new Set(["100644", "100755", "040000", "160000", "120000"]);

function unprocessable(message: string): HttpError {
  return new HttpError(422, message);
}

function record(body: unknown): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw unprocessable("Invalid request.\n\nFor 'links/0/schema', nil is not an object.");
  }
  return body as Record<string, unknown>;
}

function person(value: unknown, fallback: Person): Person {
  const given = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  return {
    name: typeof given["name"] === "string" ? given["name"] : fallback.name,
    email: typeof given["email"] === "string" ? given["email"] : fallback.email,
    date: typeof given["date"] === "string" ? given["date"] : fallback.date,
  };
}

/**
 * GitHub refuses a classic token without `workflow` scope any ref write that changes a workflow
 * file, compared with what the ref pointed at before (or the default branch, for a new ref).
 */
function checkWorkflowScope(ctx: Ctx, store: GitStore, repo: GithubRepo, before: string | undefined, after: string): void {
  if (hasScope(ctx.token, "workflow")) {
    return;
  }
  const filesOf = (commit: string | undefined) => {
    const tree = commit ? store.treeOf(commit) : undefined;
    return tree ? store.pathsOf(tree) : {};
  };
  const old = filesOf(before ?? store.refs.get(headRef(repo)));
  const next = filesOf(after);
  const paths = new Set([...Object.keys(old), ...Object.keys(next)].filter((p) => p.startsWith(".github/workflows/")));
  const changed = [...paths].sort().find((p) => old[p]?.sha !== next[p]?.sha);
  if (changed) {
    throw unprocessable(
      ctx.token.kind === "installation"
        ? `refusing to allow a GitHub App to create or update workflow \`${changed}\` without \`workflows\` permission`
        : `refusing to allow a Personal Access Token to create or update workflow \`${changed}\` without \`workflow\` scope`,
    );
  }
}

function createTree(ctx: Ctx, store: GitStore): string {
  const body = record(ctx.body);
  const items = body["tree"];
  if (!Array.isArray(items)) {
    throw unprocessable("Invalid tree info");
  }
  let paths: Record<string, { mode: string; sha: string }> = {};
  if (typeof body["base_tree"] === "string") {
    const base = store.treeOf(body["base_tree"]);
    if (!base) {
      throw unprocessable("Invalid tree info");
    }
    paths = store.pathsOf(base);
  }
  for (const raw of items) {
    const item = record(raw);
    const path = typeof item["path"] === "string" ? item["path"].replace(/^\/+|\/+$/g, "") : "";
    const mode = String(item["mode"] ?? "");
    if (!path || !MODES.has(mode)) {
      throw unprocessable("Invalid tree info");
    }
    if ("content" in item && "sha" in item && item["sha"] !== undefined) {
      throw unprocessable("Invalid tree info: sha and content are exclusive");
    }
    const dropPath = () => {
      for (const existing of Object.keys(paths)) {
        if (existing === path || existing.startsWith(`${path}/`)) {
          delete paths[existing];
        }
      }
    };
    if (typeof item["content"] === "string") {
      dropPath();
      paths[path] = { mode, sha: store.putBlob(item["content"]) };
    } else if (item["sha"] === null) {
      dropPath();
    } else if (typeof item["sha"] === "string" && SHA.test(item["sha"])) {
      const sha = item["sha"];
      dropPath();
      if (mode === "040000") {
        if (!store.tree(sha)) {
          throw unprocessable("GitRPC::BadObjectState");
        }
        for (const [sub, entry] of Object.entries(store.pathsOf(sha))) {
          paths[`${path}/${sub}`] = entry;
        }
      } else {
        if (mode !== "160000" && !store.blob(sha)) {
          throw unprocessable("GitRPC::BadObjectState");
        }
        paths[path] = { mode, sha };
      }
    } else {
      throw unprocessable("Invalid tree info");
    }
  }
  return store.treeFromPaths(paths);
}

function refName(ctx: Ctx): string {
  return `refs/${ctx.params["ref"] ?? ""}`.replace(/^refs\/refs\//, "refs/");
}

export const gitWriteRoutes: Route[] = [
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/git/blobs",
    accepted: ["repo"],
    handler: (ctx) => {
      const { repo, store } = repoGit(ctx, { write: true });
      const body = record(ctx.body);
      if (typeof body["content"] !== "string") {
        throw unprocessable("Invalid request.\n\n\"content\" wasn't supplied.");
      }
      const encoding = body["encoding"] ?? "utf-8";
      if (encoding !== "utf-8" && encoding !== "base64") {
        throw unprocessable(`encoding must be one of utf-8, base64`);
      }
      const sha = store.putBlob(Buffer.from(body["content"], encoding === "base64" ? "base64" : "utf8"));
      const reply: S["short-blob"] = { sha, url: `${ctx.state.baseUrl}/repos/${repo.fullName}/git/blobs/${sha}` };
      return { status: 201, body: reply };
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/git/trees",
    accepted: ["repo"],
    handler: (ctx) => {
      const { repo, store } = repoGit(ctx, { write: true });
      const sha = createTree(ctx, store);
      return { status: 201, body: gitTree(ctx.state, repo, store, sha, false) satisfies S["git-tree"] };
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/git/commits",
    accepted: ["repo"],
    handler: (ctx) => {
      const { repo, store } = repoGit(ctx, { write: true });
      const body = record(ctx.body);
      const tree = body["tree"];
      if (typeof body["message"] !== "string") {
        throw unprocessable("Invalid request.\n\n\"message\" wasn't supplied.");
      }
      if (typeof tree !== "string" || !store.tree(tree)) {
        throw unprocessable("Tree SHA does not exist");
      }
      const parents = Array.isArray(body["parents"]) ? body["parents"] : [];
      for (const parent of parents) {
        if (typeof parent !== "string" || !store.commit(parent)) {
          throw unprocessable("Parent SHA does not exist or is not a commit object");
        }
      }
      // Without an author, GitHub records the authenticated account; for an app, its bot user.
      const fallback = ctx.token.kind === "installation" ? { name: ctx.token.login, email: `${ctx.token.userId}+${ctx.token.login}@users.noreply.github.com`, date: ctx.state.world.now } : sandboxPerson(ctx.state);
      const author = person(body["author"], fallback);
      const committer = person(body["committer"], author);
      const sha = store.putCommit({ tree, parents: parents as string[], author, committer, message: body["message"] });
      return { status: 201, body: gitCommit(ctx.state, repo, store, sha) satisfies S["git-commit"] };
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/git/refs",
    accepted: ["repo"],
    handler: (ctx) => {
      const { repo, store } = repoGit(ctx, { write: true });
      const body = record(ctx.body);
      const ref = body["ref"];
      const sha = body["sha"];
      if (typeof ref !== "string" || !/^refs\/[^/]+\/.+/.test(ref)) {
        throw unprocessable("Reference name must start with 'refs/' and have at least two slashes.");
      }
      if (typeof sha !== "string" || !store.has(sha)) {
        throw unprocessable("Object does not exist");
      }
      if (store.refs.has(ref)) {
        throw unprocessable("Reference already exists");
      }
      checkWorkflowScope(ctx, store, repo, undefined, sha);
      store.refs.set(ref, sha);
      refMoved(ctx.state, repo, ref);
      return { status: 201, body: gitRef(ctx.state, repo, store, ref) satisfies S["git-ref"] };
    },
  },
  {
    method: "PATCH",
    path: "/repos/{owner}/{repo}/git/refs/{ref}",
    accepted: ["repo"],
    handler: (ctx) => {
      const { repo, store } = repoGit(ctx, { write: true });
      const body = record(ctx.body);
      const ref = refName(ctx);
      const current = store.refs.get(ref);
      const sha = body["sha"];
      if (!current) {
        throw unprocessable("Reference does not exist");
      }
      if (typeof sha !== "string" || !store.has(sha)) {
        throw unprocessable("Object does not exist");
      }
      if (body["force"] !== true && !store.isAncestor(current, sha)) {
        throw unprocessable("Update is not a fast forward");
      }
      checkWorkflowScope(ctx, store, repo, current, sha);
      store.refs.set(ref, sha);
      refMoved(ctx.state, repo, ref);
      return { body: gitRef(ctx.state, repo, store, ref) satisfies S["git-ref"] };
    },
  },
  {
    method: "DELETE",
    path: "/repos/{owner}/{repo}/git/refs/{ref}",
    accepted: ["repo"],
    handler: (ctx) => {
      const { repo, store } = repoGit(ctx, { write: true });
      const ref = refName(ctx);
      if (!store.refs.delete(ref)) {
        throw unprocessable("Reference does not exist");
      }
      refMoved(ctx.state, repo, ref);
      return { status: 204 };
    },
  },
];
