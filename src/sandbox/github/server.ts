// The GitHub fake's HTTP server on 127.0.0.1: authentication, faults, primary rate limits and
// GitHub's response headers around the REST route table and the GraphQL endpoint.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { World } from "../world.js";
import { authenticate, authenticateApp, type TokenInfo } from "./auth.js";
import { reaches } from "./lookup.js";
import { DOCS, HttpError, notFound, type Ctx, type FakeState, type PullMergedEvent, type Reply } from "./context.js";
import { gitFor } from "./repo-git.js";
import { graphqlTimeout, partialGraphqlErrors, REVOKED_MESSAGE, SECONDARY_DOCS, SECONDARY_MESSAGE, secondaryLimiter, serverError } from "./faults.js";
import { FaultDice, isGithubWrite, type FaultMix, type WriteTrap } from "../fault-mix.js";
import { handleGraphql } from "./graphql/handler.js";
import { PullState } from "./pull-state.js";
import { CACHE_HEADERS, etagOf, ifNoneMatch } from "./etag.js";
import { installationLimit, RateLimits, rateHeaders, remaining, type LimitOf } from "./rate-limit.js";
import { GITHUB_SECONDARY_LIMITS, SecondaryLimits, secondaryCharge, type SecondaryLimitValues } from "./secondary-limits.js";
import { rateClock } from "../clock.js";
import { checkAppPermission } from "./app-permissions.js";
import { routes } from "./routes/index.js";
import { Router, type Route } from "./router.js";
import { acceptedTypes, refuseUnsupported } from "./media-types.js";

export interface GithubFakeOptions {
  port?: number;
  latencyMs?: number;
  faults?: { secondaryRateLimitRate?: number; seed?: number; mix?: FaultMix };
  /** Counts writes and can hold the one after the Nth (crash tests; shared with the AWS side). */
  writeTrap?: WriteTrap;
  limits?: GithubLimitOptions;
  /** Largest per_page honoured (default 5, GitHub's is 100). */
  maxPerPage?: number;
  /** Recursive tree size past which `truncated` is set (default GitHub's 100,000). */
  treeEntryLimit?: number;
  /** Test hook: sees every REST exchange (used by the OpenAPI conformance test). */
  onExchange?: (exchange: Exchange) => void;
  /** Called (synchronously, before the merge answers) after a pull request is merged. */
  onPullMerged?: (event: PullMergedEvent) => void;
}

/** GitHub's rate limits as the fake plays them (docs/performance.md, "The sandbox's limits"). */
export interface GithubLimitOptions {
  /** Primary limits per token owner and hour (default on; off answers like a GHES without rate limiting: no headers). */
  primary?: boolean;
  /** Secondary limits (default off): true for GitHub's documented values, or other values (tests). */
  secondary?: boolean | Partial<SecondaryLimitValues>;
  /** Windows pass this many times faster than real time (default 1); reset and retry-after follow. */
  timeScale?: number;
}

export interface Exchange {
  method: string;
  route: Route | undefined;
  status: number;
  body: unknown;
}

export interface GithubFake {
  url: string;
  graphqlUrl: string;
  close(): Promise<void>;
  /** Requests received per endpoint: "GET /orgs/{org}/repos" → count, "POST /graphql" → count. */
  requests: Map<string, number>;
  /** Injected faults played so far, by name ("throttle", "lost", "graphql-timeout"…). */
  faults: Map<string, number>;
  /** The commit a branch points to (the default branch when omitted), as the git data API shows it. */
  branchSha(repoFullName: string, branch?: string): string | undefined;
}

const JSON_TYPE = "application/json; charset=utf-8";
const MAX_BODY_BYTES = 50 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      throw new HttpError(413, "Request body too large");
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string): unknown {
  if (text.trim() === "") {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "Problems parsing JSON");
  }
}

function errorBody(error: HttpError): Record<string, unknown> {
  const { documentation_url: docs, ...extra } = error.extra;
  return { message: error.message, ...extra, documentation_url: docs ?? DOCS, status: String(error.status) };
}

function limitOf(world: World, enabled: boolean): LimitOf {
  return (token, resource) => {
    if (!enabled) return Number.POSITIVE_INFINITY;
    if (token.kind === "installation") {
      const users = world.github.orgs.reduce((sum, org) => sum + (org.members ?? 0), 0);
      return installationLimit(world.github.repos.length, users);
    }
    return resource === "core" ? world.github.rateLimit.limit : world.github.rateLimit.graphqlLimit;
  };
}

