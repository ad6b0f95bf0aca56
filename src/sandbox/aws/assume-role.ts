// sts:AssumeRole's decision and session, apart from the wire: the role's trust policy evaluated for
// real (principal, sts:ExternalId, sts:TagSession when tags are passed), the caller's own policies for
// a session of a declared role reaching another account, role chaining's one-hour cap, and the
// CloudTrail event of a chained hop (a role session calling AssumeRole).

import type { Caller, IamRole, World } from "../world.js";
import { AwsFault, principalOf, type CallOrigin, type StsEnv } from "./context.js";
import { stableAwsId } from "./ids.js";
import { findAwsManagedPolicy } from "./managed-policies.js";
import { evaluate, type EvalRequest } from "./policy-eval.js";
import { recordStsEvent } from "./sts-events.js";

export const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\x21-\x7e]*\/)?([\w+=,.@-]{1,64})$/;
/** Role chaining limits a session to one hour, whatever the role allows. */
export const CHAINED_MAX_SECONDS = 3600;

export interface AssumeRoleInput {
  roleArn: string;
  sessionName: string;
  durationSeconds?: number;
  externalId?: string;
  tags?: Array<{ key: string; value: string }>;
  transitiveTagKeys?: string[];
}

export interface IssuedSession {
  caller: Caller;
  roleId: string;
}

