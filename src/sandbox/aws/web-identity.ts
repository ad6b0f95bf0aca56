// sts:AssumeRoleWithWebIdentity: the token checked against the role account's OIDC provider, then the
// role's trust policy evaluated with the token's claims as condition keys (`<issuer host>:sub`,
// `:aud`), a session issued and the CloudTrail event recorded, refused calls included.

import type { Caller } from "../world.js";
import { AwsFault, type CallOrigin, type StsEnv } from "./context.js";
import { checkSessionName, issueSession, parseRoleArn } from "./assume-role.js";
import { peekClaims, verifyWebIdentityToken } from "./oidc-token.js";
import { evaluate } from "./policy-eval.js";
import { recordStsEvent } from "./sts-events.js";

export interface WebIdentityInput {
  roleArn: string;
  sessionName: string;
  token: string;
  durationSeconds?: number;
}

export interface WebIdentitySession {
  caller: Caller;
  subject: string;
  provider: string;
  audience: string;
}

const NOT_AUTHORIZED = "Not authorized to perform sts:AssumeRoleWithWebIdentity";

export function assumeRoleWithWebIdentityCore(env: StsEnv, input: WebIdentityInput, origin: CallOrigin): WebIdentitySession {
  checkSessionName(input.sessionName);
  const duration = input.durationSeconds ?? 3600;
  if (duration < 900 || duration > 43200) throw new AwsFault("ValidationError", `1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`);
  const { accountId, roleName } = parseRoleArn(input.roleArn);
  const now = env.now();
  const peek = peekClaims(input.token);
  const sub = typeof peek?.["sub"] === "string" ? peek["sub"] : "";
  const iss = typeof peek?.["iss"] === "string" ? peek["iss"] : "";
  const host = iss.replace(/^https:\/\//, "").replace(/\/$/, "");
  const providerArn = `arn:aws:iam::${accountId}:oidc-provider/${host}`;
  const record = (session?: WebIdentitySession, error?: AwsFault) =>
    recordStsEvent(env, origin, {
      eventName: "AssumeRoleWithWebIdentity",
      accountId,
      roleArn: input.roleArn,
      accessKeyId: "",
      userName: sub,
      userIdentity: { type: "WebIdentityUser", principalId: `${providerArn}:${session?.audience ?? firstAudience(peek)}:${sub}`, userName: sub, identityProvider: providerArn },
      requestParameters: { roleArn: input.roleArn, roleSessionName: input.sessionName, durationSeconds: duration },
      ...(session ? { issued: { caller: session.caller, durationSeconds: duration, extra: { subjectFromWebIdentityToken: sub, provider: providerArn, audience: session.audience } } } : {}),
      ...(error ? { error: { code: error.code, message: error.message } } : {}),
    });

  let verified;
  try {
    verified = verifyWebIdentityToken(env.world, accountId, input.token, now);
  } catch (error) {
    if (error instanceof AwsFault) record(undefined, error);
    throw error;
  }
  const role = env.world.aws.iam[accountId]?.roles.find((r) => r.roleName === roleName);
  const context: Record<string, string | string[] | undefined> = {
    [`${host}:sub`]: verified.claims.sub,
    [`${host}:aud`]: verified.audience,
    "aws:FederatedProvider": verified.provider.arn,
    "sts:RoleSessionName": input.sessionName,
    "aws:CurrentTime": now.toISOString(),
  };
  const allowed = role !== undefined && evaluate([role.assumeRolePolicyDocument], { action: "sts:AssumeRoleWithWebIdentity", principal: { Federated: [verified.provider.arn] }, context }) === "Allow";
  if (!role || !allowed) {
    const denied = new AwsFault("AccessDenied", NOT_AUTHORIZED, 403);
    record(undefined, denied);
    throw denied;
  }
  if (duration > role.maxSessionDuration) throw new AwsFault("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
  const issued = issueSession(env, accountId, role.roleName, role.roleId, input.sessionName, duration);
  const session: WebIdentitySession = { caller: issued.caller, subject: verified.claims.sub, provider: verified.provider.arn, audience: verified.audience };
  record(session);
  return session;
}

function firstAudience(claims: Record<string, unknown> | undefined): string {
  const aud = claims?.["aud"];
  return typeof aud === "string" ? aud : Array.isArray(aud) && typeof aud[0] === "string" ? aud[0] : "";
}
