// STS: GetCallerIdentity and AssumeRole. AssumeRole issues ASIA session credentials that the fake then
// accepts as callers acting in the target account (the way discovery enters member accounts).

import type { Caller, IamRole, World } from "../world.js";
import { AwsFault, principalOf, type RequestContext } from "./context.js";
import { stableAwsId } from "./ids.js";
import type { QueryParams, XmlValue } from "./query-protocol.js";

type Handler = (ctx: RequestContext, params: QueryParams) => Record<string, XmlValue> | undefined;

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\x21-\x7e]*\/)?([\w+=,.@-]{1,64})$/;

function getCallerIdentity(ctx: RequestContext): Record<string, XmlValue> {
  return { UserId: ctx.caller.userId, Account: ctx.caller.accountId, Arn: ctx.caller.arn };
}

function assumeRole(ctx: RequestContext, params: QueryParams): Record<string, XmlValue> {
  const roleArn = params.required("RoleArn");
  const sessionName = params.required("RoleSessionName");
  if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
    throw new AwsFault(
      "ValidationError",
      `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
    );
  }
  const duration = params.int("DurationSeconds", 900, 43200) ?? 3600;
  const match = ROLE_ARN.exec(roleArn);
  if (!match) throw new AwsFault("ValidationError", `${roleArn} is invalid`);
  const [, accountId, roleName] = match as unknown as [string, string, string];

  if (principalOf(ctx.caller).kind === "root") throw new AwsFault("AccessDenied", "Roles may not be assumed by root accounts.", 403);
  const denied = () =>
    new AwsFault("AccessDenied", `User: ${ctx.caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
  const role = resolveRole(ctx.world, accountId, roleName);
  if (!role || !role.trusts(ctx.caller)) throw denied();

  if (principalOf(ctx.caller).kind === "assumed-role" && duration > 3600) {
    throw new AwsFault("ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
  }
  if (duration > role.maxSessionDuration) {
    throw new AwsFault("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
  }

  // Session expiry follows the real clock: the SDK signs and refreshes credentials by it.
  const expiration = new Date(Date.now() + duration * 1000);
  const caller: Caller = {
    accessKeyId: ctx.state.ids.awsId("ASIA", 16),
    secretAccessKey: ctx.state.ids.fakeSecret(),
    sessionToken: ctx.state.ids.fakeSessionToken(),
    accountId,
    arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
    userId: `${role.roleId}:${sessionName}`,
    expiration: expiration.toISOString(),
  };
  ctx.world.aws.callers[caller.accessKeyId] = caller;
  return {
    Credentials: {
      AccessKeyId: caller.accessKeyId,
      SecretAccessKey: caller.secretAccessKey,
      SessionToken: caller.sessionToken,
      Expiration: expiration,
    },
    AssumedRoleUser: { AssumedRoleId: caller.userId, Arn: caller.arn },
  };
}

interface AssumableRole {
  roleId: string;
  maxSessionDuration: number;
  trusts(caller: Caller): boolean;
}

/**
 * The audit role exists in every ACTIVE member account (Organizations creates it) and trusts the
 * management account, unless the scenario denies it. Other roles come from the world's IAM data and
 * are assumable when their trust policy names the caller.
 */
function resolveRole(world: World, accountId: string, roleName: string): AssumableRole | undefined {
  const declared = world.aws.iam[accountId]?.roles.find((r) => r.roleName === roleName);
  const account = world.aws.accounts.find((a) => a.id === accountId);
  const management = world.aws.organization.managementAccountId;
  if (roleName === world.aws.auditRoleName && account && accountId !== management) {
    if (account.status !== "ACTIVE" || account.denyAuditRole) return undefined;
    return {
      roleId: declared?.roleId ?? stableAwsId("AROA", 17, `${accountId}:${roleName}`),
      maxSessionDuration: declared?.maxSessionDuration ?? 3600,
      trusts: (caller) => caller.accountId === management || (declared !== undefined && trustPolicyAllows(declared, caller)),
    };
  }
  if (!declared) return undefined;
  return { roleId: declared.roleId, maxSessionDuration: declared.maxSessionDuration, trusts: (caller) => trustPolicyAllows(declared, caller) };
}

/** Enough of IAM's trust evaluation for the sandbox: an Allow of sts:AssumeRole naming the caller. */
export function trustPolicyAllows(role: IamRole, caller: Caller): boolean {
  let doc: unknown;
  try {
    doc = JSON.parse(role.assumeRolePolicyDocument);
  } catch {
    return false;
  }
  const statements = asArray((doc as { Statement?: unknown }).Statement);
  const principal = principalOf(caller);
  const names = new Set([caller.accountId, `arn:aws:iam::${caller.accountId}:root`, caller.arn]);
  if (principal.kind === "assumed-role" && principal.roleName) names.add(`arn:aws:iam::${caller.accountId}:role/${principal.roleName}`);
  return statements.some((s) => {
    const st = s as { Effect?: unknown; Action?: unknown; Principal?: unknown };
    if (st.Effect !== "Allow") return false;
    const actions = asArray(st.Action);
    if (!actions.some((a) => a === "sts:AssumeRole" || a === "sts:*" || a === "*")) return false;
    if (st.Principal === "*") return true;
    const aws = asArray((st.Principal as { AWS?: unknown } | undefined)?.AWS);
    return aws.some((p) => p === "*" || (typeof p === "string" && names.has(p)));
  });
}

function asArray(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

export const STS_HANDLERS: Record<string, Handler> = {
  GetCallerIdentity: getCallerIdentity,
  AssumeRole: assumeRole,
};
