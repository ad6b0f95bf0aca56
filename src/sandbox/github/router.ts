// A table of routes, each `METHOD /path/{param}` as GitHub's OpenAPI description spells it, so a
// route can be looked up in that description by the same key. `{path}` and `{ref}` span slashes.

import type { Handler } from "./context.js";

export interface Route {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  /** Scopes GitHub lists in x-accepted-oauth-scopes for this endpoint. */
  accepted: string[];
  handler: Handler;
  /** Media types besides JSON this route serves (`raw`, `object`, `diff`, `patch`): see media-types.ts. */
  media?: string[];
  /** The OpenAPI path this route answers like, when its own path is not in the description. */
  alias?: string;
  /** "app": authenticated with the GitHub App's JWT instead of a token (see auth.ts authenticateApp). */
  auth?: "app";
}

interface Compiled {
  route: Route;
  regex: RegExp;
  names: string[];
}

export type Match = { route: Route; params: Record<string, string> };

/** Parameters that may contain slashes; a contents `{path}` may also be empty (the root). */
const GREEDY: Record<string, string> = { path: "(.*)", ref: "(.+)" };

export class Router {
  private readonly compiled: Compiled[];

  constructor(readonly routes: Route[]) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const source = route.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, (_m, name: string) => {
        names.push(name);
        return GREEDY[name] ?? "([^/]+)";
      });
      return { route, regex: new RegExp(`^${source}/?$`), names };
    });
  }

  /** The route for a request, or "method" when the path exists under another method. */
  match(method: string, pathname: string): Match | "method" | undefined {
    let pathMatched = false;
    for (const { route, regex, names } of this.compiled) {
      const found = regex.exec(pathname);
      if (!found) {
        continue;
      }
      if (route.method !== method) {
        pathMatched = true;
        continue;
      }
      const params: Record<string, string> = {};
      names.forEach((name, i) => {
        params[name] = safeDecode(found[i + 1] ?? "");
      });
      return { route, params };
    }
    return pathMatched ? "method" : undefined;
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
