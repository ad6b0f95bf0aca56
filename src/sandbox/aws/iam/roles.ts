// IAM roles: reads for existing GitHub-trusting roles, and the writes a migration needs (CreateRole,
// PutRolePolicy, AttachRolePolicy), with IAM's validation and conflict errors.

import type { IamRole } from "../../world.js";
import { AwsFault, iamOf } from "../context.js";
import type { QueryParams } from "../query-protocol.js";
import { findRole, iamPage, inlineNamesPage, inlinePolicyBody, noSuchEntity, pathPrefixFilter, roleShape, validName, type IamHandler } from "./common.js";
import { findManagedPolicy } from "./policies.js";

/** A policy document IAM would accept: JSON with a Statement. */
export function checkPolicyDocument(document: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw new AwsFault("MalformedPolicyDocument", "This policy contains invalid Json");
  }
  if (typeof parsed !== "object" || parsed === null || !("Statement" in parsed)) {
    throw new AwsFault("MalformedPolicyDocument", "Syntax errors in policy.");
  }
  return document;
}

function path(params: QueryParams): string {
  const value = params.get("Path") ?? "/";
  if (!/^\/([\x21-\x7e]*\/)?$/.test(value)) {
    throw new AwsFault("ValidationError", `The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.`);
  }
  return value;
}

export const ROLE_HANDLERS: Record<string, IamHandler> = {
  ListRoles(ctx, params) {
    const page = iamPage(ctx, params, pathPrefixFilter(iamOf(ctx).roles, params), (r) => r.roleName, `ListRoles:${params.get("PathPrefix") ?? "/"}`);
    return { Roles: page.items.map(roleShape), ...page.fields };
  },
  GetRole(ctx, params) {
    const role = findRole(ctx, params.required("RoleName"));
    return { Role: { ...roleShape(role), RoleLastUsed: {} } };
  },
  CreateRole(ctx, params) {
    const name = validName(params.required("RoleName"), "roleName");
    const iam = iamOf(ctx);
    if (iam.roles.some((r) => r.roleName.toLowerCase() === name.toLowerCase())) {
      throw new AwsFault("EntityAlreadyExists", `Role with name ${name} already exists.`, 409);
    }
    const rolePath = path(params);
    const role: IamRole = {
      roleName: name,
      roleId: ctx.state.ids.awsId("AROA", 17),
      arn: `arn:aws:iam::${ctx.caller.accountId}:role${rolePath}${name}`,
      path: rolePath,
      createDate: ctx.now().toISOString(),
      description: params.get("Description"),
      maxSessionDuration: params.int("MaxSessionDuration", 3600, 43200) ?? 3600,
      assumeRolePolicyDocument: checkPolicyDocument(params.required("AssumeRolePolicyDocument")),
      attachedPolicies: [],
      inlinePolicies: [],
    };
    iam.roles.push(role);
    return { Role: roleShape(role) };
  },
  PutRolePolicy(ctx, params) {
    const role = findRole(ctx, params.required("RoleName"));
    const name = validName(params.required("PolicyName"), "policyName", 128);
    const document = checkPolicyDocument(params.required("PolicyDocument"));
    role.inlinePolicies = [...role.inlinePolicies.filter((p) => p.name !== name), { name, document }];
    return undefined;
  },
  AttachRolePolicy(ctx, params) {
    const role = findRole(ctx, params.required("RoleName"));
    const arn = params.required("PolicyArn");
    const policy = findManagedPolicy(ctx, arn);
    if (!policy) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
    if (!role.attachedPolicies.some((p) => p.arn === arn)) role.attachedPolicies.push({ arn, name: policy.name });
    return undefined;
  },
  GetRolePolicy(ctx, params) {
    const role = findRole(ctx, params.required("RoleName"));
    return inlinePolicyBody("role", role.roleName, role.inlinePolicies, params.required("PolicyName"));
  },
  ListRolePolicies(ctx, params) {
    const role = findRole(ctx, params.required("RoleName"));
    return inlineNamesPage(ctx, params, role.inlinePolicies, `ListRolePolicies:${role.roleName}`);
  },
  ListAttachedRolePolicies(ctx, params) {
    const role = findRole(ctx, params.required("RoleName"));
    const page = iamPage(ctx, params, role.attachedPolicies, (p) => p.name, `ListAttachedRolePolicies:${role.roleName}`);
    return { AttachedPolicies: page.items.map((p) => ({ PolicyName: p.name, PolicyArn: p.arn })), ...page.fields };
  },
};

