import { ListUsersCommand } from "@aws-sdk/client-iam";
import { ListAccountsCommand } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { describe, expect, test } from "vitest";
import { ADMIN_CREDENTIALS, DENIED, MGMT, PROD, SUSPENDED, sdkClients, type Credentials, useAwsFake } from "../../../test/support/sandbox/aws.js";

const sandbox = useAwsFake();

const roleArn = (account: string, name = "OrganizationAccountAccessRole") => `arn:aws:iam::${account}:role/${name}`;

async function assume(credentials: Credentials, account: string, extra: { name?: string; duration?: number } = {}): Promise<Credentials> {
  const out = await sdkClients(sandbox.fake.url, credentials).sts.send(
    new AssumeRoleCommand({ RoleArn: roleArn(account, extra.name), RoleSessionName: "keyless-audit", DurationSeconds: extra.duration }),
  );
  const c = out.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

describe("GetCallerIdentity", () => {
  test("names the signing user and its account", async () => {
    const id = await sdkClients(sandbox.fake.url).sts.send(new GetCallerIdentityCommand({}));
    expect(id).toMatchObject({ Account: MGMT, Arn: `arn:aws:iam::${MGMT}:user/admin`, UserId: "AIDAFAKE1110000000000" });
  });
});

describe("AssumeRole", () => {
  test("the management account enters a member account's audit role, and the session acts there", async () => {
    const before = Date.now();
    const out = await sdkClients(sandbox.fake.url).sts.send(new AssumeRoleCommand({ RoleArn: roleArn(PROD), RoleSessionName: "keyless-audit" }));
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(out.Credentials?.SecretAccessKey).toMatch(/FAKE/);
    expect(out.Credentials?.SessionToken).toMatch(/FAKE/);
    const lifetime = out.Credentials!.Expiration!.getTime() - before;
    expect(lifetime).toBeGreaterThan(3590_000);
    expect(lifetime).toBeLessThan(3610_000);
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${PROD}:assumed-role/OrganizationAccountAccessRole/keyless-audit`);
    expect(out.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:keyless-audit$/);

    const session = { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
    const clients = sdkClients(sandbox.fake.url, session);
    const id = await clients.sts.send(new GetCallerIdentityCommand({}));
    expect(id.Account).toBe(PROD);
    expect(id.Arn).toBe(out.AssumedRoleUser?.Arn);
    const users = await clients.iam.send(new ListUsersCommand({}));
    expect(users.Users?.map((u) => u.UserName)).toEqual(["deployer"]);
  });

  test("DurationSeconds sets the expiration, within the role's limit", async () => {
    const out = await sdkClients(sandbox.fake.url).sts.send(new AssumeRoleCommand({ RoleArn: roleArn(PROD), RoleSessionName: "short", DurationSeconds: 900 }));
    expect(out.Credentials!.Expiration!.getTime() - Date.now()).toBeLessThan(901_000);
    await expect(
      sdkClients(sandbox.fake.url).sts.send(new AssumeRoleCommand({ RoleArn: roleArn(PROD), RoleSessionName: "long", DurationSeconds: 7200 })),
    ).rejects.toMatchObject({ name: "ValidationError", message: "The requested DurationSeconds exceeds the MaxSessionDuration set for this role." });
    await expect(
      sdkClients(sandbox.fake.url).sts.send(new AssumeRoleCommand({ RoleArn: roleArn(PROD), RoleSessionName: "tiny", DurationSeconds: 60 })),
    ).rejects.toMatchObject({ name: "ValidationError" });
  });

  test("an account whose audit role denies answers AccessDenied in AWS's words", async () => {
    const error = await sdkClients(sandbox.fake.url)
      .sts.send(new AssumeRoleCommand({ RoleArn: roleArn(DENIED), RoleSessionName: "keyless-audit" }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: "AccessDenied",
      message: `User: arn:aws:iam::${MGMT}:user/admin is not authorized to perform: sts:AssumeRole on resource: ${roleArn(DENIED)}`,
      $metadata: { httpStatusCode: 403 },
    });
  });

  test.each([
    ["an unknown account", "999999999999", undefined],
    ["a suspended account", SUSPENDED, undefined],
    ["a role that does not exist", PROD, "NoSuchRole"],
    ["the audit role of the management account itself", MGMT, undefined],
  ])("%s is AccessDenied", async (_label, account, name) => {
    await expect(
      sdkClients(sandbox.fake.url).sts.send(new AssumeRoleCommand({ RoleArn: roleArn(account, name), RoleSessionName: "keyless-audit" })),
    ).rejects.toMatchObject({ name: "AccessDenied" });
  });

  test("a member-account session cannot enter another member account", async () => {
    const prod = await assume(ADMIN_CREDENTIALS, PROD);
    await expect(assume(prod, "333333333333")).rejects.toMatchObject({
      name: "AccessDenied",
      message: expect.stringContaining(`User: arn:aws:sts::${PROD}:assumed-role/OrganizationAccountAccessRole/keyless-audit is not authorized`),
    });
  });

  test("the session reads the organization only as a member: DescribeOrganization yes, ListAccounts no", async () => {
    const prod = await assume(ADMIN_CREDENTIALS, PROD);
    await expect(sdkClients(sandbox.fake.url, prod).org.send(new ListAccountsCommand({}))).rejects.toMatchObject({ name: "AccessDeniedException" });
  });

  test("role chaining is limited to one hour", async () => {
    const prod = await assume(ADMIN_CREDENTIALS, PROD);
    sandbox.world.aws.iam[PROD]!.roles.push({
      roleName: "deploy", roleId: "AROAFAKEPRODDEPLOY001", arn: roleArn(PROD, "deploy"), path: "/", createDate: sandbox.world.now,
      maxSessionDuration: 43200, attachedPolicies: [], inlinePolicies: [],
      assumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: roleArn(PROD) }, Action: "sts:AssumeRole" }] }),
    });
    await expect(assume(prod, PROD, { name: "deploy", duration: 7200 })).rejects.toMatchObject({ name: "ValidationError", message: expect.stringContaining("role chaining") });
    const chained = await assume(prod, PROD, { name: "deploy" });
    const id = await sdkClients(sandbox.fake.url, chained).sts.send(new GetCallerIdentityCommand({}));
    expect(id.Arn).toBe(`arn:aws:sts::${PROD}:assumed-role/deploy/keyless-audit`);
    // The trust policy names the audit role only: the management user itself is refused.
    await expect(assume(ADMIN_CREDENTIALS, PROD, { name: "deploy" })).rejects.toMatchObject({ name: "AccessDenied" });
  });

  test("expired session credentials answer ExpiredToken", async () => {
    const session = await assume(ADMIN_CREDENTIALS, PROD);
    sandbox.world.aws.callers[session.accessKeyId]!.expiration = new Date(Date.now() - 1000).toISOString();
    await expect(sdkClients(sandbox.fake.url, session).sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: "ExpiredToken" });
  });

  test("the root user cannot assume roles", async () => {
    sandbox.world.aws.callers["AKIAFAKEROOT00000001"] = { accessKeyId: "AKIAFAKEROOT00000001", secretAccessKey: "FAKEsandboxSECRET/root", accountId: MGMT, arn: `arn:aws:iam::${MGMT}:root`, userId: MGMT };
    const root = { accessKeyId: "AKIAFAKEROOT00000001", secretAccessKey: "FAKEsandboxSECRET/root" };
    await expect(assume(root, PROD)).rejects.toMatchObject({ name: "AccessDenied", message: "Roles may not be assumed by root accounts." });
  });

  test("issued sessions are registered as callers of the target account", async () => {
    const session = await assume(ADMIN_CREDENTIALS, PROD);
    expect(sandbox.world.aws.callers[session.accessKeyId]).toMatchObject({ accountId: PROD, sessionToken: session.sessionToken });
  });
});
