// The Octokit client discover and publish use: official throttling and retry plugins, GitHub
// Enterprise Server through GITHUB_API_URL, and a request counter at the fetch level (so every
// HTTP attempt, retries included, is counted once). Beneath the plugins, every request goes through
// a RatePacer (pacer.ts) that reads the rate-limit headers and waits for the reset instead of
// failing; discover's client is read-only, so its GraphQL queries are paced as the reads they are.
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import Bottleneck from "bottleneck";
import type { RequestCounter } from "../request-counter.js";
import { RatePacer, resourceOf, type PaceWait, type RateState } from "./pacer.js";
import { keylessAppAuth, type GithubAppCredentials } from "./app-auth.js";

/** Octokit's auth options for a connection: its token, or the GitHub App strategy. */
export function authOptions(connection: GithubConnection): { auth?: unknown; authStrategy?: unknown } {
  if (connection.app) return { authStrategy: keylessAppAuth, auth: { app: connection.app, ...(connection.timeScale ? { timeScale: connection.timeScale } : {}) } };
  return { auth: connection.token };
}

export const KeylessOctokit = Octokit.plugin(throttling, retry);
export type GithubClient = InstanceType<typeof KeylessOctokit>;

export interface GithubConnection {
  /** A token (classic, fine-grained, or an installation's); unused when `app` is given. */
  token?: string;
  /** Authenticate as a GitHub App installation instead (app-auth.ts): tokens are minted and renewed. */
  app?: GithubAppCredentials;
  /** REST base URL: https://api.github.com, or https://HOST/api/v3 for Enterprise Server. */
  apiUrl: string;
  /** Retries after a secondary rate limit or a 5xx before giving up on a request. */
  maxRetries: number;
  /** Milliseconds waited per second of Retry-After (1000; tests shorten it). */
  retryAfterBaseMs?: number;
  /** The fetch requests go through (a proxy-aware one, or a test's); the global fetch by default. */
  fetch?: typeof fetch;
  /** Sandbox only: its clock runs this many times faster than real time (`keyless sandbox --time-scale`). */
  timeScale?: number;
}

/** Told when a request waits for a rate limit to pass, so a long wait is not mistaken for a hang. */
export type WaitListener = (wait: { seconds: number; reason: string; until?: string }) => void;

export interface ClientOptions {
  /** Refuse anything but reads (GET, and GraphQL queries), and pace GraphQL queries as reads. */
  readOnly?: boolean;
  /** Told what is left of each budget after every answer. */
  onRate?: (state: RateState) => void;
  /** A shared pacer (tests inject one on a fake clock). */
  pacer?: RatePacer;
  /** Wraps the fetch beneath the pacer (discover's conditional-request cache). */
  wrapFetch?: (send: typeof fetch) => typeof fetch;
}

// Path segments after which the next segment is a name or number; after REST_AFTER, the rest of
// the path is (a ref or a file path). Positions, not names, so a repo called "secrets" still counts
// under /repos/{}/{}/...
const NAME_AFTER = new Set(["environments", "secrets", "variables", "blobs", "trees", "commits", "runs", "alerts", "pulls", "issues", "labels", "workflows"]);
const REST_AFTER = new Set(["contents", "ref", "refs", "matching-refs"]);
const FIXED_CHILDREN = new Set(["public-key"]);

/** "/repos/acme/api/actions/secrets" → "GET /repos/{}/{}/actions/secrets": one counter per endpoint. */
/** Primary-limit resets one request waits through before giving up (each is up to an hour). */
const MAX_RESETS_WAITED = 24;

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

export function githubClient(connection: GithubConnection, counter: RequestCounter, onWait?: WaitListener, options: ClientOptions = {}): GithubClient {
  const raw = connection.fetch ?? fetch;
  const send = options.wrapFetch ? options.wrapFetch(raw) : raw;
  const announce = (wait: PaceWait) =>
    onWait?.({ seconds: Math.ceil(wait.ms / 1000), reason: wait.reason, until: new Date(wait.until).toISOString() });
  const pacer = options.pacer ?? new RatePacer({ timeScale: connection.timeScale, onWait: announce, onRate: options.onRate });
  const countingFetch: typeof fetch = async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? "GET").toUpperCase();
    const resource = resourceOf(url);
    // Minting a GitHub App installation token is a POST that changes nothing in the organization.
    if (options.readOnly && resource === "core" && method !== "GET" && method !== "HEAD" && !/^\/app\/installations\/\d+\/access_tokens$/.test(endpointOf(method, url, connection.apiUrl).split(" ")[1] ?? "")) {
      throw new Error(`keyless: the scanning client only reads; refused ${method} ${new URL(url).pathname}`);
    }
    await pacer.acquire(resource);
    counter.add("github", endpointOf(method, url, connection.apiUrl));
    let headers: Headers | undefined;
    try {
      const response = await send(input, init);
      headers = response.headers;
      return response;
    } finally {
      pacer.settle(resource, headers);
    }
  };
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  const scale = connection.timeScale ?? 1;
  const base = connection.retryAfterBaseMs ?? 1000;
  return new KeylessOctokit({
    ...(authOptions(connection) as { auth?: string }),
    baseUrl: connection.apiUrl.replace(/\/$/, ""),
    userAgent: "keyless",
    log: quiet,
    request: { fetch: countingFetch },
    throttle: {
      retryAfterBaseValue: base,
      // The plugin spaces "writes" a second apart, and counts every GraphQL POST as one. The scanning
      // client never writes: its GraphQL queries are reads, limited only by the pacer and concurrency.
      ...(options.readOnly ? { write: new Bottleneck.Group({ maxConcurrent: null, minTime: 0 }) } : {}),
      // A sandbox on a scaled clock (--time-scale) spaces content-creating requests on that clock too.
      ...(!options.readOnly && scale > 1
        ? { write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 1000 / scale }), notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 3000 / scale }) }
        : {}),
      // Primary limit hit anyway (another client spent the token's budget meanwhile): the pacer,
      // which saw the same headers, holds the retry until the reset; retried until it passes.
      onRateLimit: (_retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < MAX_RESETS_WAITED,
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
