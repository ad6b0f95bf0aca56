// AWS Organizations (awsJson1_1): the organization's structure, readable from the management account
// and, read-only, from a member account registered as a delegated administrator for any service, as
// in AWS (API reference, "API operations by account"). Small pages so that callers must follow NextToken.

import type { AwsAccount, World } from "../world.js";
import { AwsFault, type RequestContext } from "./context.js";
import { epochSeconds } from "./format.js";
import { num, str } from "./json-protocol.js";
import { byKey, pageLimit, paginate } from "./pagination.js";

type Input = Record<string, unknown>;
type Handler = (ctx: RequestContext, input: Input) => Record<string, unknown>;

/**
 * Members may describe their organization; the read-only calls served here also answer a delegated
 * administrator (of any service); the rest of the API (writes) is the management account's alone.
 */
function requireOrg(ctx: RequestContext, adminOnly: boolean): World["aws"] {
  const aws = ctx.world.aws;
  const caller = ctx.caller.accountId;
  const isManagement = caller === aws.organization.managementAccountId;
  if (!isManagement && !aws.accounts.some((a) => a.id === caller)) {
    throw new AwsFault("AWSOrganizationsNotInUseException", "Your account is not a member of an organization.");
  }
  const isDelegated = (aws.organization.delegatedAdministrators ?? []).some((d) => d.accountId === caller);
  if (adminOnly && !isManagement && !isDelegated) {
    throw new AwsFault("AccessDeniedException", "You don't have permissions to access this resource.");
  }
  return aws;
}

function required(input: Input, name: string): string {
  const value = str(input, name);
  if (value === undefined || value === "") {
    throw new AwsFault("InvalidInputException", `You provided a value that does not match the required pattern. Missing ${name}.`, 400, { extra: { Reason: "INPUT_REQUIRED" } });
  }
  return value;
}

function page<T>(ctx: RequestContext, input: Input, items: readonly T[], keyOf: (t: T) => string, scope: string) {
  const max = num(input, "MaxResults");
  if (max !== undefined && (max < 1 || max > 20)) {
    throw new AwsFault("InvalidInputException", `1 validation error detected: Value '${max}' at 'maxResults' failed to satisfy constraint: Member must have value ${max < 1 ? "greater than or equal to 1" : "less than or equal to 20"}`, 400, { extra: { Reason: "INVALID_INPUT" } });
  }
  return paginate(byKey(items, keyOf), keyOf, {
    token: str(input, "NextToken"),
    limit: pageLimit(max, ctx.state.pageSize),
    scope: `${ctx.caller.accountId}:${scope}`,
    invalid: () => new AwsFault("InvalidInputException", "The provided token is not valid.", 400, { extra: { Reason: "INVALID_PAGINATION_TOKEN" } }),
  });
}

/** "o-…/r-…/ou-…/ACCOUNT/" as Organizations reports account paths. */
function pathOf(aws: World["aws"], account: AwsAccount): string {
  const parts: string[] = [];
  let parent: string | undefined = account.parentId;
  for (let guard = 0; parent !== undefined && guard < 10; guard++) {
    parts.unshift(parent);
    parent = aws.ous.find((o) => o.id === parent)?.parentId;
  }
  return `${aws.organization.id}/${parts.join("/")}/${account.id}/`;
}

function accountShape(aws: World["aws"], a: AwsAccount): Record<string, unknown> {
  return {
    Id: a.id,
    Arn: a.arn,
    Email: a.email,
    Name: a.name,
    // Legacy Status beside State: the installed client models both.
    Status: a.status,
    State: a.status,
    Paths: [pathOf(aws, a)],
    JoinedMethod: a.joinedMethod,
    JoinedTimestamp: epochSeconds(a.joinedTimestamp),
  };
}

function parentExists(aws: World["aws"], id: string): boolean {
  return aws.roots.some((r) => r.id === id) || aws.ous.some((o) => o.id === id);
}

const parentNotFound = () => new AwsFault("ParentNotFoundException", "We can't find a root or OU with the ParentId that you specified.");

