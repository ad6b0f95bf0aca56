// The AWS fake's one HTTP server: tells services apart by the SigV4 scope and X-Amz-Target, checks the
// signature, injects faults, and answers in each service's wire protocol (awsQuery or awsJson1_1).

import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Caller, World } from "../world.js";
import { authenticate, missingAuthentication } from "./auth.js";
import { CLOUDTRAIL_HANDLERS } from "./cloudtrail.js";
import { AwsFault, type FakeState, type RequestContext, type ServiceName } from "./context.js";
import { createFaults, delay, expiredTokenFault, revokedFault, serverFault, throttlingFault, type FaultOptions } from "./faults.js";
import { FaultDice, isAwsWrite, type FaultMix, type WriteTrap } from "../fault-mix.js";
import { AWS_THROTTLE_RATES, AwsThrottle, type AwsThrottleRates } from "./throttle.js";
import { rateClock } from "../clock.js";
import { IAM_HANDLERS } from "./iam/index.js";
import { createIdFactory } from "./ids.js";
import { JSON_CONTENT_TYPE, JSON_TARGETS, jsonErrorBody, parseJsonInput } from "./json-protocol.js";
import { ORGANIZATIONS_HANDLERS } from "./organizations.js";
import { QUERY_NAMESPACES, QueryParams, queryError, queryResponse } from "./query-protocol.js";
import { parseAuthorization } from "./sigv4.js";
import { STS_HANDLERS, UNSIGNED_STS_ACTIONS } from "./sts.js";

export interface AwsFakeOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Delay added to every answer. */
  latencyMs?: number;
  faults?: FaultOptions & { mix?: FaultMix };
  /** Counts writes and can hold the one after the Nth (crash tests; shared with the GitHub side). */
  writeTrap?: WriteTrap;
  /** AWS's per-account request rates (docs/performance.md); off by default. */
  limits?: AwsLimitOptions;
  /** Largest page IAM and Organizations listings return, whatever MaxItems/MaxResults asks (default 4). */
  pageSize?: number;
  /**
   * Sandbox-only admin operations, served as `POST /_sandbox/<name>` with a JSON body and the header
   * `x-keyless-sandbox: 1` (a header browsers cannot send cross-site without a preflight the fake
   * never answers). Not an AWS API: it lets a separate process drive a running sandbox.
   */
  admin?: Record<string, AdminHandler>;
}

export interface AwsLimitOptions {
  /** true for the rates of AWS_THROTTLE_RATES, or other rates (tests). */
  throttle?: boolean | Partial<AwsThrottleRates>;
  /** Buckets refill this many times faster than real time (default 1). */
  timeScale?: number;
}

/** Answers one admin call; throwing an Error answers 400 with its message. */
export type AdminHandler = (body: unknown) => unknown;

export interface AwsFake {
  url: string;
  close(): Promise<void>;
  /** Requests received per operation, e.g. "iam:ListUsers" → 3 (throttled and failed ones included). */
  requests: Map<string, number>;
  /** The fake's clock: world.now, advancing with real time since the fake started. */
  now(): Date;
  /** Requests refused by the per-account rates, per service (empty when limits are off). */
  throttled: Map<ServiceName, number>;
  /** Injected faults of the fault mix played so far, by name. */
  faults: Map<string, number>;
}

const QUERY_VERSIONS = { iam: "2010-05-08", sts: "2011-06-15" } as const;
const MAX_BODY_BYTES = 1024 * 1024;
/** A migration plan for thousands of repos is larger than any AWS request. */
const MAX_ADMIN_BODY_BYTES = 64 * 1024 * 1024;
const ADMIN_PREFIX = "/_sandbox/";
/** Stands in for the caller of unsigned calls (AssumeRoleWithWebIdentity), whose handler never reads it. */
const ANONYMOUS: Caller = { accessKeyId: "", secretAccessKey: "", accountId: "", arn: "", userId: "" };

type QueryService = "iam" | "sts";
type JsonService = "organizations" | "cloudtrail";
const QUERY_HANDLERS = { iam: IAM_HANDLERS, sts: STS_HANDLERS };
const JSON_HANDLERS = { organizations: ORGANIZATIONS_HANDLERS, cloudtrail: CLOUDTRAIL_HANDLERS };

function isQueryService(s: string): s is QueryService {
  return s === "iam" || s === "sts";
}
function isJsonService(s: string): s is JsonService {
  return s === "organizations" || s === "cloudtrail";
}

interface Answer {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
  /** Drop the connection instead of answering (a reset, or a write whose answer is lost). */
  drop?: boolean;
}

