import {
  GetAccountAuthorizationDetailsCommand,
  GetPolicyVersionCommand,
  paginateGetAccountAuthorizationDetails,
  type EntityType,
  type GetAccountAuthorizationDetailsCommandOutput,
} from "@aws-sdk/client-iam";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { describe, expect, test } from "vitest";
import { MGMT, PROD, sdkClients, useAwsFake } from "../../../../test/support/sandbox/aws.js";

const sandbox = useAwsFake({ pageSize: 4 });

const iam = () => sdkClients(sandbox.fake.url).iam;
const decoded = (document: string | undefined) => JSON.parse(decodeURIComponent(document ?? "")) as unknown;

async function allPages(filter?: EntityType[], client = iam()) {
  const pages: GetAccountAuthorizationDetailsCommandOutput[] = [];
  for await (const page of paginateGetAccountAuthorizationDetails({ client, pageSize: 1000 }, { Filter: filter })) pages.push(page);
  return {
    pages,
    users: pages.flatMap((p) => p.UserDetailList ?? []),
    groups: pages.flatMap((p) => p.GroupDetailList ?? []),
    roles: pages.flatMap((p) => p.RoleDetailList ?? []),
    policies: pages.flatMap((p) => p.Policies ?? []),
  };
}

describe("GetAccountAuthorizationDetails", () => {
  test("pages users, groups, roles and customer policies by Marker (small pages even when asked for 1000), each entity once", async () => {
    const before = sandbox.fake.requests.get("iam:GetAccountAuthorizationDetails") ?? 0;
    const { pages, users, groups, roles, policies } = await allPages(["User", "Group", "Role", "LocalManagedPolicy"]);
    // 6 users + 1 group + 1 role + 1 customer policy, 4 per page.
    expect(pages).toHaveLength(3);
    expect(sandbox.fake.requests.get("iam:GetAccountAuthorizationDetails")! - before).toBe(3);
    expect(pages.map((p) => p.IsTruncated)).toEqual([true, true, false]);
    expect(pages.slice(0, 2).every((p) => typeof p.Marker === "string" && p.Marker.length > 0)).toBe(true);
    expect(pages[2]?.Marker).toBeUndefined();
    expect(users.map((u) => u.UserName)).toEqual(["admin", "alice", "bob", "carol", "dave", "erin"]);
    expect(groups.map((g) => g.GroupName)).toEqual(["developers"]);
    expect(roles.map((r) => r.RoleName)).toEqual(["github-deploy"]);
    expect(policies.map((p) => p.Arn)).toEqual([`arn:aws:iam::${MGMT}:policy/deploy-extra`]);
  });

  test("a user's groups, attached policies and URL-encoded inline documents; a group's and a role's likewise", async () => {
    const { users, groups, roles } = await allPages(["User", "Group", "Role"]);
    const mgmt = sandbox.world.aws.iam[MGMT]!;
    const alice = users.find((u) => u.UserName === "alice");
    expect(alice).toMatchObject({
      Path: "/",
      Arn: `arn:aws:iam::${MGMT}:user/alice`,
      CreateDate: new Date("2022-01-11T08:00:00Z"),
      GroupList: ["developers"],
      AttachedManagedPolicies: [{ PolicyName: "AdministratorAccess", PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }],
      Tags: [{ Key: "team", Value: "web" }],
    });
    expect(alice?.UserPolicyList?.map((p) => p.PolicyName)).toEqual(["s3-deploy"]);
    expect(alice?.UserPolicyList?.[0]?.PolicyDocument).toMatch(/^%7B%22Version%22/); // encoded, not JSON
    expect(decoded(alice?.UserPolicyList?.[0]?.PolicyDocument)).toEqual(JSON.parse(mgmt.users[1]!.inlinePolicies[0]!.document));
    // Empty lists are present and empty, as IAM answers.
    expect(users.find((u) => u.UserName === "bob")).toMatchObject({ GroupList: [], UserPolicyList: [], AttachedManagedPolicies: [] });

    expect(groups[0]?.AttachedManagedPolicies?.map((p) => p.PolicyName)).toEqual(["PowerUserAccess", "deploy-extra"]);
    expect(groups[0]?.GroupPolicyList?.map((p) => [p.PolicyName, decoded(p.PolicyDocument)])).toEqual([["logs", JSON.parse(mgmt.groups[0]!.inlinePolicies[0]!.document)]]);
    expect(decoded(roles[0]?.AssumeRolePolicyDocument)).toEqual(JSON.parse(mgmt.roles[0]!.assumeRolePolicyDocument));
    expect(roles[0]).toMatchObject({ RoleId: "AROAFAKEGITHUBDEPLOY1", InstanceProfileList: [], RolePolicyList: [], AttachedManagedPolicies: [] });
  });

  test("AWSManagedPolicy lists only the AWS managed policies attached in the account, with the default version's document", async () => {
    const { users, policies } = await allPages(["AWSManagedPolicy"]);
    expect(users).toEqual([]); // filtered out
    expect(policies.map((p) => p.PolicyName).sort()).toEqual(["AdministratorAccess", "PowerUserAccess"]);
    const admin = policies.find((p) => p.PolicyName === "AdministratorAccess");
    expect(admin).toMatchObject({ Arn: "arn:aws:iam::aws:policy/AdministratorAccess", DefaultVersionId: "v1", AttachmentCount: 2, IsAttachable: true });
    const power = policies.find((p) => p.PolicyName === "PowerUserAccess");
    const def = power?.PolicyVersionList?.find((v) => v.IsDefaultVersion);
    expect(def?.VersionId).toBe(power?.DefaultVersionId);
    const direct = await iam().send(new GetPolicyVersionCommand({ PolicyArn: power?.Arn, VersionId: power?.DefaultVersionId }));
    expect(def?.Document).toBe(direct.PolicyVersion?.Document);

    const local = await allPages(["LocalManagedPolicy"]);
    expect(decoded(local.policies[0]?.PolicyVersionList?.[0]?.Document)).toEqual({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["ecr:*"], Resource: "*" }] });
    expect(local.policies[0]).toMatchObject({ DefaultVersionId: "v3", AttachmentCount: 1 });
  });

  test("no filter lists every entity type", async () => {
    const all = await allPages();
    expect([all.users.length, all.groups.length, all.roles.length, all.policies.length]).toEqual([6, 1, 1, 3]);
  });

  test("answers for the account of the calling session only", async () => {
    const session = await sdkClients(sandbox.fake.url).sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${PROD}:role/OrganizationAccountAccessRole`, RoleSessionName: "audit" }));
    const c = session.Credentials!;
    const prod = sdkClients(sandbox.fake.url, { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken }).iam;
    const { users, roles } = await allPages(undefined, prod);
    expect(users.map((u) => u.Arn)).toEqual([`arn:aws:iam::${PROD}:user/deployer`]);
    expect(roles).toEqual([]);
  });

  test("rejects an unknown entity type, a Marker of another listing, and MaxItems out of range", async () => {
    await expect(iam().send(new GetAccountAuthorizationDetailsCommand({ Filter: ["Bogus" as EntityType] }))).rejects.toMatchObject({
      name: "ValidationError",
      message: expect.stringContaining("Member must satisfy enum value set"),
    });
    const first = await iam().send(new GetAccountAuthorizationDetailsCommand({ Filter: ["User"] }));
    expect(first.IsTruncated).toBe(true);
    await expect(iam().send(new GetAccountAuthorizationDetailsCommand({ Filter: ["Role"], Marker: first.Marker }))).rejects.toMatchObject({ name: "ValidationError", message: "Invalid Marker." });
    await expect(iam().send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 0 }))).rejects.toMatchObject({ name: "ValidationError" });
  });
});
