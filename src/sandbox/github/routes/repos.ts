// Organizations and repositories: GET /orgs/{org}, GET /orgs/{org}/repos, GET /repos/{owner}/{repo}.

import type { components } from "@octokit/openapi-types";
import type { GithubRepo } from "../../world.js";
import { validationFailed } from "../context.js";
import { canSee, orgRepos, requireOrg, requireRepo } from "../lookup.js";
import { paginate } from "../pagination.js";
import type { Route } from "../router.js";
import { fullRepository, minimalRepository } from "../shapes/repo.js";
import { organizationFull } from "../shapes/user.js";

type S = components["schemas"];

const SORTS: Record<string, (repo: GithubRepo) => string> = {
  created: (repo) => repo.createdAt,
  updated: (repo) => repo.updatedAt,
  pushed: (repo) => repo.pushedAt,
  full_name: (repo) => repo.fullName.toLowerCase(),
};

const TYPES: Record<string, (repo: GithubRepo) => boolean> = {
  all: () => true,
  public: (repo) => repo.visibility === "public",
  private: (repo) => repo.visibility !== "public",
  forks: (repo) => repo.fork,
  sources: (repo) => !repo.fork,
  member: () => true,
};

export const repoRoutes: Route[] = [
  {
    method: "GET",
    path: "/orgs/{org}",
    accepted: ["admin:org", "read:org", "repo", "user", "write:org"],
    handler: (ctx) => {
      const org = requireOrg(ctx);
      const repos = orgRepos(ctx.state, org);
      const body: S["organization-full"] = organizationFull(
        ctx.state,
        org,
        repos.filter((r) => r.visibility === "public").length,
        repos.filter((r) => r.visibility !== "public").length,
      );
      return { body };
    },
  },
  {
    method: "GET",
    path: "/orgs/{org}/repos",
    accepted: [],
    handler: (ctx) => {
      const org = requireOrg(ctx);
      const type = ctx.query.get("type") ?? "all";
      const sort = ctx.query.get("sort") ?? "created";
      const filter = TYPES[type];
      const key = SORTS[sort];
      if (!filter || !key) {
        throw validationFailed([{ resource: "Search", field: filter ? "sort" : "type", code: "invalid" }]);
      }
      const direction = ctx.query.get("direction") ?? (sort === "full_name" ? "asc" : "desc");
      const sign = direction === "asc" ? 1 : -1;
      // Keys computed once per repo: this runs for every page, over up to 10,000 repos.
      const repos = orgRepos(ctx.state, org)
        .filter((repo) => canSee(ctx.token, repo) && filter(repo))
        .map((repo) => ({ repo, key: key(repo) }))
        .sort((a, b) => (a.key < b.key ? -sign : a.key > b.key ? sign : a.repo.id - b.repo.id))
        .map(({ repo }) => repo);
      const body: S["minimal-repository"][] = paginate(ctx, repos).map((repo) => minimalRepository(ctx.state, repo));
      return { body };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}",
    accepted: ["repo"],
    handler: (ctx) => ({ body: fullRepository(ctx.state, requireRepo(ctx)) satisfies S["full-repository"] }),
  },
];