export async function startAwsFake(world: World, options: AwsFakeOptions = {}): Promise<AwsFake> {
  const requests = new Map<string, number>();
  const faults = createFaults(options.faults);
  const throttleOption = options.limits?.throttle;
  const throttle = throttleOption
    ? new AwsThrottle(rateClock(options.limits?.timeScale ?? 1), { ...AWS_THROTTLE_RATES, ...(throttleOption === true ? {} : throttleOption) })
    : undefined;
  const state: FakeState = { ids: createIdFactory(world.seed), reports: new Map(), pageSize: options.pageSize ?? 4 };
  const startedAt = performance.now();
  const now = () => new Date(Date.parse(world.now) + (performance.now() - startedAt));
  const dice = new FaultDice(options.faults?.mix ?? {}, (options.faults?.seed ?? world.seed) + 2);
  const mix = options.faults?.mix ?? {};
  /** Session access key ids expired early, and "account service:Action" permissions removed. */
  const expired = new Set<string>();
  const revoked = new Set<string>();

  /** After a write is applied: its answer is lost (a fault, or the write trap holding it). */
  async function answerLost(write: boolean, lost: boolean, name: string): Promise<boolean> {
    if (!write) return false;
    if (options.writeTrap && (await options.writeTrap.admit(name, "after")) === "drop") return true;
    return lost;
  }

  async function answer(req: IncomingMessage, body: Buffer): Promise<Answer> {
    const requestId = randomUUID();
    const headers = flatHeaders(req);
    const target = headers["x-amz-target"];
    const auth = parseAuthorization(headers["authorization"]);
    const text = body.toString("utf8");
    const query = target === undefined ? new QueryParams(text) : undefined;
    const service = (auth?.service ?? guessService(target, query)) as ServiceName;

    let action: string;
    if (isJsonService(service)) {
      const [prefix, operation] = (target ?? "").split(".");
      action = prefix === JSON_TARGETS[service] && operation ? operation : "";
    } else {
      action = query?.get("Action") ?? "";
    }
    requests.set(`${service}:${action}`, (requests.get(`${service}:${action}`) ?? 0) + 1);

    try {
      if (!isQueryService(service) && !isJsonService(service)) {
        throw new AwsFault("UnrecognizedClientException", `The fake does not serve the service "${service}".`);
      }
      const unsigned = service === "sts" && UNSIGNED_STS_ACTIONS.has(action);
      if (!auth && !unsigned) throw missingAuthentication(service);
      const url = new URL(req.url ?? "/", "http://fake");
      const caller =
        unsigned || !auth
          ? ANONYMOUS
          : await authenticate(world, service, auth, {
              method: req.method ?? "POST",
              path: decodeURIComponent(url.pathname),
              query: Object.fromEntries(url.searchParams),
              headers,
              body,
            });
      // Unsigned calls (AssumeRoleWithWebIdentity) count against the account of the role they assume.
      const account = unsigned ? (query?.get("RoleArn")?.split(":")[4] ?? "") : caller.accountId;
      if (throttle && !throttle.take(service, action, account, auth?.region ?? "us-east-1")) throw throttlingFault(service);
      if (faults.shouldThrottle()) throw throttlingFault(service);
      const write = isAwsWrite(action) && !unsigned;
      const trap = options.writeTrap;
      if (write && trap && (await trap.admit(writeName(service, action, query), "before")) === "drop") return { status: 0, contentType: "", body: "", drop: true };
      const injected = dice.request(write);
      if (injected === "reset") return { status: 0, contentType: "", body: "", drop: true };
      if (injected === "slow") await delay(dice.slowMs);
      if (injected === "error") throw serverFault(service, dice.pick([0, 1]) ?? 0);
      if (injected === "throttle") throw throttlingFault(service);
      // Faults of a member account's session: it expires early, or its role loses a permission.
      if (caller.arn.includes(":assumed-role/") && service !== "sts") {
        if (expired.has(caller.accessKeyId) || dice.roll("expire", mix.expire)) {
          expired.add(caller.accessKeyId);
          throw expiredTokenFault(service);
        }
        const permission = `${caller.accountId} ${service}:${action}`;
        if (!write && (revoked.has(permission) || dice.roll("revoke", mix.revoke))) {
          revoked.add(permission);
          throw revokedFault(service, caller.arn, action);
        }
      }
      const lost = injected === "lost";
      const client = { ip: req.socket.remoteAddress ?? "127.0.0.1", userAgent: headers["user-agent"] ?? "" };
      const ctx: RequestContext = { world, state, caller, service, region: auth?.region ?? "us-east-1", action, requestId, now, client };

      if (isQueryService(service)) {
        const handler = QUERY_HANDLERS[service][action];
        if (!handler || req.method !== "POST") {
          throw new AwsFault("InvalidAction", `Could not find operation ${action} for version ${QUERY_VERSIONS[service]}`);
        }
        const result = handler(ctx, query ?? new QueryParams(text));
        if (await answerLost(write, lost, writeName(service, action, query))) return { status: 0, contentType: "", body: "", drop: true };
        return { status: 200, contentType: "text/xml", body: queryResponse(QUERY_NAMESPACES[service], action, result, requestId), headers: { "x-amzn-RequestId": requestId } };
      }
      const handler = JSON_HANDLERS[service][action];
      if (!handler) throw new AwsFault("UnknownOperationException", "");
      const output = handler(ctx, parseJsonInput(text));
      if (await answerLost(write, lost, writeName(service, action, query))) return { status: 0, contentType: "", body: "", drop: true };
      return { status: 200, contentType: JSON_CONTENT_TYPE, body: JSON.stringify(output), headers: { "x-amzn-RequestId": requestId } };
    } catch (error) {
      const fault = error instanceof AwsFault ? error : new AwsFault("InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", 500, { type: "Receiver" });
      return renderFault(service, fault, requestId);
    }
  }

  const server = createServer((req, res) => {
    const admin = (req.url ?? "").startsWith(ADMIN_PREFIX);
    readBody(req, admin ? MAX_ADMIN_BODY_BYTES : MAX_BODY_BYTES)
      .then(async (body) => {
        const reply: Answer =
          body === undefined ? { status: 413, contentType: "text/plain", body: "Request entity too large" } : admin ? await answerAdmin(options.admin ?? {}, req, body) : await answer(req, body);
        await delay(options.latencyMs ?? 0);
        if (reply.drop) req.socket.destroy();
        else send(res, reply);
      })
      .catch(() => send(res, { status: 500, contentType: "text/plain", body: "internal error" }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    now,
    throttled: throttle?.refused ?? new Map(),
    faults: dice.counts,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** A write as the write trap logs it: "aws iam:UpdateAccessKey AKIA… Inactive". */
function writeName(service: string, action: string, query: QueryParams | undefined): string {
  const detail = [query?.get("AccessKeyId"), query?.get("Status")].filter(Boolean).join(" ");
  return `aws ${service}:${action}${detail ? ` ${detail}` : ""}`;
}

/** Without a signature the service is a guess, used only to shape the authentication error. */
function guessService(target: string | undefined, query: QueryParams | undefined): string {
  if (target !== undefined) {
    const prefix = target.split(".")[0];
    return Object.entries(JSON_TARGETS).find(([, t]) => t === prefix)?.[0] ?? "cloudtrail";
  }
  const action = query?.get("Action") ?? "";
  return action in STS_HANDLERS ? "sts" : "iam";
}

function renderFault(service: ServiceName, fault: AwsFault, requestId: string): Answer {
  if (isJsonService(service)) {
    return {
      status: fault.status,
      contentType: JSON_CONTENT_TYPE,
      body: jsonErrorBody(service, fault),
      headers: { "x-amzn-RequestId": requestId, "x-amzn-ErrorType": `${fault.code}:http://internal.amazon.com/coral/com.amazon.coral.service/` },
    };
  }
  const namespace = isQueryService(service) ? QUERY_NAMESPACES[service] : QUERY_NAMESPACES.iam;
  return { status: fault.status, contentType: "text/xml", body: queryError(namespace, fault, requestId), headers: { "x-amzn-RequestId": requestId } };
}

function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) out[name] = Array.isArray(value) ? value.join(",") : value;
  return out;
}

/** `POST /_sandbox/<name>`: a sandbox admin operation (see AwsFakeOptions.admin). */
async function answerAdmin(handlers: Record<string, AdminHandler>, req: IncomingMessage, body: Buffer): Promise<Answer> {
  const json = (status: number, value: unknown): Answer => ({ status, contentType: "application/json", body: JSON.stringify(value) });
  const name = new URL(req.url ?? "/", "http://fake").pathname.slice(ADMIN_PREFIX.length);
  const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
  if (!handler) return json(404, { error: "NotFound", message: `No sandbox admin operation named "${name}".` });
  if (req.method !== "POST") return json(405, { error: "MethodNotAllowed", message: "Use POST." });
  if (req.headers["x-keyless-sandbox"] !== "1") return json(403, { error: "Forbidden", message: "Sandbox admin calls need the header x-keyless-sandbox: 1." });
  let input: unknown;
  try {
    input = body.length === 0 ? {} : JSON.parse(body.toString("utf8"));
  } catch {
    return json(400, { error: "BadRequest", message: "The body is not JSON." });
  }
  try {
    return json(200, (await handler(input)) ?? {});
  } catch (error) {
    return json(400, { error: "BadRequest", message: (error as Error).message });
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, reply: Answer): void {
  const body = Buffer.from(reply.body, "utf8");
  res.writeHead(reply.status, { "content-type": reply.contentType, "content-length": String(body.length), ...reply.headers });
  res.end(body);
}
