// Dependabot and Codespaces secrets (names and dates only, as GitHub serves them): organization
// secrets with their visibility and selected repositories, and repository secrets; and their DELETE
// (204, 404 when there is no such secret). A token whose fine-grained permission for the store was
// withheld gets GitHub's 403.

import type { components } from "@octokit/openapi-types";
import type { GithubOrg, GithubRepo, OrgSecret, Secret } from "../../world.js";
import { apiUrl, forbidden, HttpError, notFound, type Ctx } from "../context.js";
import { findRepo, requireOrgAdmin, requireRepo } from "../lookup.js";
import { paginate } from "../pagination.js";
import type { Route } from "../router.js";
import { minimalRepository } from "../shapes/repo.js";

type S = components["schemas"];
type Store = "dependabot" | "codespaces";

const PERMISSION: Record<Store, string> = { dependabot: "dependabot_secrets", codespaces: "codespaces_secrets" };

function requirePermission(ctx: Ctx, store: Store): void {
  if (ctx.token.withheld?.includes(PERMISSION[store])) {
    throw forbidden(ctx.token.kind === "installation" ? "Resource not accessible by integration" : "Resource not accessible by personal access token");
  }
}

function orgList(org: GithubOrg, store: Store): OrgSecret[] {
  return (store === "dependabot" ? org.dependabotSecrets : org.codespacesSecrets) ?? [];
}

function repoList(repo: GithubRepo, store: Store): Secret[] {
  return (store === "dependabot" ? repo.dependabotSecrets : repo.codespacesSecrets) ?? [];
}

function orgSecretBody(ctx: Ctx, org: GithubOrg, store: Store, secret: OrgSecret): S["organization-dependabot-secret"] & S["codespaces-org-secret"] {
  return {
    name: secret.name,
    created_at: secret.createdAt,
    updated_at: secret.updatedAt,
    visibility: secret.visibility,
    ...(secret.visibility === "selected" ? { selected_repositories_url: apiUrl(ctx.state, `/orgs/${org.login}/${store}/secrets/${secret.name}/repositories`) } : {}),
  };
}

/** Removes the secret of that name (GitHub compares names without case); 404 when there is none. */
function removeNamed(list: Secret[], name: string | undefined): void {
  const index = list.findIndex((s) => s.name.toLowerCase() === (name ?? "").toLowerCase());
  if (index < 0) throw notFound();
  list.splice(index, 1);
}

function sorted<T extends { name: string }>(list: T[]): T[] {
  return [...list].sort((a, b) => a.name.localeCompare(b.name));
}

function storeRoutes(store: Store): Route[] {
  return [
    {
      method: "GET",
      path: `/orgs/{org}/${store}/secrets`,
      accepted: ["admin:org"],
      handler: (ctx) => {
        const org = requireOrgAdmin(ctx);
        requirePermission(ctx, store);
        const list = sorted(orgList(org, store));
        return { body: { total_count: list.length, secrets: paginate(ctx, list).map((s) => orgSecretBody(ctx, org, store, s)) } };
      },
    },
    {
      method: "GET",
      path: `/orgs/{org}/${store}/secrets/{secret_name}/repositories`,
      accepted: ["admin:org"],
      handler: (ctx) => {
        const org = requireOrgAdmin(ctx);
        requirePermission(ctx, store);
        const secret = orgList(org, store).find((s) => s.name.toLowerCase() === (ctx.params["secret_name"] ?? "").toLowerCase());
        if (!secret) throw notFound();
        if (secret.visibility !== "selected") throw new HttpError(409, "The visibility of this secret is not set to 'selected'.");
        const repos = (secret.selectedRepos ?? [])
          .map((fullName) => findRepo(ctx.state, ...(fullName.split("/") as [string, string])))
          .filter((repo): repo is GithubRepo => repo !== undefined);
        const repositories: S["minimal-repository"][] = paginate(ctx, repos).map((repo) => minimalRepository(ctx.state, repo));
        return { body: { total_count: repos.length, repositories } };
      },
    },
    {
      method: "DELETE",
      path: `/orgs/{org}/${store}/secrets/{secret_name}`,
      accepted: ["admin:org"],
      handler: (ctx) => {
        const org = requireOrgAdmin(ctx);
        requirePermission(ctx, store);
        // GitHub does not enable the organization Codespaces secrets endpoints for GitHub Apps.
        if (store === "codespaces" && ctx.token.kind === "installation") throw forbidden("Resource not accessible by integration");
        removeNamed(orgList(org, store), ctx.params["secret_name"]);
        return { status: 204 };
      },
    },
    {
      method: "DELETE",
      path: `/repos/{owner}/{repo}/${store}/secrets/{secret_name}`,
      accepted: ["repo"],
      handler: (ctx) => {
        const repo = requireRepo(ctx, { admin: true, write: true });
        requirePermission(ctx, store);
        removeNamed(repoList(repo, store), ctx.params["secret_name"]);
        return { status: 204 };
      },
    },
    {
      method: "GET",
      path: `/repos/{owner}/{repo}/${store}/secrets`,
      accepted: ["repo"],
      handler: (ctx) => {
        const repo = requireRepo(ctx, { admin: true });
        requirePermission(ctx, store);
        const list = sorted(repoList(repo, store));
        const secrets = paginate(ctx, list).map((s) => ({ name: s.name, created_at: s.createdAt, updated_at: s.updatedAt }));
        return { body: { total_count: list.length, secrets } };
      },
    },
  ];
}

export const storeSecretRoutes: Route[] = [...storeRoutes("dependabot"), ...storeRoutes("codespaces")];
