// GitHub App endpoints, authenticated with the app's JWT: GET /app, GET /app/installations,
// GET /orgs/{org}/installation, POST /app/installations/{installation_id}/access_tokens. Tokens
// minted here expire an hour (of the sandbox's clock) later and carry the installation's permissions.

import { randomBytes } from "node:crypto";
import type { components } from "@octokit/openapi-types";
import type { GithubApp, GithubAppInstallation } from "../../world.js";
import { scaledMs } from "../../clock.js";
import { apiUrl, HttpError, htmlUrl, notFound, type Ctx, type FakeState } from "../context.js";
import { findOrg } from "../lookup.js";
import type { Route } from "../router.js";
import { orgAsUser } from "../shapes/user.js";

type S = components["schemas"];
type Permissions = Record<string, "read" | "write">;

const TOKEN_SECONDS = 3600;

function appOf(ctx: Ctx): GithubApp {
  const app = (ctx.state.world.github.apps ?? []).find((a) => a.id === ctx.token.appId);
  if (!app) throw new HttpError(401, "Integration not found");
  return app;
}

function integrationBody(state: FakeState, app: GithubApp): S["integration"] {
  const owner = findOrg(state, app.owner);
  const permissions = app.installations[0]?.permissions ?? {};
  return {
    id: app.id,
    slug: app.slug,
    node_id: `A_${Buffer.from(String(app.id)).toString("base64url")}`,
    client_id: app.clientId,
    owner: orgAsUser(state, { login: app.owner, id: owner?.id ?? 1, nodeId: owner?.nodeId ?? "O_1" }),
    name: app.name,
    description: "The sandbox's GitHub App for keyless.",
    external_url: state.baseUrl,
    html_url: htmlUrl(state, `apps/${app.slug}`),
    created_at: state.world.now,
    updated_at: state.world.now,
    permissions,
    events: [],
    installations_count: app.installations.length,
  };
}

function installationBody(state: FakeState, app: GithubApp, installation: GithubAppInstallation): S["installation"] {
  const org = findOrg(state, installation.account);
  // GitHub's description of GET /app/installations declares the account as simple-user AND
  // enterprise (allOf), so the enterprise fields are sent too.
  const account = org ? { ...orgAsUser(state, org), name: org.name, slug: org.login.toLowerCase(), created_at: org.createdAt, updated_at: org.createdAt } : null;
  return {
    id: installation.id,
    account,
    repository_selection: "all",
    access_tokens_url: apiUrl(state, `/app/installations/${installation.id}/access_tokens`),
    repositories_url: apiUrl(state, "/installation/repositories"),
    html_url: htmlUrl(state, `organizations/${installation.account}/settings/installations/${installation.id}`),
    app_id: app.id,
    client_id: app.clientId,
    target_id: org?.id ?? 0,
    target_type: "Organization",
    permissions: installation.permissions,
    events: [],
    created_at: installation.createdAt,
    updated_at: installation.createdAt,
    single_file_name: null,
    app_slug: app.slug,
    suspended_by: null,
    suspended_at: null,
  };
}

/** The classic scopes the sandbox's older checks read, standing for what the permissions allow. */
function scopesFor(permissions: Permissions): string[] {
  const scopes: string[] = [];
  if (permissions["contents"] || permissions["metadata"]) scopes.push("repo");
  if (permissions["workflows"] === "write") scopes.push("workflow");
  if (permissions["organization_secrets"] || permissions["organization_actions_variables"] || permissions["dependabot_secrets"]) scopes.push("admin:org");
  if (permissions["secret_scanning_alerts"]) scopes.push("security_events");
  return scopes;
}

/** The permissions a token asks for, which must be a subset of the installation's (GitHub: 422). */
function requested(body: unknown, granted: Permissions): Permissions {
  const asked = typeof body === "object" && body !== null ? (body as Record<string, unknown>)["permissions"] : undefined;
  if (asked === undefined) return { ...granted };
  if (typeof asked !== "object" || asked === null) throw new HttpError(422, "Invalid request.\n\nFor 'properties/permissions', is not an object.");
  const out: Permissions = {};
  for (const [name, level] of Object.entries(asked as Record<string, unknown>)) {
    const has = granted[name];
    if ((level !== "read" && level !== "write") || !has || (level === "write" && has !== "write")) {
      throw new HttpError(422, "The permissions requested are not granted to this installation.");
    }
    out[name] = level;
  }
  return out;
}

function mintToken(ctx: Ctx, app: GithubApp, installation: GithubAppInstallation): S["installation-token"] {
  const permissions = requested(ctx.body, installation.permissions);
  const token = `ghs_${randomBytes(27).toString("base64url").replace(/[-_]/g, "0").slice(0, 36)}`;
  const nowMs = ctx.state.clock?.nowMs() ?? Date.now();
  const expiresAtMs = nowMs + (ctx.state.clock ? scaledMs(ctx.state.clock, TOKEN_SECONDS) : TOKEN_SECONDS * 1000);
  ctx.state.world.github.tokens.push({
    token,
    scopes: scopesFor(permissions),
    login: `${app.slug}[bot]`,
    kind: "installation",
    installationId: installation.id,
    permissions,
    expiresAtMs,
  });
  // GitHub's expires_at has whole seconds; rounded down so a client never holds a token past it.
  return { token, expires_at: new Date(Math.floor(expiresAtMs / 1000) * 1000).toISOString().replace(".000Z", "Z"), permissions, repository_selection: "all" };
}

export const appRoutes: Route[] = [
  {
    method: "GET",
    path: "/app",
    accepted: [],
    auth: "app",
    handler: (ctx) => ({ body: integrationBody(ctx.state, appOf(ctx)) }),
  },
  {
    method: "GET",
    path: "/app/installations",
    accepted: [],
    auth: "app",
    handler: (ctx) => {
      const app = appOf(ctx);
      return { body: app.installations.map((i) => installationBody(ctx.state, app, i)) satisfies S["installation"][] };
    },
  },
  {
    method: "GET",
    path: "/orgs/{org}/installation",
    accepted: [],
    auth: "app",
    handler: (ctx) => {
      const app = appOf(ctx);
      const installation = app.installations.find((i) => i.account.toLowerCase() === (ctx.params["org"] ?? "").toLowerCase());
      if (!installation) throw notFound();
      return { body: installationBody(ctx.state, app, installation) };
    },
  },
  {
    method: "POST",
    path: "/app/installations/{installation_id}/access_tokens",
    accepted: [],
    auth: "app",
    handler: (ctx) => {
      const app = appOf(ctx);
      const installation = app.installations.find((i) => String(i.id) === ctx.params["installation_id"]);
      if (!installation) throw notFound();
      return { status: 201, body: mintToken(ctx, app, installation) };
    },
  },
];
