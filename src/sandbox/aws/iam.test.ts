import {
  CreateAccessKeyCommand,
  AttachRolePolicyCommand,
  CreateOpenIDConnectProviderCommand,
  CreateRoleCommand,
  DeleteAccessKeyCommand,
  GetAccessKeyLastUsedCommand,
  GetGroupPolicyCommand,
  GetOpenIDConnectProviderCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  ListAccessKeysCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListOpenIDConnectProvidersCommand,
  ListRolesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  UpdateAccessKeyCommand,
  paginateListUsers,
  type User,
} from "@aws-sdk/client-iam";
import { AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { describe, expect, test } from "vitest";
import { MGMT, PROD, sdkClients, useAwsFake } from "../../../test/support/sandbox/aws.js";

const sandbox = useAwsFake({ pageSize: 4 });

const iam = () => sdkClients(sandbox.fake.url).iam;
const doc = (encoded: string | undefined) => JSON.parse(decodeURIComponent(encoded ?? "")) as { Statement: unknown[] };

describe("users and access keys", () => {
  test("the ListUsers paginator follows Marker across pages, even when asked for 1000 at once", async () => {
    const before = sandbox.fake.requests.get("iam:ListUsers") ?? 0;
    const users: User[] = [];
    for await (const page of paginateListUsers({ client: iam() }, { MaxItems: 1000 })) users.push(...(page.Users ?? []));
    expect(users.map((u) => u.UserName)).toEqual(["admin", "alice", "bob", "carol", "dave", "erin"]);
    expect(sandbox.fake.requests.get("iam:ListUsers")! - before).toBe(2);
    expect(users.find((u) => u.UserName === "alice")?.PasswordLastUsed).toEqual(new Date("2026-07-01T10:00:00Z"));
    const ci = await iam().send(new ListUsersCommand({ PathPrefix: "/ci/" }));
    expect(ci.Users?.map((u) => u.Arn)).toEqual([`arn:aws:iam::${MGMT}:user/ci/dave`]);
    expect(ci.IsTruncated).toBe(false);
  });

  test("ListAccessKeys of a named user, of the caller by default, and of an unknown user", async () => {
    const alice = await iam().send(new ListAccessKeysCommand({ UserName: "alice" }));
    expect(alice.AccessKeyMetadata).toEqual([
      { UserName: "alice", AccessKeyId: "AKIAFAKEALICE0000001", Status: "Active", CreateDate: new Date("2023-02-03T04:05:06Z") },
      { UserName: "alice", AccessKeyId: "AKIAFAKEALICE0000002", Status: "Inactive", CreateDate: new Date("2024-02-03T04:05:06Z") },
    ]);
    const own = await iam().send(new ListAccessKeysCommand({}));
    expect(own.AccessKeyMetadata?.map((k) => k.UserName)).toEqual(["admin"]);
    await expect(iam().send(new ListAccessKeysCommand({ UserName: "mallory" }))).rejects.toMatchObject({
      name: "NoSuchEntityException", message: "The user with name mallory cannot be found.", $metadata: { httpStatusCode: 404 },
    });
  });

  test("the root user's own keys are listed without a user name", async () => {
    sandbox.world.aws.callers["AKIAFAKEROOT00000001"] = { accessKeyId: "AKIAFAKEROOT00000001", secretAccessKey: "FAKEsandboxSECRET/root", accountId: MGMT, arn: `arn:aws:iam::${MGMT}:root`, userId: MGMT };
    const root = sdkClients(sandbox.fake.url, { accessKeyId: "AKIAFAKEROOT00000001", secretAccessKey: "FAKEsandboxSECRET/root" }).iam;
    const keys = await root.send(new ListAccessKeysCommand({}));
    expect(keys.AccessKeyMetadata).toEqual([{ AccessKeyId: "AKIAFAKEROOT00000001", Status: "Active", CreateDate: new Date("2019-01-01T00:00:00Z") }]);
  });

  test("a role session must name the user whose keys it lists", async () => {
    const out = await sdkClients(sandbox.fake.url).sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${PROD}:role/OrganizationAccountAccessRole`, RoleSessionName: "audit" }));
    const session = sdkClients(sandbox.fake.url, { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! });
    await expect(session.iam.send(new ListAccessKeysCommand({}))).rejects.toMatchObject({ name: "ValidationError" });
    const keys = await session.iam.send(new ListAccessKeysCommand({ UserName: "deployer" }));
    expect(keys.AccessKeyMetadata?.map((k) => k.AccessKeyId)).toEqual(["AKIAFAKEPRODDEPLOY01"]);
  });

  test("GetAccessKeyLastUsed: used, never used (N/A, no date), and not in this account", async () => {
    const used = await iam().send(new GetAccessKeyLastUsedCommand({ AccessKeyId: "AKIAFAKEALICE0000001" }));
    expect(used).toMatchObject({ UserName: "alice", AccessKeyLastUsed: { LastUsedDate: new Date("2026-07-30T12:00:00Z"), ServiceName: "s3", Region: "eu-west-1" } });
    const never = await iam().send(new GetAccessKeyLastUsedCommand({ AccessKeyId: "AKIAFAKEBOB000000001" }));
    expect(never.AccessKeyLastUsed).toEqual({ ServiceName: "N/A", Region: "N/A" });
    await expect(iam().send(new GetAccessKeyLastUsedCommand({ AccessKeyId: "AKIAFAKEPRODDEPLOY01" }))).rejects.toMatchObject({ name: "AccessDenied" });
  });

  test("CreateAccessKey gives a new active key that can sign, with its secret only in the answer; a third key is LimitExceeded", async () => {
    const created = (await iam().send(new CreateAccessKeyCommand({ UserName: "bob" }))).AccessKey;
    expect(created).toMatchObject({ UserName: "bob", Status: "Active" });
    expect(created?.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(created?.SecretAccessKey).toMatch(/^FAKEsandboxSECRET\//);
    const listed = await iam().send(new ListAccessKeysCommand({ UserName: "bob" }));
    expect(listed.AccessKeyMetadata?.map((k) => k.AccessKeyId)).toContain(created?.AccessKeyId);
    const asBob = sdkClients(sandbox.fake.url, { accessKeyId: created?.AccessKeyId as string, secretAccessKey: created?.SecretAccessKey as string });
    expect((await asBob.sts.send(new GetCallerIdentityCommand({}))).Arn).toMatch(/:user\/bob$/);
    await expect(iam().send(new CreateAccessKeyCommand({ UserName: "bob" }))).rejects.toMatchObject({ name: "LimitExceededException" });
    await expect(iam().send(new CreateAccessKeyCommand({ UserName: "nobody" }))).rejects.toMatchObject({ name: "NoSuchEntityException" });
  });

  test("UpdateAccessKey deactivates (idempotently); DeleteAccessKey removes, then NoSuchEntity", async () => {
    const keyOf = () => sandbox.world.aws.iam[MGMT]!.accessKeys.find((k) => k.accessKeyId === "AKIAFAKEALICE0000001");
    await iam().send(new UpdateAccessKeyCommand({ UserName: "alice", AccessKeyId: "AKIAFAKEALICE0000001", Status: "Inactive" }));
    expect(keyOf()?.status).toBe("Inactive");
    await iam().send(new UpdateAccessKeyCommand({ UserName: "alice", AccessKeyId: "AKIAFAKEALICE0000001", Status: "Inactive" }));
    const listed = await iam().send(new ListAccessKeysCommand({ UserName: "alice" }));
    expect(listed.AccessKeyMetadata?.[0]?.Status).toBe("Inactive");
    // The key belongs to alice: naming another user, or omitting the name (the caller is admin), is "cannot be found".
    await expect(iam().send(new UpdateAccessKeyCommand({ UserName: "bob", AccessKeyId: "AKIAFAKEALICE0000001", Status: "Active" }))).rejects.toMatchObject({ name: "NoSuchEntityException" });
    await expect(iam().send(new UpdateAccessKeyCommand({ AccessKeyId: "AKIAFAKEALICE0000001", Status: "Active" }))).rejects.toMatchObject({ name: "NoSuchEntityException" });
    await expect(iam().send(new UpdateAccessKeyCommand({ UserName: "alice", AccessKeyId: "AKIAFAKEALICE0000001", Status: "Disabled" as "Active" }))).rejects.toMatchObject({ name: "ValidationError" });

    await iam().send(new DeleteAccessKeyCommand({ UserName: "alice", AccessKeyId: "AKIAFAKEALICE0000001" }));
    expect(keyOf()).toBeUndefined();
    const after = await iam().send(new ListAccessKeysCommand({ UserName: "alice" }));
    expect(after.AccessKeyMetadata?.map((k) => k.AccessKeyId)).toEqual(["AKIAFAKEALICE0000002"]);
    await expect(iam().send(new DeleteAccessKeyCommand({ UserName: "alice", AccessKeyId: "AKIAFAKEALICE0000001" }))).rejects.toMatchObject({
      name: "NoSuchEntityException", message: "The Access Key with id AKIAFAKEALICE0000001 cannot be found.",
    });
  });
});

describe("policies", () => {
  test("a user's attached, inline and group policies", async () => {
    expect((await iam().send(new ListAttachedUserPoliciesCommand({ UserName: "alice" }))).AttachedPolicies).toEqual([
      { PolicyName: "AdministratorAccess", PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
    ]);
    expect((await iam().send(new ListUserPoliciesCommand({ UserName: "alice" }))).PolicyNames).toEqual(["s3-deploy"]);
    const inline = await iam().send(new GetUserPolicyCommand({ UserName: "alice", PolicyName: "s3-deploy" }));
    expect(inline.PolicyDocument).toMatch(/^%7B%22Version%22%3A%222012-10-17%22/);
    expect(doc(inline.PolicyDocument).Statement).toEqual([{ Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::deploy-bucket/*" }]);
    await expect(iam().send(new GetUserPolicyCommand({ UserName: "alice", PolicyName: "nope" }))).rejects.toMatchObject({ name: "NoSuchEntityException" });

    const groups = await iam().send(new ListGroupsForUserCommand({ UserName: "alice" }));
    expect(groups.Groups?.map((g) => g.GroupName)).toEqual(["developers"]);
    const attached = await iam().send(new ListAttachedGroupPoliciesCommand({ GroupName: "developers" }));
    expect(attached.AttachedPolicies?.map((p) => p.PolicyName)).toEqual(["PowerUserAccess", "deploy-extra"]);
    expect((await iam().send(new ListGroupPoliciesCommand({ GroupName: "developers" }))).PolicyNames).toEqual(["logs"]);
    const groupInline = await iam().send(new GetGroupPolicyCommand({ GroupName: "developers", PolicyName: "logs" }));
    expect(doc(groupInline.PolicyDocument).Statement).toEqual([{ Effect: "Allow", Action: "logs:*", Resource: "*" }]);
  });

  test("AWS managed and customer managed policies, default version only", async () => {
    const admin = await iam().send(new GetPolicyCommand({ PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }));
    expect(admin.Policy).toMatchObject({ PolicyName: "AdministratorAccess", DefaultVersionId: "v1", IsAttachable: true, AttachmentCount: 2 });
    const version = await iam().send(new GetPolicyVersionCommand({ PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess", VersionId: "v1" }));
    expect(doc(version.PolicyVersion?.Document).Statement).toEqual([{ Effect: "Allow", Action: "*", Resource: "*" }]);
    const power = await iam().send(new GetPolicyVersionCommand({ PolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess", VersionId: "v5" }));
    expect(doc(power.PolicyVersion?.Document).Statement[0]).toMatchObject({ NotAction: ["iam:*", "organizations:*", "account:*"] });
    const lambda = await iam().send(new GetPolicyCommand({ PolicyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" }));
    expect(lambda.Policy?.Path).toBe("/service-role/");
    const custom = await iam().send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${MGMT}:policy/deploy-extra` }));
    expect(custom.Policy).toMatchObject({ DefaultVersionId: "v3", AttachmentCount: 1 });
    await expect(iam().send(new GetPolicyVersionCommand({ PolicyArn: `arn:aws:iam::${MGMT}:policy/deploy-extra`, VersionId: "v1" }))).rejects.toMatchObject({ name: "NoSuchEntityException" });
    await expect(iam().send(new GetPolicyCommand({ PolicyArn: "arn:aws:iam::aws:policy/NoSuchPolicy" }))).rejects.toMatchObject({ name: "NoSuchEntityException" });
  });
});

