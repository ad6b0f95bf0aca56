// Secret scanning alerts for a repository and across an organization. A repo with secret
// scanning disabled answers 404 with GitHub's message.

import type { components } from "@octokit/openapi-types";
import type { GithubRepo, SecretScanningAlert } from "../../world.js";
import { hasAnyScope } from "../auth.js";
import { apiUrl, forbidden, HttpError, htmlUrl, type Ctx } from "../context.js";
import { canSee, orgRepos, requireOrg, requireRepo } from "../lookup.js";
import { paginate } from "../pagination.js";
import type { Route } from "../router.js";
import { simpleRepository } from "../shapes/repo.js";

type S = components["schemas"];

function alertBody(ctx: Ctx, repo: GithubRepo, alert: SecretScanningAlert): S["secret-scanning-alert"] {
  const url = apiUrl(ctx.state, `/repos/${repo.fullName}/secret-scanning/alerts/${alert.number}`);
  const resolved = alert.state === "resolved";
  return {
    number: alert.number,
    created_at: alert.createdAt,
    updated_at: resolved ? alert.createdAt : null,
    url,
    html_url: htmlUrl(ctx.state, `${repo.fullName}/security/secret-scanning/${alert.number}`),
    locations_url: `${url}/locations`,
    state: alert.state,
    resolution: resolved ? "revoked" : null,
    resolved_at: resolved ? alert.createdAt : null,
    resolved_by: null,
    resolution_comment: null,
    secret_type: alert.secretType,
    secret_type_display_name: alert.secretTypeDisplayName,
    provider: alert.secretType.startsWith("aws_") ? "Amazon AWS" : null,
    provider_slug: alert.secretType.startsWith("aws_") ? "aws" : null,
    secret: alert.secret,
    push_protection_bypassed: false,
    push_protection_bypassed_by: null,
    push_protection_bypassed_at: null,
    validity: "unknown",
    publicly_leaked: false,
    multi_repo: false,
    is_base64_encoded: false,
    has_more_locations: false,
    first_location_detected: alert.path
      ? {
          path: alert.path,
          start_line: alert.line,
          end_line: alert.line,
          start_column: 1,
          end_column: 1 + alert.secret.length,
          blob_sha: "0".repeat(40),
          blob_url: apiUrl(ctx.state, `/repos/${repo.fullName}/git/blobs/${"0".repeat(40)}`),
          commit_sha: "0".repeat(40),
          commit_url: apiUrl(ctx.state, `/repos/${repo.fullName}/git/commits/${"0".repeat(40)}`),
        }
      : null,
    assigned_to: null,
  };
}

function filtered(ctx: Ctx, alerts: SecretScanningAlert[]): SecretScanningAlert[] {
  const state = ctx.query.get("state");
  const types = ctx.query.get("secret_type")?.split(",").map((t) => t.trim());
  const direction = ctx.query.get("direction") ?? "desc";
  return alerts
    .filter((a) => !state || a.state === state)
    .filter((a) => !types || types.includes(a.secretType))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) * (direction === "asc" ? 1 : -1) || b.number - a.number);
}

function requireSecurityScope(ctx: Ctx, repo?: GithubRepo): void {
  const needed = repo && repo.visibility === "public" ? ["public_repo", "security_events"] : ["repo", "security_events"];
  if (!hasAnyScope(ctx.token, needed)) {
    throw forbidden("Resource not accessible by personal access token");
  }
}

export const secretScanningRoutes: Route[] = [
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/secret-scanning/alerts",
    accepted: ["repo", "security_events"],
    handler: (ctx) => {
      const repo = requireRepo(ctx);
      requireSecurityScope(ctx, repo);
      if (!repo.secretScanningEnabled) {
        throw new HttpError(404, "Secret scanning is disabled on this repository.");
      }
      const body: S["secret-scanning-alert"][] = paginate(ctx, filtered(ctx, repo.secretScanningAlerts)).map((a) => alertBody(ctx, repo, a));
      return { body };
    },
  },
  {
    method: "GET",
    path: "/orgs/{org}/secret-scanning/alerts",
    accepted: ["repo", "security_events"],
    handler: (ctx) => {
      const org = requireOrg(ctx);
      requireSecurityScope(ctx);
      const pairs = orgRepos(ctx.state, org)
        .filter((repo) => repo.secretScanningEnabled && canSee(ctx.token, repo))
        .flatMap((repo) => filtered(ctx, repo.secretScanningAlerts).map((alert) => ({ repo, alert })));
      const direction = ctx.query.get("direction") ?? "desc";
      pairs.sort((a, b) => a.alert.createdAt.localeCompare(b.alert.createdAt) * (direction === "asc" ? 1 : -1) || a.repo.id - b.repo.id);
      const body: S["organization-secret-scanning-alert"][] = paginate(ctx, pairs).map(({ repo, alert }) => ({
        ...alertBody(ctx, repo, alert),
        repository: simpleRepository(ctx.state, repo),
      }));
      return { body };
    },
  },
];
