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
  /** Retries after a secondary rate limit or a 5xx before giving up on a request. */
  maxRetries: number;
  /** Milliseconds waited per second of Retry-After (1000; tests shorten it). */
  retryAfterBaseMs?: number;
  /** The fetch requests go through (a proxy-aware one, or a test's); the global fetch by default. */
  fetch?: typeof fetch;
}

/** Told when a request waits for a rate limit to pass, so a long wait is not mistaken for a hang. */
export type WaitListener = (wait: { seconds: number; reason: string }) => void;

// Path segments after which the next segment is a name or number; after REST_AFTER, the rest of
// the path is (a ref or a file path). Positions, not names, so a repo called "secrets" still counts
// under /repos/{}/{}/...
const NAME_AFTER = new Set(["environments", "secrets", "variables", "blobs", "trees", "commits", "runs", "alerts", "pulls", "issues", "labels", "workflows"]);
const REST_AFTER = new Set(["contents", "ref", "refs", "matching-refs"]);
const FIXED_CHILDREN = new Set(["public-key"]);

/** "/repos/acme/api/actions/secrets" → "GET /repos/{}/{}/actions/secrets": one counter per endpoint. */
export function endpointOf(method: string, url: string, apiUrl: string): string {
  const base = new URL(apiUrl).pathname.replace(/\/$/, "");
  let path = new URL(url).pathname;
  // Enterprise Server serves GraphQL at /api/graphql, beside the REST base /api/v3.
  if (/\/graphql\/?$/.test(path)) return `${method.toUpperCase()} /graphql`;
  if (base && path.startsWith(`${base}/`)) path = path.slice(base.length);
  const segments = path.split("/").filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    // Only a literal segment announces a name: in /repos/acme/secrets/actions the repo is "secrets".
    const previous = out[i - 1] === "{}" ? undefined : segments[i - 1];
    const top = segments[0];
    if ((top === "repos" && (i === 1 || i === 2)) || (i === 1 && (top === "orgs" || top === "users" || top === "repositories"))) {
      out.push("{}");
    } else if (previous !== undefined && REST_AFTER.has(previous) && i > 1) {
      out.push("{}");
      break;
    } else if (previous !== undefined && NAME_AFTER.has(previous) && !FIXED_CHILDREN.has(segment) && i > 2) {
      out.push("{}");
    } else {
      out.push(segment);
    }
  }
  return `${method.toUpperCase()} /${out.join("/")}`;
}

export function githubClient(connection: GithubConnection, counter: RequestCounter, onWait?: WaitListener): GithubClient {
  const send = connection.fetch ?? fetch;
  const countingFetch: typeof fetch = (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    counter.add("github", endpointOf(init?.method ?? "GET", url, connection.apiUrl));
    return send(input, init);
  };
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  const base = connection.retryAfterBaseMs ?? 1000;
  return new KeylessOctokit({
    auth: connection.token,
    baseUrl: connection.apiUrl.replace(/\/$/, ""),
    userAgent: "keyless",
    log: quiet,
    request: { fetch: countingFetch },
    throttle: {
      retryAfterBaseValue: base,
      // Primary limit: wait once for the reset (up to an hour on github.com), then the retry succeeds.
      onRateLimit: (retryAfter: number, options: { method?: string; url?: string }, _octokit: unknown, retryCount: number) => {
        if (retryCount >= 1) return false;
        onWait?.({ seconds: retryAfter, reason: `GitHub rate limit reached (${options.method ?? ""} ${options.url ?? ""}); waiting for the reset` });
        return true;
      },
      // Secondary limit: GitHub says how long to wait (Retry-After, else 60 s).
      onSecondaryRateLimit: (retryAfter: number, options: { method?: string; url?: string }, _octokit: unknown, retryCount: number) => {
        if (retryCount >= connection.maxRetries) return false;
        if (retryAfter >= 10) onWait?.({ seconds: retryAfter, reason: `GitHub secondary rate limit (${options.method ?? ""} ${options.url ?? ""})` });
        return true;
      },
    },
    // 5xx and network errors. 4xx answers are final; 429 too, so that rate limits are waited out
    // only by the throttling plugin, as long as GitHub's Retry-After says, never retried twice over.
    retry: { retries: connection.maxRetries, retryAfterBaseValue: base, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
  });
}
