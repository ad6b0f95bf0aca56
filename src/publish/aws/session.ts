// One AWS session for verify and retire: who the caller is, and clients in any account of the
// organization, entered through the audit role as discover enters them (same clients, same
// self-renewing AssumeRole credentials, same CloudTrail pacing).
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { assumedRole } from "../../discover/aws/assumed-role.js";
import { accountClients, globalEventsRegion, managementClients, type AccountClients, type AwsConnection } from "../../discover/aws/clients.js";
import { fatalAwsError } from "../../discover/aws/errors.js";
import { RateGates } from "../../discover/aws/rate-gate.js";
import { RequestCounter } from "../../discover/request-counter.js";

export interface AwsSession {
  callerAccountId: string;
  partition: string;
  /** Where CloudTrail records global-service events (us-east-1 in the aws partition). */
  globalRegion: string;
  region: string;
  counter: RequestCounter;
  /** Clients acting in `accountId`: the caller's own credentials there, the audit role elsewhere. */
  account(accountId: string): AccountClients;
}

export interface AwsSessionOptions {
  connection: AwsConnection;
  auditRoleName: string;
  /** LookupEvents per second per account and region (AWS allows 2). */
  cloudTrailRequestsPerSecond?: number;
  counter?: RequestCounter;
}

/** One hour: the longest session role chaining allows; the provider re-assumes before it ends. */
const SESSION_SECONDS = 3600;

export async function openAwsSession(options: AwsSessionOptions): Promise<AwsSession> {
  const counter = options.counter ?? new RequestCounter();
  const { sts } = managementClients(options.connection, counter);
  let callerAccountId: string;
  let partition: string;
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    callerAccountId = identity.Account ?? "";
    partition = identity.Arn?.split(":")[1] || "aws";
  } catch (error) {
    throw fatalAwsError(error) ?? error;
  }
  const gates = new RateGates(options.cloudTrailRequestsPerSecond ?? 2);
  const clients = new Map<string, AccountClients>();
  return {
    callerAccountId,
    partition,
    globalRegion: globalEventsRegion(partition, options.connection.region),
    region: options.connection.region,
    counter,
    account(accountId) {
      let c = clients.get(accountId);
      if (!c) {
        const credentials =
          accountId === callerAccountId
            ? undefined
            : assumedRole(sts, { roleArn: `arn:${partition}:iam::${accountId}:role/${options.auditRoleName}`, sessionName: "keyless-retire", durationSeconds: SESSION_SECONDS });
        c = accountClients(options.connection, counter, { accountId, credentials, lookupGates: gates });
        clients.set(accountId, c);
      }
      return c;
    },
  };
}