describe("roles and OIDC providers", () => {
  test("existing GitHub trust is readable, with its document URL-encoded", async () => {
    const roles = await iam().send(new ListRolesCommand({}));
    expect(roles.Roles?.map((r) => r.RoleName)).toEqual(["github-deploy"]);
    const role = await iam().send(new GetRoleCommand({ RoleName: "github-deploy" }));
    expect(JSON.stringify(doc(role.Role?.AssumeRolePolicyDocument))).toContain("token.actions.githubusercontent.com:sub");
    const providers = await iam().send(new ListOpenIDConnectProvidersCommand({}));
    const arn = providers.OpenIDConnectProviderList?.[0]?.Arn;
    expect(arn).toBe(`arn:aws:iam::${MGMT}:oidc-provider/token.actions.githubusercontent.com`);
    const provider = await iam().send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    expect(provider).toMatchObject({ Url: "token.actions.githubusercontent.com", ClientIDList: ["sts.amazonaws.com"] });
    await expect(iam().send(new GetRoleCommand({ RoleName: "nope" }))).rejects.toMatchObject({ name: "NoSuchEntityException", message: "The role with name nope cannot be found." });
  });

  test("creating a provider twice conflicts; a new account gets its own", async () => {
    const input = { Url: "https://token.actions.githubusercontent.com", ClientIDList: ["sts.amazonaws.com"], ThumbprintList: ["6938fd4d98bab03faadb97b34396831e3780aea1"] };
    await expect(iam().send(new CreateOpenIDConnectProviderCommand(input))).rejects.toMatchObject({ name: "EntityAlreadyExistsException", $metadata: { httpStatusCode: 409 } });
    const out = await sdkClients(sandbox.fake.url).sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${PROD}:role/OrganizationAccountAccessRole`, RoleSessionName: "oidc" }));
    const prod = sdkClients(sandbox.fake.url, { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! }).iam;
    const created = await prod.send(new CreateOpenIDConnectProviderCommand(input));
    expect(created.OpenIDConnectProviderArn).toBe(`arn:aws:iam::${PROD}:oidc-provider/token.actions.githubusercontent.com`);
    expect(sandbox.world.aws.iam[PROD]!.oidcProviders).toHaveLength(1);
  });

  test("CreateRole, PutRolePolicy, AttachRolePolicy, then reading them back (XML text escaped)", async () => {
    const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: "x" }, Action: "sts:AssumeRoleWithWebIdentity" }] });
    const description = `Deploys <web> & "api" for 'acme'`;
    const created = await iam().send(new CreateRoleCommand({ RoleName: "gha-web", Path: "/github/", AssumeRolePolicyDocument: trust, Description: description }));
    expect(created.Role).toMatchObject({ Arn: `arn:aws:iam::${MGMT}:role/github/gha-web`, Description: description, MaxSessionDuration: 3600 });
    expect(created.Role?.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    await expect(iam().send(new CreateRoleCommand({ RoleName: "GHA-WEB", AssumeRolePolicyDocument: trust }))).rejects.toMatchObject({ name: "EntityAlreadyExistsException" });
    await expect(iam().send(new CreateRoleCommand({ RoleName: "bad", AssumeRolePolicyDocument: "{not json" }))).rejects.toMatchObject({ name: "MalformedPolicyDocumentException" });

    const inline = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:PutObject", Resource: "*" }] });
    await iam().send(new PutRolePolicyCommand({ RoleName: "gha-web", PolicyName: "deploy", PolicyDocument: inline }));
    await iam().send(new AttachRolePolicyCommand({ RoleName: "gha-web", PolicyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" }));
    await iam().send(new AttachRolePolicyCommand({ RoleName: "gha-web", PolicyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" }));
    await expect(iam().send(new AttachRolePolicyCommand({ RoleName: "gha-web", PolicyArn: "arn:aws:iam::aws:policy/Nope" }))).rejects.toMatchObject({ name: "NoSuchEntityException" });

    expect(JSON.parse(decodeURIComponent((await iam().send(new GetRolePolicyCommand({ RoleName: "gha-web", PolicyName: "deploy" }))).PolicyDocument!))).toEqual(JSON.parse(inline));
    expect((await iam().send(new ListAttachedRolePoliciesCommand({ RoleName: "gha-web" }))).AttachedPolicies).toEqual([{ PolicyName: "AmazonS3FullAccess", PolicyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" }]);
    expect((await iam().send(new GetRoleCommand({ RoleName: "gha-web" }))).Role?.Description).toBe(description);
    expect((await iam().send(new ListRolesCommand({ PathPrefix: "/github/" }))).Roles?.map((r) => r.RoleName)).toEqual(["gha-web"]);
  });
});
