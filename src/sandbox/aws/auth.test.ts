import { ListUsersCommand } from "@aws-sdk/client-iam";
import { ListAccountsCommand } from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { describe, expect, test } from "vitest";
import { ADMIN_CREDENTIALS, MGMT, sdkClients, signedFetch, useAwsFake } from "../../../test/support/sandbox/aws.js";

const sandbox = useAwsFake();

const wrongSecret = { ...ADMIN_CREDENTIALS, secretAccessKey: "FAKEsandboxSECRET/not-the-right-one" };
const unknownKey = { accessKeyId: "AKIAFAKEUNKNOWN00001", secretAccessKey: "FAKEsandboxSECRET/whatever" };

describe("SigV4", () => {
  test("a wrong secret is SignatureDoesNotMatch (query) and InvalidSignatureException (JSON)", async () => {
    const c = sdkClients(sandbox.fake.url, wrongSecret, { maxAttempts: 1 });
    await expect(c.iam.send(new ListUsersCommand({}))).rejects.toMatchObject({ name: "SignatureDoesNotMatch", $metadata: { httpStatusCode: 403 } });
    await expect(c.sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: "SignatureDoesNotMatch" });
    await expect(c.org.send(new ListAccountsCommand({}))).rejects.toMatchObject({ name: "InvalidSignatureException", $metadata: { httpStatusCode: 400 } });
    await expect(c.trail.send(new LookupEventsCommand({}))).rejects.toMatchObject({ name: "InvalidSignatureException" });
  });

  test("an unknown access key is InvalidClientTokenId (query) and UnrecognizedClientException (JSON)", async () => {
    const c = sdkClients(sandbox.fake.url, unknownKey);
    await expect(c.iam.send(new ListUsersCommand({}))).rejects.toMatchObject({ name: "InvalidClientTokenId", message: "The security token included in the request is invalid." });
    await expect(c.sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: "InvalidClientTokenId" });
    await expect(c.org.send(new ListAccountsCommand({}))).rejects.toMatchObject({ name: "UnrecognizedClientException" });
    await expect(c.trail.send(new LookupEventsCommand({}))).rejects.toMatchObject({ name: "UnrecognizedClientException" });
  });

  test("a session token must match the one issued with the key", async () => {
    sandbox.world.aws.callers["ASIAFAKESESSION00001"] = {
      accessKeyId: "ASIAFAKESESSION00001", secretAccessKey: "FAKEsandboxSECRET/session", sessionToken: "FAKE-TOKEN-1",
      accountId: MGMT, arn: `arn:aws:sts::${MGMT}:assumed-role/r/s`, userId: "AROAFAKE:s",
    };
    const good = { accessKeyId: "ASIAFAKESESSION00001", secretAccessKey: "FAKEsandboxSECRET/session", sessionToken: "FAKE-TOKEN-1" };
    expect((await sdkClients(sandbox.fake.url, good).sts.send(new GetCallerIdentityCommand({}))).Account).toBe(MGMT);
    await expect(sdkClients(sandbox.fake.url, { ...good, sessionToken: "FAKE-TOKEN-2" }).sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: "InvalidClientTokenId" });
    await expect(sdkClients(sandbox.fake.url, { ...good, sessionToken: undefined }).sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: "InvalidClientTokenId" });
  });

  test("a body changed after signing is rejected", async () => {
    const body = "Action=ListUsers&Version=2010-05-08";
    const ok = await signedFetch(sandbox.fake.url, { service: "iam", body, headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(ok.status).toBe(200);
    const tampered = await signedFetch(sandbox.fake.url, {
      service: "iam", body, headers: { "content-type": "application/x-www-form-urlencoded" }, tamper: () => "Action=DeleteAccessKey&Version=2010-05-08&AccessKeyId=AKIAFAKEBOB000000001&UserName=bob",
    });
    expect(tampered.status).toBe(403);
    expect(tampered.text).toContain("<Code>SignatureDoesNotMatch</Code>");
    expect(sandbox.world.aws.iam[MGMT]!.accessKeys.some((k) => k.accessKeyId === "AKIAFAKEBOB000000001")).toBe(true);
  });

  test("an unsigned request is MissingAuthenticationToken, in the service's format", async () => {
    const query = await fetch(sandbox.fake.url + "/", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "Action=GetCallerIdentity&Version=2011-06-15" });
    expect(query.status).toBe(403);
    const xml = await query.text();
    expect(xml).toMatch(/^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code>/);
    expect(xml).toMatch(/<RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>/);
    const json = await fetch(sandbox.fake.url + "/", { method: "POST", headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "CloudTrail_20131101.LookupEvents" }, body: "{}" });
    expect(json.status).toBe(400);
    expect(json.headers.get("x-amzn-errortype")).toMatch(/^MissingAuthenticationTokenException/);
    expect(await json.json()).toEqual({ __type: "MissingAuthenticationTokenException", message: "Missing Authentication Token" });
  });

  test("a deactivated caller key stops working, and is never echoed with its secret", async () => {
    sandbox.world.aws.callers["AKIAFAKEBOB000000001"] = { accessKeyId: "AKIAFAKEBOB000000001", secretAccessKey: "FAKEsandboxSECRET/bob", accountId: MGMT, arn: `arn:aws:iam::${MGMT}:user/bob`, userId: "AIDAFAKE1110000000002" };
    const bob = sdkClients(sandbox.fake.url, { accessKeyId: "AKIAFAKEBOB000000001", secretAccessKey: "FAKEsandboxSECRET/bob" });
    expect((await bob.sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${MGMT}:user/bob`);
    sandbox.world.aws.iam[MGMT]!.accessKeys.find((k) => k.accessKeyId === "AKIAFAKEBOB000000001")!.status = "Inactive";
    const error = await bob.iam.send(new ListUsersCommand({})).catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ name: "InvalidClientTokenId" });
    expect(JSON.stringify(error) + String(error)).not.toContain("FAKEsandboxSECRET");
  });
});

describe("unknown operations", () => {
  test("awsQuery answers InvalidAction", async () => {
    const r = await signedFetch(sandbox.fake.url, { service: "iam", body: "Action=CreateUser&Version=2010-05-08&UserName=x", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(r.status).toBe(400);
    expect(r.text).toContain("<Code>InvalidAction</Code><Message>Could not find operation CreateUser for version 2010-05-08</Message>");
    expect(sandbox.fake.requests.get("iam:CreateUser")).toBe(1);
  });

  test("awsJson1_1 answers UnknownOperationException", async () => {
    const r = await signedFetch(sandbox.fake.url, {
      service: "organizations", body: "{}",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AWSOrganizationsV20161128.CreateAccount" },
    });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text)).toMatchObject({ __type: "UnknownOperationException" });
    expect(r.headers.get("x-amzn-errortype")).toMatch(/^UnknownOperationException/);
  });
});
