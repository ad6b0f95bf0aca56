// Actions secrets (names and dates only, as GitHub serves them): repository, environment and
// organization scopes, environments, and the repositories an org secret is shared with.

import type { components } from "@octokit/openapi-types";
import type { Environment, GithubOrg, GithubRepo, OrgSecret, Secret } from "../../world.js";
import { apiUrl, HttpError, htmlUrl, notFound, type Ctx } from "../context.js";
import { canSee, findRepo, repoById, requireOrgAdmin, requireRepo } from "../lookup.js";
import { paginate } from "../pagination.js";
import type { Route } from "../router.js";
import { minimalRepository } from "../shapes/repo.js";

type S = components["schemas"];

export function actionsSecret(secret: Secret): S["actions-secret"] {
  return { name: secret.name, created_at: secret.createdAt, updated_at: secret.updatedAt };
}

function orgSecret(ctx: Ctx, org: GithubOrg, secret: OrgSecret): S["organization-actions-secret"] {
  const body: S["organization-actions-secret"] = { ...actionsSecret(secret), visibility: secret.visibility };
  if (secret.visibility === "selected") {
    body.selected_repositories_url = apiUrl(ctx.state, `/orgs/${org.login}/actions/secrets/${secret.name}/repositories`);
  }
  return body;
}

export function environmentBody(ctx: Ctx, repo: GithubRepo, env: Environment): S["environment"] {
  return {
    id: env.id,
    node_id: env.nodeId,
    name: env.name,
    url: apiUrl(ctx.state, `/repos/${repo.fullName}/environments/${encodeURIComponent(env.name)}`),
    html_url: htmlUrl(ctx.state, `${repo.fullName}/deployments/activity_log?environments_filter=${encodeURIComponent(env.name)}`),
    created_at: env.createdAt,
    updated_at: env.updatedAt,
    protection_rules: [],
    deployment_branch_policy: null,
  };
}

function byName<T extends { name: string }>(items: T[], name: string | undefined): T {
  const found = items.find((item) => item.name.toLowerCase() === (name ?? "").toLowerCase());
  if (!found) {
    throw notFound();
  }
  return found;
}

/** The environment of `{environment_name}` in a repo addressed by owner/repo or by repository_id. */
export function requireEnvironment(ctx: Ctx, admin: boolean, write = false): { repo: GithubRepo; env: Environment } {
  if (ctx.params["repository_id"] !== undefined) {
    const byId = repoById(ctx.state, Number(ctx.params["repository_id"]));
    if (!byId || !canSee(ctx.token, byId)) {
      throw notFound();
    }
    ctx.params["owner"] = byId.owner;
    ctx.params["repo"] = byId.name;
  }
  const repo = requireRepo(ctx, { admin, write });
  return { repo, env: byName(repo.environments, ctx.params["environment_name"]) };
}

function listSecrets(ctx: Ctx, secrets: Secret[]) {
  const sorted = [...secrets].sort((a, b) => a.name.localeCompare(b.name));
  return { body: { total_count: sorted.length, secrets: paginate(ctx, sorted).map(actionsSecret) } };
}

function deleteFrom(list: Secret[], name: string | undefined): void {
  const index = list.findIndex((s) => s.name.toLowerCase() === (name ?? "").toLowerCase());
  if (index < 0) {
    throw notFound();
  }
  list.splice(index, 1);
}

const envSecretsList = (ctx: Ctx) => listSecrets(ctx, requireEnvironment(ctx, true).env.secrets);

export const secretRoutes: Route[] = [
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/actions/secrets",
    accepted: ["repo"],
    handler: (ctx) => listSecrets(ctx, requireRepo(ctx, { admin: true }).secrets),
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/actions/secrets/{secret_name}",
    accepted: ["repo"],
    handler: (ctx) => ({ body: actionsSecret(byName(requireRepo(ctx, { admin: true }).secrets, ctx.params["secret_name"])) }),
  },
  {
    method: "DELETE",
    path: "/repos/{owner}/{repo}/actions/secrets/{secret_name}",
    accepted: ["repo"],
    handler: (ctx) => {
      deleteFrom(requireRepo(ctx, { admin: true, write: true }).secrets, ctx.params["secret_name"]);
      return { status: 204 };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/environments",
    accepted: ["repo"],
    handler: (ctx) => {
      const repo = requireRepo(ctx);
      const environments = paginate(ctx, repo.environments).map((env) => environmentBody(ctx, repo, env));
      return { body: { total_count: repo.environments.length, environments } };
    },
  },
  { method: "GET", path: "/repos/{owner}/{repo}/environments/{environment_name}/secrets", accepted: ["repo"], handler: envSecretsList },
  {
    method: "GET",
    path: "/repositories/{repository_id}/environments/{environment_name}/secrets",
    accepted: ["repo"],
    handler: envSecretsList,
    alias: "/repos/{owner}/{repo}/environments/{environment_name}/secrets",
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}",
    accepted: ["repo"],
    handler: (ctx) => ({ body: actionsSecret(byName(requireEnvironment(ctx, true).env.secrets, ctx.params["secret_name"])) }),
  },
  {
    method: "DELETE",
    path: "/repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}",
    accepted: ["repo"],
    handler: (ctx) => {
      deleteFrom(requireEnvironment(ctx, true, true).env.secrets, ctx.params["secret_name"]);
      return { status: 204 };
    },
  },
  {
    method: "GET",
    path: "/orgs/{org}/actions/secrets",
    accepted: ["admin:org"],
    handler: (ctx) => {
      const org = requireOrgAdmin(ctx);
      const sorted = [...org.secrets].sort((a, b) => a.name.localeCompare(b.name));
      return { body: { total_count: sorted.length, secrets: paginate(ctx, sorted).map((s) => orgSecret(ctx, org, s)) } };
    },
  },
  {
    method: "GET",
    path: "/orgs/{org}/actions/secrets/{secret_name}",
    accepted: ["admin:org"],
    handler: (ctx) => {
      const org = requireOrgAdmin(ctx);
      return { body: orgSecret(ctx, org, byName(org.secrets, ctx.params["secret_name"])) };
    },
  },
  {
    method: "DELETE",
    path: "/orgs/{org}/actions/secrets/{secret_name}",
    accepted: ["admin:org"],
    handler: (ctx) => {
      deleteFrom(requireOrgAdmin(ctx).secrets, ctx.params["secret_name"]);
      return { status: 204 };
    },
  },
  {
    method: "GET",
    path: "/orgs/{org}/actions/secrets/{secret_name}/repositories",
    accepted: ["admin:org"],
    handler: (ctx) => {
      const org = requireOrgAdmin(ctx);
      const secret = byName(org.secrets, ctx.params["secret_name"]);
      if (secret.visibility !== "selected") {
        throw new HttpError(409, "The visibility of this secret is not set to 'selected'.");
      }
      const repos = (secret.selectedRepos ?? [])
        .map((fullName) => findRepo(ctx.state, ...(fullName.split("/") as [string, string])))
        .filter((repo): repo is GithubRepo => repo !== undefined);
      const repositories: S["minimal-repository"][] = paginate(ctx, repos).map((repo) => minimalRepository(ctx.state, repo));
      return { body: { total_count: repos.length, repositories } };
    },
  },
];
