// Builds the AWS SDK v3 clients discover uses, all sharing one configuration (standard
// credential chain, profile, region, AWS_ENDPOINT_URL) and one request counter.
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { IAMClient } from "@aws-sdk/client-iam";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity, MiddlewareStack } from "@aws-sdk/types";
import type { RequestCounter } from "../request-counter.js";

export interface AwsConnection {
  /** Region for regional calls (STS, CloudTrail default); IAM and Organizations are global. */
  region: string;
  /** Named profile from ~/.aws/config (else the default chain). */
  profile?: string;
  /** Explicit endpoint; without it the SDK honours AWS_ENDPOINT_URL itself. */
  endpoint?: string;
  /** Explicit credentials; without them the SDK's default chain is used. */
  credentials?: AwsCredentialIdentity;
  /** SDK attempts per request (retries on throttling use the SDK's own backoff). */
  maxAttempts: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the stack is generic over each client's I/O types
function countRequests(client: { middlewareStack: MiddlewareStack<any, any> }, service: string, counter: RequestCounter): void {
  // At the "deserialize" step the middleware runs once per HTTP attempt, inside the retry loop.
  client.middlewareStack.add(
    (next: any, context: { commandName?: string }) => async (args: any) => {
      counter.add("aws", `${service}:${String(context.commandName ?? "unknown").replace(/Command$/, "")}`);
      return next(args);
    },
    { step: "deserialize", name: "keylessRequestCounter", priority: "low" },
  );
}

function baseConfig(connection: AwsConnection, credentials?: AwsCredentialIdentity, region?: string) {
  return {
    region: region ?? connection.region,
    maxAttempts: connection.maxAttempts,
    ...(connection.profile && !credentials ? { profile: connection.profile } : {}),
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
    ...(credentials ?? connection.credentials ? { credentials: credentials ?? connection.credentials } : {}),
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
  credentials?: AwsCredentialIdentity,
): AccountClients {
  const iam = new IAMClient(baseConfig(connection, credentials, "us-east-1"));
  countRequests(iam, "iam", counter);
  const trails = new Map<string, CloudTrailClient>();
  return {
    iam,
    cloudTrail(region: string) {
      let client = trails.get(region);
      if (!client) {
        client = new CloudTrailClient(baseConfig(connection, credentials, region));
        countRequests(client, "cloudtrail", counter);
        trails.set(region, client);
      }
      return client;
    },
  };
}

export function managementClients(connection: AwsConnection, counter: RequestCounter) {
  const sts = new STSClient(baseConfig(connection));
  countRequests(sts, "sts", counter);
  const organizations = new OrganizationsClient(baseConfig(connection, undefined, "us-east-1"));
  countRequests(organizations, "organizations", counter);
  return { sts, organizations };
}
