// Builds the AWS SDK v3 clients discover uses, all sharing one configuration (standard
// credential chain, profile, region, AWS_ENDPOINT_URL) and one request counter.
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { IAMClient } from "@aws-sdk/client-iam";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, MiddlewareStack, RetryStrategyV2 } from "@aws-sdk/types";
import type { RequestCounter } from "../request-counter.js";
import { isRenewable, type RenewableCredentials } from "./assumed-role.js";
import type { RateGates } from "./rate-gate.js";

export interface AwsConnection {
  /**
   * Region for every client. IAM and Organizations are global: the SDK maps any region of a
   * partition to its global endpoint and signing region (us-east-1, cn-north-1, us-gov-west-1).
   */
  region: string;
  /** Named profile from ~/.aws/config (else the default chain). */
  profile?: string;
  /** Explicit endpoint; without it the SDK honours AWS_ENDPOINT_URL(_<SERVICE>) itself. */
  endpoint?: string;
  /** Explicit credentials or provider; without them the SDK's default chain is used. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** SDK attempts per request (standard retry mode: throttling and transient errors are retried). */
  maxAttempts: number;
  /** A retry strategy per client instead of standard mode with maxAttempts (tests shorten its backoff). */
  retryStrategy?: () => RetryStrategyV2;
}

type AnyStack = MiddlewareStack<any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- generic over each client's I/O

function countRequests(client: { middlewareStack: AnyStack }, service: string, counter: RequestCounter): void {
  // At the "deserialize" step the middleware runs once per HTTP attempt, inside the retry loop.
  client.middlewareStack.add(
    (next: any, context: { commandName?: string }) => async (args: any) => {
      counter.add("aws", `${service}:${String(context.commandName ?? "unknown").replace(/Command$/, "")}`);
      return next(args);
    },
    { step: "deserialize", name: "keylessRequestCounter", priority: "low" },
  );
}

/** Waits at the gate before every attempt, retries included, and before signing (a long wait never stales a signature). */
function paceRequests(client: { middlewareStack: AnyStack }, gate: () => Promise<void>): void {
  client.middlewareStack.addRelativeTo(
    (next: any) => async (args: any) => {
      await gate();
      return next(args);
    },
    { relation: "before", toMiddleware: "httpSigningMiddleware", name: "keylessRequestPace" },
  );
}

const EXPIRED = new Set(["ExpiredToken", "ExpiredTokenException", "RequestExpired"]);
/**
 * Renewals of an expired session per request, before the error is the caller's. Requests in flight
 * share a session: when a renewed session is refused in turn, every request in flight spends a
 * renewal on it, so two were too few under concurrency (a seeded fault scan lost an account).
 */
const MAX_RENEWALS = 6;

/**
 * An assumed-role session AWS calls expired (before its Expiration: revoked, or clocks apart) is
 * assumed again and the request sent again, instead of losing the rest of the account.
 */
function renewExpiredSessions(client: { middlewareStack: AnyStack }, credentials: RenewableCredentials): void {
  client.middlewareStack.add(
    (next: any) => async (args: any) => {
      for (let renewals = 0; ; renewals++) {
        const generation = credentials.generation();
        try {
          return await next(args);
        } catch (error) {
          if (renewals >= MAX_RENEWALS || !EXPIRED.has((error as { name?: string }).name ?? "")) throw error;
          credentials.invalidate(generation);
        }
      }
    },
    { step: "initialize", name: "keylessRenewExpiredSession", priority: "high" },
  );
}

function baseConfig(connection: AwsConnection, credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider, region?: string) {
  const chosen = credentials ?? connection.credentials;
  return {
    region: region ?? connection.region,
    maxAttempts: connection.maxAttempts,
    ...(connection.retryStrategy ? { retryStrategy: connection.retryStrategy() } : {}),
    ...(connection.profile && !chosen ? { profile: connection.profile } : {}),
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
    ...(chosen ? { credentials: chosen } : {}),
  };
}

/** Clients acting with given credentials (or the connection's own) in one account. */
export interface AccountClients {
  iam: IAMClient;
  cloudTrail(region: string): CloudTrailClient;
}

export function accountClients(
  connection: AwsConnection,
  counter: RequestCounter,
  options: { accountId: string; credentials?: AwsCredentialIdentityProvider; lookupGates: RateGates },
): AccountClients {
  const iam = new IAMClient(baseConfig(connection, options.credentials));
  countRequests(iam, "iam", counter);
  const renewable = isRenewable(options.credentials) ? options.credentials : undefined;
  if (renewable) renewExpiredSessions(iam, renewable);
  const trails = new Map<string, CloudTrailClient>();
  return {
    iam,
    cloudTrail(region: string) {
      let client = trails.get(region);
      if (!client) {
        client = new CloudTrailClient(baseConfig(connection, options.credentials, region));
        countRequests(client, "cloudtrail", counter);
        if (renewable) renewExpiredSessions(client, renewable);
        // LookupEvents: 2 requests per second per account per region, whoever sends them.
        paceRequests(client, options.lookupGates.get(`${options.accountId}/${region}`));
        trails.set(region, client);
      }
      return client;
    },
  };
}

export function managementClients(connection: AwsConnection, counter: RequestCounter) {
  const sts = new STSClient(baseConfig(connection));
  countRequests(sts, "sts", counter);
  const organizations = new OrganizationsClient(baseConfig(connection));
  countRequests(organizations, "organizations", counter);
  return { sts, organizations };
}

/** The partition's region that receives CloudTrail events of global services (IAM, STS global, …). */
export function globalEventsRegion(partition: string, fallback: string): string {
  return { aws: "us-east-1", "aws-cn": "cn-north-1", "aws-us-gov": "us-gov-west-1" }[partition] ?? fallback;
}
