// The CloudTrail events STS leaves for role assumptions: AssumeRoleWithWebIdentity (a WebIdentityUser
// caller) and chained AssumeRole (an AssumedRole caller), refused calls with their errorCode, and a
// copy in the caller's account when the hop crosses accounts. Credentials appear as key ids only.

import { randomUUID } from "node:crypto";
import type { Caller, CloudTrailEvent } from "../world.js";
import type { CallOrigin, StsEnv } from "./context.js";
import { isoSeconds } from "./format.js";

export interface StsEventInput {
  eventName: "AssumeRole" | "AssumeRoleWithWebIdentity";
  /** The account the role lives in (where the event is recorded). */
  accountId: string;
  roleArn: string;
  userIdentity: Record<string, unknown>;
  /** Caller key id (chained calls) or "" (web identity: there is no caller key). */
  accessKeyId: string;
  userName: string;
  requestParameters: Record<string, unknown>;
  /** The session issued; its expiration is recorded on the event's clock (the session's own follows the real one). */
  issued?: { caller: Caller; durationSeconds: number; extra?: Record<string, unknown> };
  error?: { code: string; message: string };
  /** Also record a copy in this account (the caller's, for a cross-account hop). */
  alsoIn?: string;
}

export function recordStsEvent(env: StsEnv, origin: CallOrigin, input: StsEventInput): CloudTrailEvent[] {
  const time = (origin.eventTime ?? env.now()).toISOString();
  const shared = input.alsoIn && input.alsoIn !== input.accountId ? randomUUID() : undefined;
  const responseElements = input.issued
    ? {
        credentials: { accessKeyId: input.issued.caller.accessKeyId, expiration: isoSeconds(new Date(Date.parse(time) + input.issued.durationSeconds * 1000)) },
        assumedRoleUser: { assumedRoleId: input.issued.caller.userId, arn: input.issued.caller.arn },
        ...input.issued.extra,
      }
    : undefined;
  const resources = [
    { type: "AWS::IAM::Role", name: input.roleArn },
    ...(input.issued ? [{ type: "AWS::IAM::AccessKey", name: input.issued.caller.accessKeyId }] : []),
  ];
  const base = (accountId: string): CloudTrailEvent => ({
    eventId: randomUUID(),
    eventTime: time,
    eventName: input.eventName,
    eventSource: "sts.amazonaws.com",
    accountId,
    awsRegion: origin.region,
    accessKeyId: input.accessKeyId,
    userName: input.userName,
    sourceIPAddress: origin.sourceIp,
    userAgent: origin.userAgent,
    readOnly: true,
    resources,
    userIdentity: input.userIdentity,
    requestParameters: input.requestParameters,
    ...(responseElements ? { responseElements } : {}),
    ...(input.eventName === "AssumeRoleWithWebIdentity" ? { additionalEventData: { identityProviderConnectionVerificationMethod: "IAMTrustStore" } } : {}),
    ...(input.error ? { errorCode: input.error.code, errorMessage: input.error.message } : {}),
    ...(shared ? { sharedEventId: shared } : {}),
  });
  const events = [base(input.accountId)];
  if (shared && input.alsoIn) events.push(base(input.alsoIn));
  env.world.aws.cloudtrail.push(...events);
  return events;
}
