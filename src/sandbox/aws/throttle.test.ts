// AWS's per-account request rates through the real SDK: each service's throttling error shape, the
// SDK's standard retries riding them out, buckets per account and Region, and the time scale.

import { LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { IAMClient, ListUsersCommand } from "@aws-sdk/client-iam";
import { ListAccountsCommand } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { afterEach, describe, expect, test } from "vitest";
import { startAwsFake, type AwsFake } from "./index.js";
import { buildTestWorld, PROD, sdkClients } from "../../../test/support/sandbox/aws.js";

let fake: AwsFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const slow = { perSecond: 1, burst: 2 };

describe("per-account throttling", () => {
  test("CloudTrail LookupEvents: two a second per account and Region, ThrottlingException past them", async () => {
    fake = await startAwsFake(buildTestWorld(), { limits: { throttle: true } });
    const trail = sdkClients(fake.url, undefined, { maxAttempts: 1 }).trail;
    await trail.send(new LookupEventsCommand({}));
    await trail.send(new LookupEventsCommand({}));
    await expect(trail.send(new LookupEventsCommand({}))).rejects.toMatchObject({ name: "ThrottlingException", $metadata: { httpStatusCode: 400 } });
    // Another Region has its own bucket.
    const west = sdkClients(fake.url, undefined, { region: "eu-west-1", maxAttempts: 1 }).trail;
    await west.send(new LookupEventsCommand({}));
    expect(fake.throttled.get("cloudtrail")).toBe(1);
  });

  test("IAM, STS and Organizations answer Throttling / TooManyRequestsException in their own shapes", async () => {
    fake = await startAwsFake(buildTestWorld(), { limits: { throttle: { iam: slow, sts: slow, organizations: slow } } });
    const c = sdkClients(fake.url, undefined, { maxAttempts: 1 });
    for (let i = 0; i < 2; i++) {
      await c.iam.send(new ListUsersCommand({}));
      await c.sts.send(new GetCallerIdentityCommand({}));
      await c.org.send(new ListAccountsCommand({}));
    }
    await expect(c.iam.send(new ListUsersCommand({}))).rejects.toMatchObject({ name: "Throttling", message: "Rate exceeded" });
    await expect(c.sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: "Throttling" });
    await expect(c.org.send(new ListAccountsCommand({}))).rejects.toMatchObject({ name: "TooManyRequestsException" });
  });

  test("the SDK's standard retry strategy rides the throttling out", async () => {
    fake = await startAwsFake(buildTestWorld(), { limits: { throttle: { iam: slow } } });
    const iam = sdkClients(fake.url, undefined, { maxAttempts: 8 }).iam;
    const started = Date.now();
    const attempts: number[] = [];
    for (let i = 0; i < 5; i++) attempts.push((await iam.send(new ListUsersCommand({}))).$metadata.attempts!);
    // Two fit the burst; the other three waited for the bucket to refill (about a second each).
    expect(attempts.some((a) => a > 1)).toBe(true);
    expect(Date.now() - started).toBeGreaterThan(1500);
  });

  test("each account has its own IAM bucket", async () => {
    fake = await startAwsFake(buildTestWorld(), { limits: { throttle: { iam: slow } } });
    const admin = sdkClients(fake.url, undefined, { maxAttempts: 1 });
    const session = (await admin.sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${PROD}:role/OrganizationAccountAccessRole`, RoleSessionName: "throttle" }))).Credentials!;
    const prod = new IAMClient({ endpoint: fake.url, region: "us-east-1", maxAttempts: 1, credentials: { accessKeyId: session.AccessKeyId!, secretAccessKey: session.SecretAccessKey!, sessionToken: session.SessionToken! } });
    await admin.iam.send(new ListUsersCommand({}));
    await admin.iam.send(new ListUsersCommand({}));
    await expect(admin.iam.send(new ListUsersCommand({}))).rejects.toMatchObject({ name: "Throttling" });
    await prod.send(new ListUsersCommand({}));
  });

  test("on a clock scaled 10 times, a bucket refills 10 times faster", async () => {
    fake = await startAwsFake(buildTestWorld(), { limits: { throttle: { iam: { perSecond: 1, burst: 1 } }, timeScale: 10 } });
    const iam = sdkClients(fake.url, undefined, { maxAttempts: 1 }).iam;
    const started = Date.now();
    let served = 0;
    while (served < 8) {
      served += await iam.send(new ListUsersCommand({})).then(() => 1, () => 0);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // One a second, scaled: 7 refills take 0.7 s, not the 7 s an unscaled bucket needs at the least
    // (the upper bound leaves a loaded machine room and still tells the two apart).
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThan(600);
    expect(elapsed).toBeLessThan(6000);
    expect(fake.throttled.get("iam")).toBeGreaterThan(0);
  });

  test("is off unless asked for", async () => {
    fake = await startAwsFake(buildTestWorld());
    const trail = sdkClients(fake.url, undefined, { maxAttempts: 1 }).trail;
    for (let i = 0; i < 6; i++) await trail.send(new LookupEventsCommand({}));
    expect(fake.throttled.size).toBe(0);
  });
});

