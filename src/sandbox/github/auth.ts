// Token authentication and classic OAuth scopes, as GitHub applies them to personal access tokens.
// Scope names and implications follow GitHub's "Scopes for OAuth apps" page.

import type { World } from "../world.js";
import { verifyAppJwt } from "./app-jwt.js";
import { HttpError } from "./context.js";

/** "app": a GitHub App's own JWT, accepted only on the /app endpoints and /orgs/{org}/installation. */
export type TokenKind = "personal" | "installation" | "app";

export interface TokenInfo {
  token: string;
  login: string;
  /** Stable numeric user id derived from the login. */
  userId: number;
  /** Classic scopes; for an installation token, the access its permissions stand for (GitHub sends no x-oauth-scopes then). */
  scopes: string[];
  kind: TokenKind;
  /** Whose primary rate limit the token spends: its user's (all of a user's tokens share it) or its installation's. */
  rateOwner: string;
  /** The app a JWT stands for, or whose installation minted the token. */
  appId?: number;
  installationId?: number;
  /**
   * The organization an installation token's installation is on: the only account whose private
   * resources it reaches (see lookup.ts `reaches`). Absent for personal tokens and seeded ones.
   */
  account?: string;
  /** An installation token's GitHub App permissions (minted ones; the seeded one has none listed). */
  permissions?: Record<string, "read" | "write">;
  /** Fine-grained permissions it lacks (see World's tokens). */
  withheld?: string[];
}

/** Scopes a granted scope also grants. */
const IMPLIED: Record<string, string[]> = {
  repo: ["public_repo", "repo:status", "repo_deployment", "repo:invite", "security_events"],
  "admin:org": ["write:org", "read:org"],
  "write:org": ["read:org"],
  user: ["read:user", "user:email", "user:follow"],
  "admin:repo_hook": ["write:repo_hook", "read:repo_hook"],
  "write:repo_hook": ["read:repo_hook"],
};

export function hasScope(token: TokenInfo, scope: string): boolean {
  return token.scopes.some((granted) => granted === scope || (IMPLIED[granted] ?? []).includes(scope));
}

export function hasAnyScope(token: TokenInfo, scopes: string[]): boolean {
  return scopes.some((scope) => hasScope(token, scope));
}

/** Deterministic id for a user login (FNV-1a), so responses are stable across runs. */
export function userIdFor(login: string): number {
  let hash = 0x811c9dc5;
  for (const char of login.toLowerCase()) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return 1_000_000 + (hash % 90_000_000);
}

/**
 * Reads `Authorization: token X` or `Bearer X`. GitHub answers 401 "Bad credentials" for an unknown
 * token and "Requires authentication" when there is none (the fake serves nothing anonymously).
 */
export function authenticate(world: World, header: string | undefined, nowMs: number = Date.now()): TokenInfo {
  if (!header) {
    throw new HttpError(401, "Requires authentication");
  }
  const match = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header);
  const entry = match ? world.github.tokens.find((t) => t.token === match[1]) : undefined;
  if (!entry) {
    throw new HttpError(401, "Bad credentials");
  }
  // An expired installation token is unknown to GitHub: 401 Bad credentials.
  if (entry.expiresAtMs !== undefined && nowMs >= entry.expiresAtMs) {
    throw new HttpError(401, "Bad credentials");
  }
  const kind = entry.kind ?? "personal";
  // Every token of an installation spends the installation's budget.
  const rateOwner = kind === "installation" ? `installation:${entry.installationId ?? entry.token}` : `user:${entry.login.toLowerCase()}`;
  const account = kind === "installation" && entry.installationId !== undefined ? installationAccount(world, entry.installationId) : undefined;
  return {
    token: entry.token,
    login: entry.login,
    userId: userIdFor(entry.login),
    scopes: entry.scopes,
    kind,
    rateOwner,
    ...(entry.installationId !== undefined ? { installationId: entry.installationId } : {}),
    ...(account !== undefined ? { account } : {}),
    ...(entry.permissions ? { permissions: entry.permissions } : {}),
    ...(entry.withheld ? { withheld: entry.withheld } : {}),
  };
}

/** The organization an app installation is on. */
function installationAccount(world: World, installationId: number): string | undefined {
  for (const app of world.github.apps ?? []) {
    const found = app.installations.find((i) => i.id === installationId);
    if (found) return found.account;
  }
  return undefined;
}

/** A GitHub App's JWT (`Authorization: Bearer <jwt>`), for the endpoints that take one. */
export function authenticateApp(world: World, header: string | undefined, nowMs: number): TokenInfo {
  if (!header) {
    throw new HttpError(401, "Requires authentication");
  }
  const match = /^bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) {
    throw new HttpError(401, "A JSON web token could not be decoded");
  }
  const app = verifyAppJwt(world, match[1] as string, Math.floor(nowMs / 1000));
  const login = `${app.slug}[bot]`;
  return { token: "(app jwt)", login, userId: userIdFor(login), scopes: [], kind: "app", rateOwner: `app:${app.id}`, appId: app.id };
}