export async function startGithubFake(world: World, options: GithubFakeOptions = {}): Promise<GithubFake> {
  const clock = rateClock(options.limits?.timeScale ?? 1);
  const secondaryOption = options.limits?.secondary;
  const secondaryLimits = secondaryOption ? new SecondaryLimits(clock, { ...GITHUB_SECONDARY_LIMITS, ...(secondaryOption === true ? {} : secondaryOption) }) : undefined;
  const state: FakeState = {
    world,
    baseUrl: "",
    limits: { maxPerPage: options.maxPerPage ?? 5, treeEntries: options.treeEntryLimit ?? 100_000 },
    git: new Map(),
    pulls: new PullState(),
    rate: new RateLimits(limitOf(world, options.limits?.primary !== false), clock),
    requests: new Map(),
    clock,
    ...(options.onPullMerged ? { onPullMerged: options.onPullMerged } : {}),
  };
  const router = new Router(routes);
  const secondary = secondaryLimiter(options.faults?.secondaryRateLimitRate ?? 0, options.faults?.seed ?? world.seed);
  let requestCounter = 0;
  const dice = new FaultDice(options.faults?.mix ?? {}, (options.faults?.seed ?? world.seed) + 1);
  /** "owner/repo GET /repos/{owner}/{repo}/actions/secrets": permissions removed during the run. */
  const revoked = new Set<string>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = `5EED:${(++requestCounter).toString(16).toUpperCase().padStart(6, "0")}`;
    const headers: Record<string, string> = {
      "content-type": JSON_TYPE,
      "x-github-media-type": "github.v3; format=json",
      "x-github-api-version-selected": "2022-11-28",
      "x-github-request-id": requestId,
    };
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = (req.method ?? "GET").toUpperCase();
    const isGraphql = url.pathname === "/graphql" && method === "POST";
    const match = isGraphql ? undefined : router.match(method, url.pathname);
    const route = typeof match === "object" ? match.route : undefined;
    const key = isGraphql ? "POST /graphql" : route ? `${method} ${route.path}` : `${method} (unmatched)`;
    state.requests.set(key, (state.requests.get(key) ?? 0) + 1);

    let status = 200;
    let body: unknown;
    let serialized: string | Buffer | undefined;
    let release: (() => void) | undefined;
    let lost = false;
    try {
      const text = await readBody(req);
      if (isGraphql && !req.headers.authorization) {
        throw new HttpError(401, "This endpoint requires you to be authenticated.", {
          documentation_url: "https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql",
        });
      }
      const token: TokenInfo = route?.auth === "app" ? authenticateApp(world, req.headers.authorization, clock.nowMs()) : authenticate(world, req.headers.authorization, clock.nowMs());
      if (token.kind === "personal") {
        headers["x-oauth-scopes"] = token.scopes.join(", ");
      }
      if (secondaryLimits) {
        const admitted = secondaryLimits.admit(token.rateOwner, secondaryCharge(method, isGraphql ? "graphql" : "rest"));
        if (admitted.refused) {
          Object.assign(headers, rateHeaders(state.rate.peek(token, isGraphql ? "graphql" : "core")));
          headers["retry-after"] = String(admitted.refused.retryAfter);
          throw new HttpError(403, `${SECONDARY_MESSAGE} ${requestId}.`, { documentation_url: SECONDARY_DOCS });
        }
        release = admitted.release;
        // The slot is held until the answer is written or the client goes away, whichever comes first.
        res.once("close", admitted.release);
      }
      // The answer's latency is time the request is in flight (it holds its concurrent slot).
      if (options.latencyMs) {
        await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      }
      const write = isGithubWrite(method, isGraphql);
      if (write && options.writeTrap && (await options.writeTrap.admit(`github ${method} ${url.pathname}`, "before")) === "drop") {
        req.socket.destroy();
        return;
      }
      const injected = dice.request(write);
      if (injected === "reset") {
        req.socket.destroy();
        return;
      }
      if (injected === "slow") await new Promise((resolve) => setTimeout(resolve, dice.slowMs));
      if (injected === "error") {
        const { status: code, message } = serverError(dice.pick([0, 1]) ?? 0);
        throw new HttpError(code, message);
      }
      if (injected === "throttle") {
        headers["retry-after"] = "1";
        throw new HttpError(dice.pick([403, 429]) ?? 403, `${SECONDARY_MESSAGE} ${requestId}.`, { documentation_url: SECONDARY_DOCS });
      }
      lost = injected === "lost";
      const repoScope = match && typeof match === "object" && match.params["owner"] && match.params["repo"] ? `${match.params["owner"]}/${match.params["repo"]}`.toLowerCase() : undefined;
      if (repoScope && !write) {
        const permission = `${repoScope} ${key}`;
        if (revoked.has(permission) || dice.roll("revoke", options.faults?.mix?.revoke)) {
          revoked.add(permission);
          throw new HttpError(403, REVOKED_MESSAGE, { documentation_url: "https://docs.github.com/rest" });
        }
      }
      const fault = secondary();
      if (fault) {
        headers["retry-after"] = "1";
        throw new HttpError(fault.status, `${SECONDARY_MESSAGE} ${requestId}.`, { documentation_url: SECONDARY_DOCS });
      }
      if (isGraphql) {
        const timedOut = dice.roll("graphql", options.faults?.mix?.graphql);
        const answer = await handleGraphql(state, token, parseJson(text));
        Object.assign(headers, answer.headers);
        status = answer.status;
        body = answer.body;
        // Half the GraphQL faults are partial answers where the query allows one, the rest timeouts.
        if (timedOut && !(dice.pick([0, 1]) === 0 && partialGraphqlErrors(body, (n) => Math.min(n - 1, Math.floor((dice.pick([0, 0.25, 0.5, 0.75]) ?? 0) * n))))) {
          body = graphqlTimeout(requestId);
          dice.counts.set("graphql-timeout", (dice.counts.get("graphql-timeout") ?? 0) + 1);
        }
      } else {
        ({ status, body, text: serialized } = await handleRest(state, token, method, url, match, parseJson(text), headers, requestId, req.headers["if-none-match"], req.headers["accept"]));
      }
    } catch (error) {
      const httpError = error instanceof HttpError ? error : new HttpError(500, "Server Error");
      if (!(error instanceof HttpError)) {
        console.error("github fake: handler failed", error);
      }
      Object.assign(headers, httpError.headers);
      status = httpError.status;
      body = errorBody(httpError);
    }
    if (!isGraphql) {
      options.onExchange?.({ method, route, status, body });
    }
    if (isGithubWrite(method, isGraphql) && options.writeTrap && status < 300 && (await options.writeTrap.admit(`github ${method} ${url.pathname}`, "after")) === "drop") lost = true;
    if (lost) {
      // Applied on the server, answer lost: the client sees a dropped connection.
      release?.();
      req.socket.destroy();
      return;
    }
    if (status === 204 || body === undefined) {
      delete headers["content-type"];
      res.writeHead(status, headers).end(release);
    } else {
      res.writeHead(status, headers).end(serialized ?? JSON.stringify(body), release);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error("github fake: request failed", error);
      if (!res.headersSent) {
        res.writeHead(500).end();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  state.baseUrl = `http://127.0.0.1:${port}`;
  return {
    url: state.baseUrl,
    graphqlUrl: `${state.baseUrl}/graphql`,
    requests: state.requests,
    faults: dice.counts,
    branchSha: (fullName, branch) => {
      const repo = world.github.repos.find((r) => r.fullName.toLowerCase() === fullName.toLowerCase());
      return repo ? gitFor(state, repo).refs.get(`refs/heads/${branch ?? repo.defaultBranch}`) : undefined;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function handleRest(
  state: FakeState,
  token: TokenInfo,
  method: string,
  url: URL,
  match: ReturnType<Router["match"]>,
  body: unknown,
  headers: Record<string, string>,
  requestId: string,
  conditional: string | string[] | undefined,
  accept?: string | string[],
): Promise<{ status: number; body: unknown; text?: string | Buffer }> {
  const free = url.pathname === "/rate_limit";
  const charge = () => {
    if (!free) Object.assign(headers, rateHeaders(state.rate.consume(token, "core", 1).window));
  };
  const window = state.rate.peek(token, "core");
  Object.assign(headers, rateHeaders(window));
  if (!free && remaining(window) === 0) {
    throw new HttpError(403, `API rate limit exceeded for user ID ${token.userId}. If you reach out to GitHub Support for help, please include the request ID ${requestId} and timestamp ${new Date().toISOString()}.`, {
      documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
    });
  }
  let reply: Reply;
  try {
    if (!match || match === "method") {
      throw new HttpError(404, "Not Found");
    }
    headers["x-accepted-oauth-scopes"] = match.route.accepted.join(", ");
    checkAppPermission(token, match.route, headers);
    // An installation token reaches only its own organization (lookup.ts `reaches`): another's org
    // routes, and writes to another owner's repos, answer 404 whichever route it is.
    const owner = match.params["org"] ?? (method === "GET" ? undefined : match.params["owner"]);
    if (owner !== undefined && !reaches(token, owner)) throw notFound();
    refuseUnsupported(accept, match.route.media ?? []);
    const ctx: Ctx = { state, method, path: url.pathname, params: match.params, query: url.searchParams, body, token, headers, accept: acceptedTypes(accept) };
    reply = await match.route.handler(ctx);
  } catch (error) {
    // Refusals and errors cost a request on GitHub too.
    charge();
    throw error;
  }
  const status = reply.status ?? 200;
  if (method !== "GET" || status !== 200 || reply.body === undefined) {
    charge();
    return { status, body: reply.body };
  }
  const shown = reply.representation;
  if (shown) Object.assign(headers, { "content-type": shown.contentType, "x-github-media-type": `github.v3; ${shown.param}` });
  const text = shown ? shown.data : JSON.stringify(reply.body);
  const etag = etagOf(text);
  Object.assign(headers, CACHE_HEADERS, { etag });
  if (ifNoneMatch(conditional, etag)) {
    // Not charged: "a conditional request does not count against your primary rate limit if a 304 is returned".
    return { status: 304, body: undefined };
  }
  charge();
  return { status, body: reply.body, text };
}
