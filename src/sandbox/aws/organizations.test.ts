import {
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  DescribeOrganizationalUnitCommand,
  ListAccountsCommand,
  ListChildrenCommand,
  ListDelegatedAdministratorsCommand,
  ListDelegatedServicesForAccountCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  paginateListAccounts,
  paginateListChildren,
  paginateListOrganizationalUnitsForParent,
  type Account,
} from "@aws-sdk/client-organizations";
import { describe, expect, test } from "vitest";
import { MGMT, PROD, SUSPENDED, sdkClients, useAwsFake } from "../../../test/support/sandbox/aws.js";

const sandbox = useAwsFake({ pageSize: 3 });

const org = () => sdkClients(sandbox.fake.url).org;

describe("Organizations from the management account", () => {
  test("DescribeOrganization", async () => {
    const { Organization } = await org().send(new DescribeOrganizationCommand({}));
    expect(Organization).toMatchObject({ Id: "o-abc1234567", MasterAccountId: MGMT, FeatureSet: "ALL", MasterAccountArn: `arn:aws:organizations::${MGMT}:account/o-abc1234567/${MGMT}` });
  });

  test("the ListAccounts paginator collects every account across small pages, with State and legacy Status", async () => {
    const before = sandbox.fake.requests.get("organizations:ListAccounts") ?? 0;
    const accounts: Account[] = [];
    for await (const page of paginateListAccounts({ client: org() }, { MaxResults: 20 })) {
      expect(page.Accounts!.length).toBeLessThanOrEqual(3);
      accounts.push(...(page.Accounts ?? []));
    }
    expect(accounts.map((a) => a.Id).sort()).toEqual(sandbox.world.aws.accounts.map((a) => a.id).sort());
    expect(sandbox.fake.requests.get("organizations:ListAccounts")! - before).toBe(3);
    const suspended = accounts.find((a) => a.Id === SUSPENDED)!;
    expect(suspended).toMatchObject({ State: "SUSPENDED", Status: "SUSPENDED", JoinedMethod: "INVITED" });
    expect(suspended.JoinedTimestamp).toEqual(new Date("2021-03-04T05:06:07.000Z"));
    expect(accounts.find((a) => a.Id === "666666666666")?.Paths).toEqual(["o-abc1234567/r-ab12/ou-ab12-prod0001/ou-ab12-team0001/666666666666/"]);
  });

  test("the OU tree: roots, OUs per parent, parents, children", async () => {
    const roots = await org().send(new ListRootsCommand({}));
    expect(roots.Roots?.map((r) => r.Id)).toEqual(["r-ab12"]);
    const ous = [];
    for await (const page of paginateListOrganizationalUnitsForParent({ client: org() }, { ParentId: "r-ab12" })) ous.push(...(page.OrganizationalUnits ?? []));
    expect(ous.map((o) => o.Name).sort()).toEqual(["Dev", "Prod"]);
    expect((await org().send(new ListParentsCommand({ ChildId: "666666666666" }))).Parents).toEqual([{ Id: "ou-ab12-team0001", Type: "ORGANIZATIONAL_UNIT" }]);
    expect((await org().send(new ListParentsCommand({ ChildId: "ou-ab12-prod0001" }))).Parents).toEqual([{ Id: "r-ab12", Type: "ROOT" }]);
    expect((await org().send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: "ou-ab12-team0001" }))).OrganizationalUnit).toMatchObject({ Name: "Team" });
    const children = [];
    for await (const page of paginateListChildren({ client: org() }, { ParentId: "r-ab12", ChildType: "ACCOUNT" })) children.push(...(page.Children ?? []));
    expect(children.map((c) => c.Id).sort()).toEqual([MGMT, SUSPENDED]);
    expect((await org().send(new DescribeAccountCommand({ AccountId: PROD }))).Account?.Name).toBe("prod");
  });

  test("unknown ids answer the specific NotFound exceptions", async () => {
    await expect(org().send(new ListParentsCommand({ ChildId: "999999999999" }))).rejects.toMatchObject({ name: "ChildNotFoundException" });
    await expect(org().send(new ListOrganizationalUnitsForParentCommand({ ParentId: "ou-ab12-nope0000" }))).rejects.toMatchObject({ name: "ParentNotFoundException" });
    await expect(org().send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: "ou-ab12-nope0000" }))).rejects.toMatchObject({ name: "OrganizationalUnitNotFoundException" });
    await expect(org().send(new ListChildrenCommand({ ParentId: "r-nope", ChildType: "ACCOUNT" }))).rejects.toMatchObject({ name: "ParentNotFoundException" });
  });

  test("a forged or foreign NextToken and an oversized MaxResults are InvalidInputException", async () => {
    await expect(org().send(new ListAccountsCommand({ NextToken: "bm90LWEtdG9rZW4=" }))).rejects.toMatchObject({ name: "InvalidInputException", Reason: "INVALID_PAGINATION_TOKEN" });
    const first = await org().send(new ListRootsCommand({}));
    const accountsPage = await org().send(new ListAccountsCommand({}));
    expect(first.NextToken).toBeUndefined();
    await expect(org().send(new ListChildrenCommand({ ParentId: "r-ab12", ChildType: "ACCOUNT", NextToken: accountsPage.NextToken }))).rejects.toMatchObject({ name: "InvalidInputException" });
    await expect(org().send(new ListAccountsCommand({ MaxResults: 50 }))).rejects.toMatchObject({ name: "InvalidInputException" });
  });
});

