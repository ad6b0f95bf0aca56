// The policy calls keyless uses to compute a user's effective permissions: attached and inline policies
// of users and their groups, and managed policy documents (customer ones and the AWS managed table).

import type { ManagedPolicy, PolicyRef } from "../../world.js";
import { iamOf, type RequestContext } from "../context.js";
import { encodePolicy, isoSeconds } from "../format.js";
import { findAwsManagedPolicy } from "../managed-policies.js";
import { stableAwsId } from "../ids.js";
import type { QueryParams, XmlValue } from "../query-protocol.js";
import { findGroup, findUser, groupShape, iamPage, inlineNamesPage, inlinePolicyBody, noSuchEntity, type IamHandler } from "./common.js";

function attachedPage(ctx: RequestContext, params: QueryParams, refs: PolicyRef[], scope: string): Record<string, XmlValue> {
  const prefix = params.get("PathPrefix") ?? "/";
  const filtered = refs.filter((r) => policyPath(r.arn).startsWith(prefix));
  const page = iamPage(ctx, params, filtered, (r) => r.name, scope);
  return { AttachedPolicies: page.items.map((r) => ({ PolicyName: r.name, PolicyArn: r.arn })), ...page.fields };
}

function policyPath(arn: string): string {
  const m = /:policy(\/.*\/|\/)[^/]+$/.exec(arn);
  return m?.[1] ?? "/";
}

/** A managed policy visible from the caller's account: its own customer policies or an AWS one. */
export function findManagedPolicy(ctx: RequestContext, arn: string): (ManagedPolicy & { policyId: string; updateDate: string }) | undefined {
  const aws = findAwsManagedPolicy(arn);
  if (aws) return aws;
  const own = iamOf(ctx).policies.find((p) => p.arn === arn);
  return own && { ...own, policyId: stableAwsId("ANPA", 17, own.arn), updateDate: own.createDate };
}

/** How many users, groups and roles of the account attach the policy. */
export function attachmentCount(ctx: RequestContext, arn: string): number {
  const iam = iamOf(ctx);
  const holders = [...iam.users, ...iam.groups, ...iam.roles];
  return holders.filter((h) => h.attachedPolicies.some((p) => p.arn === arn)).length;
}

export const POLICY_HANDLERS: Record<string, IamHandler> = {
  ListAttachedUserPolicies(ctx, params) {
    const user = findUser(ctx, params.required("UserName"));
    return attachedPage(ctx, params, user.attachedPolicies, `ListAttachedUserPolicies:${user.userName}:${params.get("PathPrefix") ?? "/"}`);
  },
  ListUserPolicies(ctx, params) {
    const user = findUser(ctx, params.required("UserName"));
    return inlineNamesPage(ctx, params, user.inlinePolicies, `ListUserPolicies:${user.userName}`);
  },
  GetUserPolicy(ctx, params) {
    const user = findUser(ctx, params.required("UserName"));
    return inlinePolicyBody("user", user.userName, user.inlinePolicies, params.required("PolicyName"));
  },
  ListGroupsForUser(ctx, params) {
    const user = findUser(ctx, params.required("UserName"));
    const groups = iamOf(ctx).groups.filter((g) => user.groups.includes(g.groupName));
    const page = iamPage(ctx, params, groups, (g) => g.groupName, `ListGroupsForUser:${user.userName}`);
    return { Groups: page.items.map(groupShape), ...page.fields };
  },
  ListAttachedGroupPolicies(ctx, params) {
    const group = findGroup(ctx, params.required("GroupName"));
    return attachedPage(ctx, params, group.attachedPolicies, `ListAttachedGroupPolicies:${group.groupName}:${params.get("PathPrefix") ?? "/"}`);
  },
  ListGroupPolicies(ctx, params) {
    const group = findGroup(ctx, params.required("GroupName"));
    return inlineNamesPage(ctx, params, group.inlinePolicies, `ListGroupPolicies:${group.groupName}`);
  },
  GetGroupPolicy(ctx, params) {
    const group = findGroup(ctx, params.required("GroupName"));
    return inlinePolicyBody("group", group.groupName, group.inlinePolicies, params.required("PolicyName"));
  },
  GetPolicy(ctx, params) {
    const arn = params.required("PolicyArn");
    const policy = findManagedPolicy(ctx, arn);
    if (!policy) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
    return {
      Policy: {
        PolicyName: policy.name,
        PolicyId: policy.policyId,
        Arn: policy.arn,
        Path: policy.path,
        DefaultVersionId: policy.defaultVersionId,
        AttachmentCount: attachmentCount(ctx, arn),
        PermissionsBoundaryUsageCount: 0,
        IsAttachable: true,
        CreateDate: isoSeconds(policy.createDate),
        UpdateDate: isoSeconds(policy.updateDate),
      },
    };
  },
  GetPolicyVersion(ctx, params) {
    const arn = params.required("PolicyArn");
    const versionId = params.required("VersionId");
    const policy = findManagedPolicy(ctx, arn);
    // Only the default version's document is kept: older versions are "not found", as after pruning.
    if (!policy || policy.defaultVersionId !== versionId) throw noSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);
    return {
      PolicyVersion: {
        Document: encodePolicy(policy.document),
        VersionId: policy.defaultVersionId,
        IsDefaultVersion: true,
        CreateDate: isoSeconds(policy.updateDate),
      },
    };
  },
};
