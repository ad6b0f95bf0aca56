// Reads an account's users, groups, roles and customer managed policies with all their policies in
// one paged listing (GetAccountAuthorizationDetails), instead of several IAM calls per user.
//
// AWS managed policies are deliberately not asked for (no AWSManagedPolicy filter): IAM would list
// every one attached anywhere in the account, roles included (service and SSO roles attach dozens,
// some tens of KB each), in every account; the few attached to key-holding users are read once per
// scan with GetPolicy/GetPolicyVersion instead (see PolicyReader), since they are the same everywhere.
import { paginateGetAccountAuthorizationDetails, type EntityType, type GetAccountAuthorizationDetailsCommandOutput, type IAMClient, type PolicyDetail } from "@aws-sdk/client-iam";
import { decodePolicyDocument } from "./policies.js";

export interface AttachedRef {
  name: string;
  arn: string;
}

export interface InlineDocument {
  name: string;
  document?: string;
}

export interface UserDetails {
  userName: string;
  arn: string;
  createDate?: string;
  groups: string[];
  attached: AttachedRef[];
  inline: InlineDocument[];
}

export interface GroupDetails {
  attached: AttachedRef[];
  inline: InlineDocument[];
}

export interface RoleDetails {
  roleName: string;
  arn: string;
  trustPolicy?: string;
}

export interface AuthorizationDetails {
  users: Map<string, UserDetails>;
  groups: Map<string, GroupDetails>;
  roles: RoleDetails[];
  /** The default version's document of each managed policy listed, by ARN. */
  managedDocuments: Map<string, string>;
}

export const DETAIL_FILTER: EntityType[] = ["User", "Group", "Role", "LocalManagedPolicy"];

export async function readAuthorizationDetails(iam: IAMClient, filter: EntityType[] = DETAIL_FILTER): Promise<AuthorizationDetails> {
  const pages: GetAccountAuthorizationDetailsCommandOutput[] = [];
  // 1000 is the largest page IAM allows (its default is 100); IAM may still answer with fewer.
  for await (const page of paginateGetAccountAuthorizationDetails({ client: iam, pageSize: 1000 }, { Filter: filter })) pages.push(page);
  return collectAuthorizationDetails(pages);
}

const refs = (list: Array<{ PolicyName?: string; PolicyArn?: string }> | undefined): AttachedRef[] =>
  (list ?? []).flatMap((p) => (p.PolicyArn ? [{ name: p.PolicyName ?? p.PolicyArn, arn: p.PolicyArn }] : []));

const inlines = (list: PolicyDetail[] | undefined): InlineDocument[] =>
  (list ?? []).flatMap((p) => (p.PolicyName ? [{ name: p.PolicyName, document: decodePolicyDocument(p.PolicyDocument) }] : []));

/** Folds the pages into lookups; documents come URL-encoded and are decoded here. */
export function collectAuthorizationDetails(pages: ReadonlyArray<Partial<GetAccountAuthorizationDetailsCommandOutput>>): AuthorizationDetails {
  const details: AuthorizationDetails = { users: new Map(), groups: new Map(), roles: [], managedDocuments: new Map() };
  for (const page of pages) {
    for (const u of page.UserDetailList ?? []) {
      if (!u.UserName) continue;
      details.users.set(u.UserName, {
        userName: u.UserName,
        arn: u.Arn ?? "",
        createDate: u.CreateDate?.toISOString(),
        groups: u.GroupList ?? [],
        attached: refs(u.AttachedManagedPolicies),
        inline: inlines(u.UserPolicyList),
      });
    }
    for (const g of page.GroupDetailList ?? []) {
      if (g.GroupName) details.groups.set(g.GroupName, { attached: refs(g.AttachedManagedPolicies), inline: inlines(g.GroupPolicyList) });
    }
    for (const r of page.RoleDetailList ?? []) {
      if (r.RoleName && r.Arn) details.roles.push({ roleName: r.RoleName, arn: r.Arn, trustPolicy: decodePolicyDocument(r.AssumeRolePolicyDocument) });
    }
    for (const p of page.Policies ?? []) {
      // Up to five versions come back; the one in force is flagged (and named by DefaultVersionId).
      const versions = p.PolicyVersionList ?? [];
      const current = versions.find((v) => v.IsDefaultVersion) ?? versions.find((v) => v.VersionId !== undefined && v.VersionId === p.DefaultVersionId);
      const document = decodePolicyDocument(current?.Document);
      if (p.Arn && document !== undefined) details.managedDocuments.set(p.Arn, document);
    }
  }
  return details;
}
