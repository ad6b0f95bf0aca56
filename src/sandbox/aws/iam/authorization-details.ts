// GetAccountAuthorizationDetails: the account's users, groups, roles and managed policies with their
// policies, in one listing paged by Marker, as IAM answers it (documents URL-encoded; AWS managed
// policies only where something in the account attaches them).

import type { InlinePolicy, PolicyRef } from "../../world.js";
import { AwsFault, iamOf, type RequestContext } from "../context.js";
import { encodePolicy, isoSeconds } from "../format.js";
import { byKey, pageLimit, paginate } from "../pagination.js";
import type { XmlValue } from "../query-protocol.js";
import type { IamHandler } from "./common.js";
import { attachmentCount, findManagedPolicy } from "./policies.js";

const ENTITY_TYPES = ["User", "Role", "LocalManagedPolicy", "Group", "AWSManagedPolicy"] as const;
type EntityType = (typeof ENTITY_TYPES)[number];

/** One entity of the listing; the key orders users, then groups, roles and policies, each by name. */
interface Entry {
  key: string;
  list: "UserDetailList" | "GroupDetailList" | "RoleDetailList" | "Policies";
  detail: Record<string, XmlValue>;
}

const attached = (refs: PolicyRef[]) => refs.map((r) => ({ PolicyName: r.name, PolicyArn: r.arn }));
const inline = (policies: InlinePolicy[]) => policies.map((p) => ({ PolicyName: p.name, PolicyDocument: encodePolicy(p.document) }));

function filterOf(values: string[]): Set<EntityType> {
  const bad = values.filter((v) => !(ENTITY_TYPES as readonly string[]).includes(v));
  if (bad.length > 0) {
    throw new AwsFault(
      "ValidationError",
      `1 validation error detected: Value '[${values.join(", ")}]' at 'filter' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${ENTITY_TYPES.join(", ")}]]`,
    );
  }
  // No filter means every entity type.
  return new Set(values.length === 0 ? ENTITY_TYPES : (values as EntityType[]));
}

function entries(ctx: RequestContext, wanted: Set<EntityType>): Entry[] {
  const iam = iamOf(ctx);
  const out: Entry[] = [];
  if (wanted.has("User")) {
    for (const u of iam.users) {
      const tags = u.tags?.map((t) => ({ Key: t.key, Value: t.value }));
      out.push({
        key: `1/${u.userName}`,
        list: "UserDetailList",
        detail: {
          Path: u.path, UserName: u.userName, UserId: u.userId, Arn: u.arn, CreateDate: isoSeconds(u.createDate),
          UserPolicyList: inline(u.inlinePolicies), GroupList: [...u.groups], AttachedManagedPolicies: attached(u.attachedPolicies),
          Tags: tags && tags.length > 0 ? tags : undefined,
        },
      });
    }
  }
  if (wanted.has("Group")) {
    for (const g of iam.groups) {
      out.push({
        key: `2/${g.groupName}`,
        list: "GroupDetailList",
        detail: {
          Path: g.path, GroupName: g.groupName, GroupId: g.groupId, Arn: g.arn, CreateDate: isoSeconds(g.createDate),
          GroupPolicyList: inline(g.inlinePolicies), AttachedManagedPolicies: attached(g.attachedPolicies),
        },
      });
    }
  }
  if (wanted.has("Role")) {
    for (const r of iam.roles) {
      out.push({
        key: `3/${r.roleName}`,
        list: "RoleDetailList",
        detail: {
          Path: r.path, RoleName: r.roleName, RoleId: r.roleId, Arn: r.arn, CreateDate: isoSeconds(r.createDate),
          AssumeRolePolicyDocument: encodePolicy(r.assumeRolePolicyDocument), InstanceProfileList: [],
          RolePolicyList: inline(r.inlinePolicies), AttachedManagedPolicies: attached(r.attachedPolicies), RoleLastUsed: {},
        },
      });
    }
  }
  const arns = new Set<string>();
  if (wanted.has("LocalManagedPolicy")) for (const p of iam.policies) arns.add(p.arn);
  if (wanted.has("AWSManagedPolicy")) {
    // Not the ~1,300 AWS managed policies: only those attached to a user, group or role here.
    for (const holder of [...iam.users, ...iam.groups, ...iam.roles]) {
      for (const ref of holder.attachedPolicies) if (/^arn:[\w-]+:iam::aws:policy\//.test(ref.arn)) arns.add(ref.arn);
    }
  }
  for (const arn of arns) {
    const p = findManagedPolicy(ctx, arn);
    if (!p) continue; // an attachment to a policy the fake does not describe
    out.push({
      key: `4/${p.arn}`,
      list: "Policies",
      detail: {
        PolicyName: p.name, PolicyId: p.policyId, Arn: p.arn, Path: p.path,
        DefaultVersionId: p.defaultVersionId, AttachmentCount: attachmentCount(ctx, p.arn), PermissionsBoundaryUsageCount: 0,
        IsAttachable: true, CreateDate: isoSeconds(p.createDate), UpdateDate: isoSeconds(p.updateDate),
        // The fake keeps only each policy's default version (older ones read as pruned).
        PolicyVersionList: [{ Document: encodePolicy(p.document), VersionId: p.defaultVersionId, IsDefaultVersion: true, CreateDate: isoSeconds(p.updateDate) }],
      },
    });
  }
  return out;
}

export const AUTHORIZATION_DETAILS_HANDLERS: Record<string, IamHandler> = {
  GetAccountAuthorizationDetails(ctx, params) {
    const wanted = filterOf(params.list("Filter"));
    const scope = `${ctx.caller.accountId}:GetAccountAuthorizationDetails:${[...wanted].sort().join(",")}`;
    const page = paginate(byKey(entries(ctx, wanted), (e) => e.key), (e) => e.key, {
      token: params.get("Marker"),
      limit: pageLimit(params.int("MaxItems", 1, 1000), ctx.state.pageSize),
      scope,
      invalid: () => new AwsFault("ValidationError", "Invalid Marker."),
    });
    const lists: Record<Entry["list"], Array<Record<string, XmlValue>>> = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
    for (const e of page.items) lists[e.list].push(e.detail);
    return { ...lists, ...(page.next === undefined ? { IsTruncated: false } : { IsTruncated: true, Marker: page.next }) };
  },
};
