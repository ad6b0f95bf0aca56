// STS: GetCallerIdentity, AssumeRole and AssumeRoleWithWebIdentity on the wire. AssumeRole issues ASIA
// session credentials that the fake then accepts as callers acting in the target account (the way
// discovery enters member accounts, and a workflow chains from its entry role into a deploy role);
// AssumeRoleWithWebIdentity is unsigned, as in AWS: the token is the credential.

import { assumeRoleCore } from "./assume-role.js";
import type { CallOrigin, RequestContext, StsEnv } from "./context.js";
import type { QueryParams, XmlValue } from "./query-protocol.js";
import { assumeRoleWithWebIdentityCore } from "./web-identity.js";

type Handler = (ctx: RequestContext, params: QueryParams) => Record<string, XmlValue> | undefined;

/** STS actions AWS answers without a signature. */
export const UNSIGNED_STS_ACTIONS: ReadonlySet<string> = new Set(["AssumeRoleWithWebIdentity"]);

function envOf(ctx: RequestContext): StsEnv {
  return { world: ctx.world, ids: ctx.state.ids, now: ctx.now };
}

function originOf(ctx: RequestContext): CallOrigin {
  return { sourceIp: ctx.client?.ip ?? "127.0.0.1", userAgent: ctx.client?.userAgent ?? "", region: ctx.region };
}

function credentials(caller: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: string }): Record<string, XmlValue> {
  return {
    AccessKeyId: caller.accessKeyId,
    SecretAccessKey: caller.secretAccessKey,
    SessionToken: caller.sessionToken,
    Expiration: caller.expiration ? new Date(caller.expiration) : undefined,
  };
}

function getCallerIdentity(ctx: RequestContext): Record<string, XmlValue> {
  return { UserId: ctx.caller.userId, Account: ctx.caller.accountId, Arn: ctx.caller.arn };
}

function assumeRole(ctx: RequestContext, params: QueryParams): Record<string, XmlValue> {
  const roleArn = params.required("RoleArn");
  const sessionName = params.required("RoleSessionName");
  const duration = params.int("DurationSeconds", 900, 43200);
  const tags = params.structList("Tags", ["Key", "Value"]).map((t) => ({ key: t["Key"] ?? "", value: t["Value"] ?? "" }));
  const transitive = params.list("TransitiveTagKeys");
  const externalId = params.get("ExternalId");
  const issued = assumeRoleCore(
    envOf(ctx),
    ctx.caller,
    { roleArn, sessionName, ...(duration !== undefined ? { durationSeconds: duration } : {}), ...(externalId !== undefined ? { externalId } : {}), ...(tags.length ? { tags } : {}), ...(transitive.length ? { transitiveTagKeys: transitive } : {}) },
    originOf(ctx),
  );
  return {
    Credentials: credentials(issued.caller),
    AssumedRoleUser: { AssumedRoleId: issued.caller.userId, Arn: issued.caller.arn },
  };
}

function assumeRoleWithWebIdentity(ctx: RequestContext, params: QueryParams): Record<string, XmlValue> {
  const duration = params.int("DurationSeconds", 900, 43200);
  const session = assumeRoleWithWebIdentityCore(
    envOf(ctx),
    { roleArn: params.required("RoleArn"), sessionName: params.required("RoleSessionName"), token: params.required("WebIdentityToken"), ...(duration !== undefined ? { durationSeconds: duration } : {}) },
    originOf(ctx),
  );
  return {
    Credentials: credentials(session.caller),
    SubjectFromWebIdentityToken: session.subject,
    AssumedRoleUser: { AssumedRoleId: session.caller.userId, Arn: session.caller.arn },
    Provider: session.provider,
    Audience: session.audience,
  };
}

export const STS_HANDLERS: Record<string, Handler> = {
  GetCallerIdentity: getCallerIdentity,
  AssumeRole: assumeRole,
  AssumeRoleWithWebIdentity: assumeRoleWithWebIdentity,
};
