// Token authentication and classic OAuth scopes, as GitHub applies them to personal access tokens.
// Scope names and implications follow GitHub's "Scopes for OAuth apps" page.

import type { World } from "../world.js";
import { HttpError } from "./context.js";

export type TokenKind = "personal" | "installation";

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
export function authenticate(world: World, header: string | undefined): TokenInfo {
  if (!header) {
    throw new HttpError(401, "Requires authentication");
  }
  const match = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header);
  const entry = match ? world.github.tokens.find((t) => t.token === match[1]) : undefined;
  if (!entry) {
    throw new HttpError(401, "Bad credentials");
  }
  const kind = entry.kind ?? "personal";
  const rateOwner = kind === "installation" ? `installation:${entry.token}` : `user:${entry.login.toLowerCase()}`;
  return { token: entry.token, login: entry.login, userId: userIdFor(entry.login), scopes: entry.scopes, kind, rateOwner, ...(entry.withheld ? { withheld: entry.withheld } : {}) };
}
