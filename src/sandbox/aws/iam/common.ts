// Helpers shared by the IAM operations: Marker/MaxItems pages, entity lookups with IAM's own
// NoSuchEntity wording, and the response shapes of users, groups and roles.

import type { IamGroup, IamRole, IamUser, InlinePolicy } from "../../world.js";
import { AwsFault, iamOf, principalOf, type RequestContext } from "../context.js";
import { encodePolicy, isoSeconds } from "../format.js";
import { byKey, pageLimit, paginate } from "../pagination.js";
import type { QueryParams, XmlValue } from "../query-protocol.js";

export type IamHandler = (ctx: RequestContext, params: QueryParams) => Record<string, XmlValue> | undefined;

export function noSuchEntity(message: string): AwsFault {
  return new AwsFault("NoSuchEntity", message, 404);
}

/** One page of an IAM listing: the items plus IsTruncated and Marker, as IAM answers. */
export function iamPage<T>(
  ctx: RequestContext,
  params: QueryParams,
  items: readonly T[],
  keyOf: (item: T) => string,
  scope: string,
): { items: T[]; fields: Record<string, XmlValue> } {
  const max = params.int("MaxItems", 1, 1000);
  const page = paginate(byKey(items, keyOf), keyOf, {
    token: params.get("Marker"),
    limit: pageLimit(max, ctx.state.pageSize),
    scope: `${ctx.caller.accountId}:${scope}`,
    invalid: () => new AwsFault("ValidationError", "Invalid Marker."),
  });
  return { items: page.items, fields: page.next === undefined ? { IsTruncated: false } : { IsTruncated: true, Marker: page.next } };
}

/** List{User,Group,Role}Policies: the names of a holder's inline policies, a page at a time. */
export function inlineNamesPage(ctx: RequestContext, params: QueryParams, inline: InlinePolicy[], scope: string): Record<string, XmlValue> {
  const page = iamPage(ctx, params, inline.map((p) => p.name), (n) => n, scope);
  return { PolicyNames: page.items, ...page.fields };
}

const HOLDER_NAME = { user: "UserName", group: "GroupName", role: "RoleName" } as const;

/** Get{User,Group,Role}Policy: one inline policy of a user, group or role, or IAM's NoSuchEntity. */
export function inlinePolicyBody(kind: keyof typeof HOLDER_NAME, holderName: string, inline: InlinePolicy[], policyName: string): Record<string, XmlValue> {
  const policy = inline.find((p) => p.name === policyName);
  if (!policy) throw noSuchEntity(`The ${kind} policy with name ${policyName} cannot be found.`);
  return { [HOLDER_NAME[kind]]: holderName, PolicyName: policy.name, PolicyDocument: encodePolicy(policy.document) };
}

export function findUser(ctx: RequestContext, userName: string): IamUser {
  const user = iamOf(ctx).users.find((u) => u.userName === userName);
  if (!user) throw noSuchEntity(`The user with name ${userName} cannot be found.`);
  return user;
}

export function findGroup(ctx: RequestContext, groupName: string): IamGroup {
  const group = iamOf(ctx).groups.find((g) => g.groupName === groupName);
  if (!group) throw noSuchEntity(`The group with name ${groupName} cannot be found.`);
  return group;
}

export function findRole(ctx: RequestContext, roleName: string): IamRole {
  const role = iamOf(ctx).roles.find((r) => r.roleName === roleName);
  if (!role) throw noSuchEntity(`The role with name ${roleName} cannot be found.`);
  return role;
}

/**
 * The user an operation targets when UserName is optional: IAM uses the signing user; the root user
 * targets its own keys; role sessions must name a user.
 */
export function targetUserName(ctx: RequestContext, params: QueryParams): string {
  const given = params.get("UserName");
  if (given !== undefined && given !== "") return given;
  const principal = principalOf(ctx.caller);
  if (principal.kind === "user" && principal.name) return principal.name;
  if (principal.kind === "root") return "<root_account>";
  throw new AwsFault("ValidationError", "Must specify userName when calling with non-User credentials");
}

export function pathPrefixFilter<T extends { path: string }>(items: readonly T[], params: QueryParams): T[] {
  const prefix = params.get("PathPrefix") ?? "/";
  return items.filter((i) => i.path.startsWith(prefix));
}

export function userShape(u: IamUser): Record<string, XmlValue> {
  return {
    Path: u.path,
    UserName: u.userName,
    UserId: u.userId,
    Arn: u.arn,
    CreateDate: isoSeconds(u.createDate),
    PasswordLastUsed: u.passwordLastUsed === undefined ? undefined : isoSeconds(u.passwordLastUsed),
  };
}

export function groupShape(g: IamGroup): Record<string, XmlValue> {
  return { Path: g.path, GroupName: g.groupName, GroupId: g.groupId, Arn: g.arn, CreateDate: isoSeconds(g.createDate) };
}

export function roleShape(r: IamRole): Record<string, XmlValue> {
  return {
    Path: r.path,
    RoleName: r.roleName,
    RoleId: r.roleId,
    Arn: r.arn,
    CreateDate: isoSeconds(r.createDate),
    AssumeRolePolicyDocument: encodePolicy(r.assumeRolePolicyDocument),
    Description: r.description,
    MaxSessionDuration: r.maxSessionDuration,
  };
}

/** IAM names: `[\w+=,.@-]+`, 1..64 (128 for policies). */
export function validName(value: string, member: string, max = 64): string {
  if (!/^[\w+=,.@-]+$/.test(value) || value.length > max) {
    throw new AwsFault("ValidationError", `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`);
  }
  return value;
}