describe("Organizations from elsewhere", () => {
  test("an account outside the organization gets AWSOrganizationsNotInUseException", async () => {
    sandbox.world.aws.callers["AKIAFAKESTANDALONE01"] = { accessKeyId: "AKIAFAKESTANDALONE01", secretAccessKey: "FAKEsandboxSECRET/standalone", accountId: "888888888888", arn: "arn:aws:iam::888888888888:user/x", userId: "AIDAFAKESTANDALONE01" };
    const outsider = sdkClients(sandbox.fake.url, { accessKeyId: "AKIAFAKESTANDALONE01", secretAccessKey: "FAKEsandboxSECRET/standalone" }).org;
    await expect(outsider.send(new DescribeOrganizationCommand({}))).rejects.toMatchObject({ name: "AWSOrganizationsNotInUseException", message: "Your account is not a member of an organization." });
  });
});

describe("Organizations from a delegated administrator", () => {
  const asMember = () => {
    sandbox.world.aws.callers["AKIAFAKEDELEGATED001"] = { accessKeyId: "AKIAFAKEDELEGATED001", secretAccessKey: "FAKEsandboxSECRET/delegated", accountId: PROD, arn: `arn:aws:iam::${PROD}:user/sec`, userId: "AIDAFAKEDELEGATED001" };
    return sdkClients(sandbox.fake.url, { accessKeyId: "AKIAFAKEDELEGATED001", secretAccessKey: "FAKEsandboxSECRET/delegated" }).org;
  };

  test("a member may not list the organization until it is registered; then the read-only calls answer it", async () => {
    const member = asMember();
    delete sandbox.world.aws.organization.delegatedAdministrators;
    await expect(member.send(new ListAccountsCommand({}))).rejects.toMatchObject({ name: "AccessDeniedException" });
    await expect(member.send(new ListDelegatedServicesForAccountCommand({ AccountId: PROD }))).rejects.toMatchObject({ name: "AccessDeniedException" });
    sandbox.world.aws.organization.delegatedAdministrators = [
      { accountId: PROD, servicePrincipal: "securityhub.amazonaws.com", delegationEnabledDate: "2025-02-01T00:00:00Z" },
      { accountId: PROD, servicePrincipal: "guardduty.amazonaws.com", delegationEnabledDate: "2024-06-01T00:00:00Z" },
    ];
    const accounts: Account[] = [];
    for await (const page of paginateListAccounts({ client: member }, {})) accounts.push(...(page.Accounts ?? []));
    expect(accounts.map((a) => a.Id).sort()).toEqual(sandbox.world.aws.accounts.map((a) => a.id).sort());
    expect((await member.send(new ListRootsCommand({}))).Roots?.length).toBe(1);
    const services = await member.send(new ListDelegatedServicesForAccountCommand({ AccountId: PROD }));
    expect(services.DelegatedServices?.map((s) => s.ServicePrincipal).sort()).toEqual(["guardduty.amazonaws.com", "securityhub.amazonaws.com"]);
    const admins = await member.send(new ListDelegatedAdministratorsCommand({}));
    // One entry per account, dated by its first delegation.
    expect(admins.DelegatedAdministrators?.map((a) => [a.Id, a.DelegationEnabledDate?.toISOString()])).toEqual([[PROD, "2024-06-01T00:00:00.000Z"]]);
    expect((await member.send(new ListDelegatedAdministratorsCommand({ ServicePrincipal: "config.amazonaws.com" }))).DelegatedAdministrators).toEqual([]);
    await expect(org().send(new ListDelegatedServicesForAccountCommand({ AccountId: MGMT }))).rejects.toMatchObject({ name: "AccountNotRegisteredException" });
    delete sandbox.world.aws.organization.delegatedAdministrators;
  });
});
