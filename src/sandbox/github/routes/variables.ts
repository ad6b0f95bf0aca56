// Actions variables (their values are not secret, GitHub serves them): repository, environment
// and organization scopes.

import type { components } from "@octokit/openapi-types";
import type { Variable } from "../../world.js";
import { notFound, type Ctx } from "../context.js";
import { requireOrgAdmin, requireRepo } from "../lookup.js";
import { paginate } from "../pagination.js";
import type { Route } from "../router.js";
import { requireEnvironment } from "./secrets.js";

type S = components["schemas"];

function variable(v: Variable): S["actions-variable"] {
  return { name: v.name, value: v.value, created_at: v.createdAt, updated_at: v.updatedAt };
}

function list(ctx: Ctx, variables: Variable[]) {
  const sorted = [...variables].sort((a, b) => a.name.localeCompare(b.name));
  return { body: { total_count: sorted.length, variables: paginate(ctx, sorted).map(variable) } };
}

function one(variables: Variable[], name: string | undefined) {
  const found = variables.find((v) => v.name.toLowerCase() === (name ?? "").toLowerCase());
  if (!found) {
    throw notFound();
  }
  return { body: variable(found) };
}

export const variableRoutes: Route[] = [
  { method: "GET", path: "/repos/{owner}/{repo}/actions/variables", accepted: ["repo"], handler: (ctx) => list(ctx, requireRepo(ctx, { admin: true }).variables) },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/actions/variables/{name}",
    accepted: ["repo"],
    handler: (ctx) => one(requireRepo(ctx, { admin: true }).variables, ctx.params["name"]),
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/environments/{environment_name}/variables",
    accepted: ["repo"],
    handler: (ctx) => list(ctx, requireEnvironment(ctx, true).env.variables),
  },
  {
    method: "GET",
    path: "/orgs/{org}/actions/variables",
    accepted: ["admin:org"],
    handler: (ctx) => {
      const org = requireOrgAdmin(ctx);
      const sorted = [...org.variables].sort((a, b) => a.name.localeCompare(b.name));
      // The world does not model org variable visibility; GitHub's default is "all".
      const variables: S["organization-actions-variable"][] = paginate(ctx, sorted).map((v) => ({ ...variable(v), visibility: "all" }));
      return { body: { total_count: sorted.length, variables } };
    },
  },
];
