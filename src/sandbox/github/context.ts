// Shared types of the GitHub fake: its mutable state, the per-request context handed to route
// handlers, and the reply they return. Kept apart so routes, server and GraphQL agree on them.

import type { GithubRepo, World } from "../world.js";
import type { GitStore } from "./git-store.js";
import type { RateLimits } from "./rate-limit.js";
import type { TokenInfo } from "./auth.js";
import type { PullState } from "./pull-state.js";
import type { RateClock } from "../clock.js";

export interface FakeLimits {
  /** Largest `per_page` the fake honours (GitHub: 100); small so pagination bugs show. */
  maxPerPage: number;
  /** Entries in a recursive tree before GitHub sets `truncated` (GitHub: 100,000). */
  treeEntries: number;
}

export interface FakeState {
  world: World;
  /** http://127.0.0.1:PORT, known once the server listens. */
  baseUrl: string;
  limits: FakeLimits;
  /** Git object stores by repo id, materialized from `repo.files` on first use. */
  git: Map<number, GitStore>;
  pulls: PullState;
  rate: RateLimits;
  requests: Map<string, number>;
  /** The rate clock (time scale); installation tokens expire after an hour of it. */
  clock?: RateClock;
  /** Called after a pull request is merged and its base branch has moved (the sandbox simulates runs). */
  onPullMerged?: (event: PullMergedEvent) => void;
}

export interface PullMergedEvent {
  repo: GithubRepo;
  number: number;
  /** The branch merged into, and its commit before and after the merge. */
  base: string;
  before: string;
  after: string;
  /** Paths whose content differs between `before` and `after`. */
  changedPaths: string[];
  /** Login of the token that merged. */
  mergedBy: string;
}
import type { Representation } from "./media-types.js";

export type Query = URLSearchParams;

export interface Ctx {
  state: FakeState;
  method: string;
  /** Raw request pathname, as Link headers repeat it. */
  path: string;
  /** Path parameters of the matched route, already percent-decoded. */
  params: Record<string, string>;
  query: Query;
  body: unknown;
  token: TokenInfo;
  /** Headers the handler adds to the reply (Link, x-accepted-oauth-scopes...). */
  headers: Record<string, string>;
  /** The request's Accept types (media-types.ts), lowercased. */
  accept?: string[];
}

export interface Reply {
  status?: number;
  body?: unknown;
  /** A representation other than JSON (raw file, diff), when the Accept header asked for one. */
  representation?: Representation;
}

export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

/** A REST error GitHub-style: `{message, documentation_url, status}` plus optional `errors`. */
export class HttpError extends Error {
  readonly status: number;
  readonly extra: Record<string, unknown>;
  readonly headers: Record<string, string>;
  constructor(status: number, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.extra = extra;
    this.headers = headers;
  }
}

export const DOCS = "https://docs.github.com/rest";

export function notFound(): HttpError {
  return new HttpError(404, "Not Found");
}

export function forbidden(message: string): HttpError {
  return new HttpError(403, message);
}

export function validationFailed(errors: unknown[], message = "Validation Failed"): HttpError {
  return new HttpError(422, message, { errors });
}

/** API URL of a path on this fake (what GitHub puts in `url` fields). */
export function apiUrl(state: FakeState, path: string): string {
  return `${state.baseUrl}${path}`;
}

/** Web URL (GitHub's `html_url`); like GHES, web pages live on the same host as the API. */
export function htmlUrl(state: FakeState, path: string): string {
  return `${state.baseUrl}/${path.replace(/^\//, "")}`;
}
