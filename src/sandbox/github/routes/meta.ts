// GET /user, GET /meta, GET /rate_limit.

import type { components } from "@octokit/openapi-types";
import type { Route } from "../router.js";
import { HttpError } from "../context.js";
import { remaining } from "../rate-limit.js";
import { privateUser } from "../shapes/user.js";

type S = components["schemas"];

export const metaRoutes: Route[] = [
  {
    method: "GET",
    path: "/user",
    accepted: [],
    handler: (ctx) => {
      // GitHub: an installation token is no user ("Resource not accessible by integration").
      if (ctx.token.kind === "installation") throw new HttpError(403, "Resource not accessible by integration");
      return { body: privateUser(ctx.state, ctx.token) satisfies S["private-user"] };
    },
  },
  {
    method: "GET",
    path: "/meta",
    accepted: [],
    handler: (ctx) => {
      const body: S["api-overview"] = {
        verifiable_password_authentication: false,
        hooks: ["192.30.252.0/22"],
        web: ["192.30.252.0/22"],
        api: ["192.30.252.0/22"],
        git: ["192.30.252.0/22"],
        actions: [...ctx.state.world.github.actionsIpRanges],
        domains: { actions: ["*.actions.githubusercontent.com"] },
      };
      return { body };
    },
  },
  {
    method: "GET",
    path: "/rate_limit",
    accepted: [],
    handler: (ctx) => {
      if (!Number.isFinite(ctx.state.rate.peek(ctx.token, "core").limit)) {
        // What GitHub Enterprise Server answers when rate limiting is disabled.
        throw new HttpError(404, "Rate limiting is not enabled.");
      }
      const describe = (resource: "core" | "graphql"): S["rate-limit"] => {
        const window = ctx.state.rate.peek(ctx.token, resource);
        return { limit: window.limit, used: window.used, remaining: remaining(window), reset: window.reset };
      };
      const core = describe("core");
      const idle = (limit: number): S["rate-limit"] => ({ limit, used: 0, remaining: limit, reset: core.reset });
      const body: S["rate-limit-overview"] = {
        resources: { core, graphql: describe("graphql"), search: idle(30), code_search: idle(10), integration_manifest: idle(5000) },
        rate: core,
      };
      return { body };
    },
  },
];
