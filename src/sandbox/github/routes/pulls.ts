// Pull requests (list with head/base/state filters, create, get, update, merge), requested
// reviewers and issue labels, over the fake's pull state and the repo's git store.

import { wanted } from "../media-types.js";
import { pullDiff, pullPatch } from "../pull-diff.js";
import type { components } from "@octokit/openapi-types";
import type { GithubRepo } from "../../world.js";
import { HttpError, notFound, validationFailed, type Ctx } from "../context.js";
import type { GitStore } from "../git-store.js";
import { requireRepo } from "../lookup.js";
import { mergePull, mergeTrees } from "../pull-merge.js";
import type { PullRecord } from "../pull-state.js";
import { paginate } from "../pagination.js";
import { gitFor } from "../repo-git.js";
import type { Route } from "../router.js";
import { labelBody, pullFull, pullSimple } from "../shapes/pull.js";

type S = components["schemas"];

function fields(ctx: Ctx): Record<string, unknown> {
  return typeof ctx.body === "object" && ctx.body !== null ? (ctx.body as Record<string, unknown>) : {};
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Head and base shas; an open PR whose head branch was deleted is closed, as GitHub does. */
function shas(ctx: Ctx, store: GitStore, pull: PullRecord): { head: string; base: string } {
  const head = store.refs.get(`refs/heads/${pull.head}`);
  if (pull.state === "open" && !head) {
    Object.assign(pull, { state: "closed", closedAt: ctx.state.world.now, updatedAt: ctx.state.world.now });
  }
  return {
    head: pull.state === "open" ? (head ?? "") : (pull.closedHeadSha ?? head ?? ""),
    base: store.refs.get(`refs/heads/${pull.base}`) ?? "",
  };
}

function labelsOf(ctx: Ctx, repo: GithubRepo, pull: PullRecord) {
  return pull.labels.map((name) => ctx.state.pulls.label(repo.id, name));
}

function simple(ctx: Ctx, repo: GithubRepo, store: GitStore, pull: PullRecord): S["pull-request-simple"] {
  const { head, base } = shas(ctx, store, pull);
  return pullSimple(ctx.state, repo, pull, head, base, labelsOf(ctx, repo, pull));
}

function full(ctx: Ctx, repo: GithubRepo, store: GitStore, pull: PullRecord): S["pull-request"] {
  const { head, base } = shas(ctx, store, pull);
  const ancestor = head && base ? store.mergeBase(base, head) : undefined;
  let commits = 0;
  for (let sha: string | undefined = head; sha && sha !== ancestor && commits < 250; sha = store.commit(sha)?.parents[0]) {
    commits++;
  }
  const changed = (() => {
    const [a, b] = [ancestor, head].map((c) => (c ? store.pathsOf(store.treeOf(c) ?? "") : {}));
    const paths = new Set([...Object.keys(a!), ...Object.keys(b!)]);
    return [...paths].filter((p) => a![p]?.sha !== b![p]?.sha).length;
  })();
  const mergeable = head && base ? mergeTrees(store, base, head) !== undefined : null;
  return pullFull(ctx.state, repo, pull, head, base, labelsOf(ctx, repo, pull), { commits, changedFiles: changed, mergeable });
}

function requirePull(ctx: Ctx, write = false): { repo: GithubRepo; store: GitStore; pull: PullRecord } {
  const repo = requireRepo(ctx, { write });
  const pull = ctx.state.pulls.get(repo.id, Number(ctx.params["pull_number"] ?? ctx.params["issue_number"]));
  if (!pull) {
    throw notFound();
  }
  return { repo, store: gitFor(ctx.state, repo), pull };
}

/** `head` may be "branch" or "owner:branch"; only same-repository heads are modelled. */
function branchOf(repo: GithubRepo, head: string): string {
  const [owner, branch] = head.includes(":") ? head.split(/:(.*)/s) : [repo.owner, head];
  return owner?.toLowerCase() === repo.owner.toLowerCase() ? (branch ?? "") : "";
}

/** Tells the sandbox a merge happened; a failing listener never fails the merge itself. */
function notifyMerged(ctx: Ctx, repo: GithubRepo, store: GitStore, pull: PullRecord, before: string, after: string): void {
  const listener = ctx.state.onPullMerged;
  if (!listener) {
    return;
  }
  const [a, b] = [before, after].map((c) => (c ? store.pathsOf(store.treeOf(c) ?? "") : {}));
  const changedPaths = [...new Set([...Object.keys(a!), ...Object.keys(b!)])].filter((p) => a![p]?.sha !== b![p]?.sha).sort();
  try {
    listener({ repo, number: pull.number, base: pull.base, before, after, changedPaths, mergedBy: ctx.token.login });
  } catch (error) {
    console.error("github fake: the merge listener failed", error);
  }
}

export const pullRoutes: Route[] = [
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/pulls",
    accepted: [],
    handler: (ctx) => {
      const repo = requireRepo(ctx);
      const store = gitFor(ctx.state, repo);
      const state = ctx.query.get("state") ?? "open";
      const head = ctx.query.get("head");
      const base = ctx.query.get("base");
      const direction = ctx.query.get("direction") ?? "desc";
      const pulls = ctx.state.pulls
        .list(repo.id)
        .filter((p) => (shas(ctx, store, p), state === "all" || p.state === state))
        .filter((p) => !head || p.head === branchOf(repo, head))
        .filter((p) => !base || p.base === base)
        .sort((a, b) => (a.number - b.number) * (direction === "asc" ? 1 : -1));
      return { body: paginate(ctx, pulls).map((p) => simple(ctx, repo, store, p)) };
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/pulls",
    accepted: ["public_repo", "repo"],
    handler: (ctx) => {
      const repo = requireRepo(ctx, { write: true });
      const store = gitFor(ctx.state, repo);
      const body = fields(ctx);
      const [title, headName, base] = [str(body["title"]), str(body["head"]), str(body["base"])];
      const head = headName ? branchOf(repo, headName) : "";
      const headSha = store.refs.get(`refs/heads/${head}`);
      const baseSha = store.refs.get(`refs/heads/${base}`);
      if (!title || !headSha || !baseSha) {
        const field = !title ? "title" : !headSha ? "head" : "base";
        throw validationFailed([{ resource: "PullRequest", field, code: field === "title" ? "missing_field" : "invalid" }]);
      }
      if (ctx.state.pulls.list(repo.id).some((p) => (shas(ctx, store, p), p.state === "open" && p.head === head && p.base === base))) {
        throw validationFailed([{ resource: "PullRequest", code: "custom", message: `A pull request already exists for ${repo.owner}:${head}.` }]);
      }
      if (store.isAncestor(headSha, baseSha)) {
        throw validationFailed([{ resource: "PullRequest", code: "custom", message: `No commits between ${base} and ${head}` }]);
      }
      const now = ctx.state.world.now;
      const pull = ctx.state.pulls.add({
        repoId: repo.id,
        title,
        body: str(body["body"]) ?? null,
        head,
        base: base!,
        state: "open",
        draft: body["draft"] === true,
        merged: false,
        mergedAt: null,
        mergedBy: null,
        mergeCommitSha: null,
        closedAt: null,
        createdAt: now,
        updatedAt: now,
        user: ctx.token.login,
        labels: [],
        requestedReviewers: [],
        closedHeadSha: null,
      });
      return { status: 201, body: full(ctx, repo, store, pull) };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/pulls/{pull_number}",
    accepted: [],
    media: ["diff", "patch"],
    handler: (ctx) => {
      const { repo, store, pull } = requirePull(ctx);
      const body = full(ctx, repo, store, pull);
      const as = wanted(ctx.accept ?? [], ["diff", "patch"]);
      if (!as) return { body };
      const { head, base } = shas(ctx, store, pull);
      const ancestor = head && base ? store.mergeBase(base, head) : undefined;
      const data = as === "diff" ? pullDiff(store, ancestor, head) : pullPatch(store, ancestor, head);
      return { body, representation: { contentType: `application/vnd.github.${as}; charset=utf-8`, data, param: `format=${as}` } };
    },
  },
  {
    method: "PATCH",
    path: "/repos/{owner}/{repo}/pulls/{pull_number}",
    accepted: ["public_repo", "repo"],
    handler: (ctx) => {
      const { repo, store, pull } = requirePull(ctx, true);
      const body = fields(ctx);
      const { head } = shas(ctx, store, pull);
      if (str(body["title"]) !== undefined) pull.title = str(body["title"])!;
      if ("body" in body) pull.body = str(body["body"]) ?? null;
      if (str(body["base"])) {
        if (!store.refs.has(`refs/heads/${str(body["base"])}`)) {
          throw validationFailed([{ resource: "PullRequest", field: "base", code: "invalid" }]);
        }
        pull.base = str(body["base"])!;
      }
      const state = str(body["state"]);
      if (state === "closed" && pull.state === "open") {
        Object.assign(pull, { state: "closed", closedAt: ctx.state.world.now, closedHeadSha: head });
      } else if (state === "open" && pull.state === "closed" && !pull.merged) {
        if (!store.refs.has(`refs/heads/${pull.head}`)) {
          throw validationFailed([{ resource: "PullRequest", code: "custom", message: "state cannot be changed. The head branch was deleted." }]);
        }
        Object.assign(pull, { state: "open", closedAt: null, closedHeadSha: null });
      }
      pull.updatedAt = ctx.state.world.now;
      return { body: full(ctx, repo, store, pull) };
    },
  },
  {
    method: "PUT",
    path: "/repos/{owner}/{repo}/pulls/{pull_number}/merge",
    accepted: ["public_repo", "repo"],
    handler: (ctx) => {
      const { repo, store, pull } = requirePull(ctx, true);
      shas(ctx, store, pull);
      const body = fields(ctx);
      const method = str(body["merge_method"]) ?? "merge";
      if (method !== "merge" && method !== "squash" && method !== "rebase") {
        throw validationFailed([{ resource: "PullRequest", field: "merge_method", code: "invalid" }]);
      }
      const before = store.refs.get(`refs/heads/${pull.base}`) ?? "";
      const sha = mergePull(ctx.state, repo, store, pull, {
        method,
        title: str(body["commit_title"]),
        message: str(body["commit_message"]),
        sha: str(body["sha"]),
        login: ctx.token.login,
      });
      notifyMerged(ctx, repo, store, pull, before, sha);
      const reply: S["pull-request-merge-result"] = { sha, merged: true, message: "Pull Request successfully merged" };
      return { body: reply };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
    accepted: [],
    handler: (ctx) => {
      const { repo, store, pull } = requirePull(ctx);
      const users = simple(ctx, repo, store, pull).requested_reviewers ?? [];
      const body: S["pull-request-review-request"] = { users: users.filter((u) => "login" in u), teams: [] };
      return { body };
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
    accepted: ["public_repo", "repo"],
    handler: (ctx) => {
      const { repo, store, pull } = requirePull(ctx, true);
      const reviewers = fields(ctx)["reviewers"];
      if (!Array.isArray(reviewers) || reviewers.some((r) => typeof r !== "string")) {
        throw validationFailed([{ resource: "PullRequest", field: "reviewers", code: "invalid" }]);
      }
      if (reviewers.some((r) => r.toLowerCase() === pull.user.toLowerCase())) {
        throw new HttpError(422, "Review cannot be requested from pull request author.");
      }
      pull.requestedReviewers = [...new Set([...pull.requestedReviewers, ...(reviewers as string[])])];
      return { status: 201, body: simple(ctx, repo, store, pull) };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    accepted: [],
    handler: (ctx) => {
      const { repo, pull } = requirePull(ctx);
      return { body: paginate(ctx, labelsOf(ctx, repo, pull)).map((l) => labelBody(ctx.state, repo, l)) };
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    accepted: ["public_repo", "repo"],
    handler: (ctx) => {
      const { repo, pull } = requirePull(ctx, true);
      const given = Array.isArray(ctx.body) ? ctx.body : fields(ctx)["labels"];
      if (!Array.isArray(given)) {
        throw validationFailed([{ resource: "Label", field: "labels", code: "invalid" }]);
      }
      const names = given.map((l) => (typeof l === "string" ? l : str((l as Record<string, unknown>)?.["name"]) ?? ""));
      pull.labels = [...new Set([...pull.labels, ...names.filter((n) => n.length > 0)])];
      return { body: labelsOf(ctx, repo, pull).map((l) => labelBody(ctx.state, repo, l)) };
    },
  },
];
