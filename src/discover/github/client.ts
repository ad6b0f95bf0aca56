// The Octokit client discover and publish use: official throttling and retry plugins, GitHub
// Enterprise Server through GITHUB_API_URL, and a request counter at the fetch level (so every
// HTTP attempt, retries included, is counted once).
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import type { RequestCounter } from "../request-counter.js";

export const KeylessOctokit = Octokit.plugin(throttling, retry);
export type GithubClient = InstanceType<typeof KeylessOctokit>;

export interface GithubConnection {
  token: string;
  /** REST base URL: https://api.github.com, or https://HOST/api/v3 for Enterprise Server. */
  apiUrl: string;
  /** Retries after a rate limit before giving up on a request. */
  maxRetries: number;
}

const KEPT_SEGMENTS = new Set([
  "orgs", "repos", "repositories", "actions", "secrets", "variables", "environments", "runs", "workflows",
  "oidc", "customization", "sub", "secret-scanning", "alerts", "git", "trees", "blobs", "commits", "refs",
  "ref", "matching-refs", "contents", "pulls", "merge", "meta", "rate_limit", "user", "graphql", "issues",
  "labels", "requested_reviewers", "heads", "public-key",
]);

/** "/repos/acme/api/actions/secrets" → "/repos/{}/{}/actions/secrets": one counter per endpoint. */
export function endpointOf(method: string, url: string, apiUrl: string): string {
  const base = new URL(apiUrl).pathname.replace(/\/$/, "");
  let path = new URL(url).pathname;
  if (base && path.startsWith(base)) path = path.slice(base.length);
  const segments = path.split("/").map((s) => (s === "" || KEPT_SEGMENTS.has(s) ? s : "{}"));
  return `${method.toUpperCase()} ${segments.join("/")}`;
}

export function githubClient(connection: GithubConnection, counter: RequestCounter): GithubClient {
  const countingFetch: typeof fetch = (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    counter.add("github", endpointOf(init?.method ?? "GET", url, connection.apiUrl));
    return fetch(input, init);
  };
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  return new KeylessOctokit({
    auth: connection.token,
    baseUrl: connection.apiUrl.replace(/\/$/, ""),
    userAgent: "keyless",
    log: quiet,
    request: { fetch: countingFetch },
    throttle: {
      onRateLimit: (_retryAfter: number, _options: object, _octokit: unknown, retryCount: number) => retryCount < connection.maxRetries,
      onSecondaryRateLimit: (_retryAfter: number, _options: object, _octokit: unknown, retryCount: number) => retryCount < connection.maxRetries,
    },
    retry: { retries: connection.maxRetries },
  });
}