export function checkSessionName(name: string): void {
  if (!/^[\w+=,.@-]{2,64}$/.test(name)) {
    throw new AwsFault("ValidationError", `1 validation error detected: Value '${name}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
  }
}

export function parseRoleArn(roleArn: string): { accountId: string; roleName: string } {
  const match = ROLE_ARN.exec(roleArn);
  if (!match) throw new AwsFault("ValidationError", `${roleArn} is invalid`);
  return { accountId: match[1] as string, roleName: match[2] as string };
}

/** The role a session belongs to, as declared in IAM (for its ARN with path and its policies). */
export function sessionRole(world: World, caller: Caller): IamRole | undefined {
  const p = principalOf(caller);
  return p.kind === "assumed-role" ? world.aws.iam[caller.accountId]?.roles.find((r) => r.roleName === p.roleName) : undefined;
}

/** Issues a session for `caller` in the role, or throws the fault STS answers; records chained hops. */
export function assumeRoleCore(env: StsEnv, caller: Caller, input: AssumeRoleInput, origin: CallOrigin): IssuedSession {
  checkSessionName(input.sessionName);
  const duration = input.durationSeconds ?? 3600;
  if (duration < 900 || duration > 43200) throw new AwsFault("ValidationError", `1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`);
  const { accountId, roleName } = parseRoleArn(input.roleArn);
  const principal = principalOf(caller);
  if (principal.kind === "root") throw new AwsFault("AccessDenied", "Roles may not be assumed by root accounts.", 403);
  const chained = principal.kind === "assumed-role";
  const record = (issued?: IssuedSession, error?: AwsFault) => {
    if (!chained) return;
    const role = sessionRole(env.world, caller);
    recordStsEvent(env, origin, {
      eventName: "AssumeRole",
      accountId,
      roleArn: input.roleArn,
      accessKeyId: caller.accessKeyId,
      userName: principal.name ?? "",
      userIdentity: {
        type: "AssumedRole",
        principalId: caller.userId,
        arn: caller.arn,
        accountId: caller.accountId,
        accessKeyId: caller.accessKeyId,
        sessionContext: { sessionIssuer: { type: "Role", principalId: caller.userId.split(":")[0], arn: role?.arn ?? `arn:aws:iam::${caller.accountId}:role/${principal.roleName}`, accountId: caller.accountId, userName: principal.roleName } },
      },
      requestParameters: {
        roleArn: input.roleArn,
        roleSessionName: input.sessionName,
        durationSeconds: duration,
        ...(input.externalId !== undefined ? { externalId: input.externalId } : {}),
        ...(input.tags?.length ? { tags: input.tags } : {}),
        ...(input.transitiveTagKeys?.length ? { transitiveTagKeys: input.transitiveTagKeys } : {}),
      },
      ...(issued ? { issued: { caller: issued.caller, durationSeconds: duration } } : {}),
      ...(error ? { error: { code: error.code, message: error.message } } : {}),
      alsoIn: caller.accountId,
    });
  };

  const denied = new AwsFault("AccessDenied", `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.roleArn}`, 403);
  const role = resolveRole(env.world, accountId, roleName);
  if (!role || !role.trusts(caller, input)) {
    record(undefined, denied);
    throw denied;
  }
  if (chained && duration > CHAINED_MAX_SECONDS) {
    throw new AwsFault("ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
  }
  if (duration > role.maxSessionDuration) throw new AwsFault("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
  const issued = issueSession(env, accountId, roleName, role.roleId, input.sessionName, duration);
  record(issued);
  return issued;
}

/** Registers a new role session as a caller the fake accepts. Expiry follows the real clock (the SDK's). */
export function issueSession(env: StsEnv, accountId: string, roleName: string, roleId: string, sessionName: string, duration: number): IssuedSession {
  const caller: Caller = {
    accessKeyId: env.ids.awsId("ASIA", 16),
    secretAccessKey: env.ids.fakeSecret(),
    sessionToken: env.ids.fakeSessionToken(),
    accountId,
    arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
    userId: `${roleId}:${sessionName}`,
    expiration: new Date(Date.now() + duration * 1000).toISOString(),
  };
  env.world.aws.callers[caller.accessKeyId] = caller;
  return { caller, roleId };
}

interface AssumableRole {
  roleId: string;
  maxSessionDuration: number;
  trusts(caller: Caller, input: AssumeRoleInput): boolean;
}

/**
 * The audit role exists in every ACTIVE member account (Organizations creates it) and trusts the
 * management account, unless the scenario denies it. Other roles come from the world's IAM data.
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
      trusts: (caller, input) => caller.accountId === management || (declared !== undefined && assumeRoleAllowed(world, declared, caller, input)),
    };
  }
  if (!declared) return undefined;
  return { roleId: declared.roleId, maxSessionDuration: declared.maxSessionDuration, trusts: (caller, input) => assumeRoleAllowed(world, declared, caller, input) };
}

/**
 * IAM's decision: the trust policy allows sts:AssumeRole (and sts:TagSession when tags are passed)
 * for this caller; and when the caller is a session of a declared role in another account, that
 * role's own policies allow the same on the role. (Other callers stand for the sandbox's admins.)
 */
export function assumeRoleAllowed(world: World, role: IamRole, caller: Caller, input: Partial<AssumeRoleInput> = {}): boolean {
  const p = principalOf(caller);
  const own = sessionRole(world, caller);
  const ids = [caller.accountId, `arn:aws:iam::${caller.accountId}:root`, caller.arn];
  if (p.kind === "assumed-role") ids.push(own?.arn ?? `arn:aws:iam::${caller.accountId}:role/${p.roleName}`);
  const context: EvalRequest["context"] = {
    "aws:PrincipalArn": own?.arn ?? caller.arn,
    "aws:PrincipalAccount": caller.accountId,
    "aws:PrincipalType": p.kind === "assumed-role" ? "AssumedRole" : p.kind === "user" ? "User" : "Account",
    "aws:userid": caller.userId,
    "sts:RoleSessionName": input.sessionName,
    "sts:ExternalId": input.externalId,
    "sts:TransitiveTagKeys": input.transitiveTagKeys,
    "aws:TagKeys": input.tags?.map((t) => t.key),
  };
  for (const t of input.tags ?? []) context[`aws:RequestTag/${t.key}`] = t.value;
  const actions = input.tags?.length ? ["sts:AssumeRole", "sts:TagSession"] : ["sts:AssumeRole"];
  const trustOk = actions.every((action) => evaluate([role.assumeRolePolicyDocument], { action, principal: { AWS: ids }, context }) === "Allow");
  if (!trustOk) return false;
  const roleAccount = role.arn.split(":")[4];
  if (!own || roleAccount === caller.accountId) return true;
  const policies = identityPolicies(world, caller.accountId, own);
  return actions.every((action) => evaluate(policies, { action, resource: role.arn, context }) === "Allow");
}

function identityPolicies(world: World, accountId: string, role: IamRole): string[] {
  const iam = world.aws.iam[accountId];
  const managed = role.attachedPolicies.map((a) => iam?.policies.find((p) => p.arn === a.arn)?.document ?? findAwsManagedPolicy(a.arn)?.document ?? "");
  return [...role.inlinePolicies.map((p) => p.document), ...managed];
}