export const ORGANIZATIONS_HANDLERS: Record<string, Handler> = {
  DescribeOrganization(ctx) {
    const { organization: o } = requireOrg(ctx, false);
    return {
      Organization: {
        Id: o.id,
        Arn: o.arn,
        FeatureSet: o.featureSet,
        MasterAccountArn: `arn:aws:organizations::${o.managementAccountId}:account/${o.id}/${o.managementAccountId}`,
        MasterAccountId: o.managementAccountId,
        MasterAccountEmail: o.managementAccountEmail,
        AvailablePolicyTypes: [{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }],
      },
    };
  },
  ListAccounts(ctx, input) {
    const aws = requireOrg(ctx, true);
    const p = page(ctx, input, aws.accounts, (a) => a.id, "ListAccounts");
    return { Accounts: p.items.map((a) => accountShape(aws, a)), NextToken: p.next };
  },
  ListAccountsForParent(ctx, input) {
    const aws = requireOrg(ctx, true);
    const parentId = required(input, "ParentId");
    if (!parentExists(aws, parentId)) throw parentNotFound();
    const p = page(ctx, input, aws.accounts.filter((a) => a.parentId === parentId), (a) => a.id, `ListAccountsForParent:${parentId}`);
    return { Accounts: p.items.map((a) => accountShape(aws, a)), NextToken: p.next };
  },
  DescribeAccount(ctx, input) {
    const aws = requireOrg(ctx, true);
    const id = required(input, "AccountId");
    const account = aws.accounts.find((a) => a.id === id);
    if (!account) throw new AwsFault("AccountNotFoundException", "You specified an account that doesn't exist.");
    return { Account: accountShape(aws, account) };
  },
  ListRoots(ctx, input) {
    const aws = requireOrg(ctx, true);
    const p = page(ctx, input, aws.roots, (r) => r.id, "ListRoots");
    return {
      Roots: p.items.map((r) => ({ Id: r.id, Arn: r.arn, Name: r.name, PolicyTypes: [{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }] })),
      NextToken: p.next,
    };
  },
  ListParents(ctx, input) {
    const aws = requireOrg(ctx, true);
    const childId = required(input, "ChildId");
    const parentId = aws.accounts.find((a) => a.id === childId)?.parentId ?? aws.ous.find((o) => o.id === childId)?.parentId;
    if (parentId === undefined) {
      throw new AwsFault("ChildNotFoundException", "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.");
    }
    const type = aws.roots.some((r) => r.id === parentId) ? "ROOT" : "ORGANIZATIONAL_UNIT";
    return { Parents: [{ Id: parentId, Type: type }] };
  },
  ListOrganizationalUnitsForParent(ctx, input) {
    const aws = requireOrg(ctx, true);
    const parentId = required(input, "ParentId");
    if (!parentExists(aws, parentId)) throw parentNotFound();
    const p = page(ctx, input, aws.ous.filter((o) => o.parentId === parentId), (o) => o.id, `ListOUs:${parentId}`);
    return { OrganizationalUnits: p.items.map((o) => ({ Id: o.id, Arn: o.arn, Name: o.name })), NextToken: p.next };
  },
  DescribeOrganizationalUnit(ctx, input) {
    const aws = requireOrg(ctx, true);
    const id = required(input, "OrganizationalUnitId");
    const ou = aws.ous.find((o) => o.id === id);
    if (!ou) throw new AwsFault("OrganizationalUnitNotFoundException", "We can't find an OU with the OrganizationalUnitId that you specified.");
    return { OrganizationalUnit: { Id: ou.id, Arn: ou.arn, Name: ou.name } };
  },
  ListDelegatedAdministrators(ctx, input) {
    const aws = requireOrg(ctx, true);
    const service = str(input, "ServicePrincipal");
    const entries = (aws.organization.delegatedAdministrators ?? []).filter((d) => service === undefined || d.servicePrincipal === service);
    // One entry per account, dated by its first delegation, as AWS lists them.
    const first = new Map<string, string>();
    for (const d of entries) if (!first.has(d.accountId) || d.delegationEnabledDate < (first.get(d.accountId) as string)) first.set(d.accountId, d.delegationEnabledDate);
    const accounts = aws.accounts.filter((a) => first.has(a.id));
    const p = page(ctx, input, accounts, (a) => a.id, `ListDelegatedAdministrators:${service ?? ""}`);
    return {
      DelegatedAdministrators: p.items.map((a) => {
        const { Id, Arn, Email, Name, Status, State, JoinedMethod, JoinedTimestamp } = accountShape(aws, a);
        return { Id, Arn, Email, Name, Status, State, JoinedMethod, JoinedTimestamp, DelegationEnabledDate: epochSeconds(first.get(a.id) as string) };
      }),
      NextToken: p.next,
    };
  },
  ListDelegatedServicesForAccount(ctx, input) {
    const aws = requireOrg(ctx, true);
    const id = required(input, "AccountId");
    if (!aws.accounts.some((a) => a.id === id)) throw new AwsFault("AccountNotFoundException", "You specified an account that doesn't exist.");
    const services = (aws.organization.delegatedAdministrators ?? []).filter((d) => d.accountId === id);
    if (services.length === 0) throw new AwsFault("AccountNotRegisteredException", "The provided account is not a registered delegated administrator for your organization.");
    const p = page(ctx, input, services, (d) => d.servicePrincipal, `ListDelegatedServicesForAccount:${id}`);
    return { DelegatedServices: p.items.map((d) => ({ ServicePrincipal: d.servicePrincipal, DelegationEnabledDate: epochSeconds(d.delegationEnabledDate) })), NextToken: p.next };
  },
  ListChildren(ctx, input) {
    const aws = requireOrg(ctx, true);
    const parentId = required(input, "ParentId");
    const childType = required(input, "ChildType");
    if (childType !== "ACCOUNT" && childType !== "ORGANIZATIONAL_UNIT") {
      throw new AwsFault("InvalidInputException", `1 validation error detected: Value '${childType}' at 'childType' failed to satisfy constraint: Member must satisfy enum value set: [ACCOUNT, ORGANIZATIONAL_UNIT]`, 400, { extra: { Reason: "INVALID_ENUM" } });
    }
    if (!parentExists(aws, parentId)) throw parentNotFound();
    const ids = childType === "ACCOUNT" ? aws.accounts.filter((a) => a.parentId === parentId).map((a) => a.id) : aws.ous.filter((o) => o.parentId === parentId).map((o) => o.id);
    const p = page(ctx, input, ids, (id) => id, `ListChildren:${parentId}:${childType}`);
    return { Children: p.items.map((id) => ({ Id: id, Type: childType })), NextToken: p.next };
  },
};
