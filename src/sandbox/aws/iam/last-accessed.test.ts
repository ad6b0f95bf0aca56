// IAM's service last-accessed jobs through the real SDK, on the acme scenario: job ids, IN_PROGRESS
// then COMPLETED, Marker pages, and entries that agree with the scenario's CloudTrail and policies.
import { GenerateServiceLastAccessedDetailsCommand, GetServiceLastAccessedDetailsCommand, IAMClient, type ServiceLastAccessed } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { iamActionOfEvent } from "../../../core/iam-actions.js";
import { buildScenario } from "../../scenario/index.js";
import { SANDBOX_AWS_CREDENTIALS } from "../../scenario/credentials.js";
import type { World } from "../../world.js";
import { startAwsFake, type AwsFake } from "../server.js";
import { POLLS_IN_PROGRESS } from "./last-accessed.js";

let world: World;
let fake: AwsFake;
beforeAll(async () => {
  world = buildScenario("acme");
  fake = await startAwsFake(world, { pageSize: 4 });
});
afterAll(() => fake?.close());

const accountOf = (name: string) => world.aws.accounts.find((a) => a.name === name)!.id;

/** An IAM client inside a member account, through the audit role as discover enters it. */
async function iamIn(accountId: string): Promise<IAMClient> {
  const base = { endpoint: fake.url, region: "us-east-1" };
  const sts = new STSClient({ ...base, credentials: SANDBOX_AWS_CREDENTIALS });
  const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${world.aws.auditRoleName}`, RoleSessionName: "test" }));
  return new IAMClient({ ...base, credentials: { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! } });
}

async function report(iam: IAMClient, arn: string, granularity: "SERVICE_LEVEL" | "ACTION_LEVEL") {
  const { JobId } = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arn, Granularity: granularity }));
  const statuses: string[] = [];
  const services: ServiceLastAccessed[] = [];
  let marker: string | undefined;
  let pages = 0;
  for (;;) {
    const out = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId, Marker: marker, MaxItems: 100 }));
    statuses.push(out.JobStatus!);
    if (out.JobStatus === "IN_PROGRESS") continue;
    expect(out.JobType).toBe(granularity);
    pages++;
    services.push(...out.ServicesLastAccessed!);
    if (!out.IsTruncated) break;
    marker = out.Marker;
  }
  return { JobId, statuses, services, pages };
}

describe("service last accessed", () => {
  test("a job answers IN_PROGRESS, then COMPLETED in small Marker pages, every service once", async () => {
    const prod = accountOf("acme-prod");
    const iam = await iamIn(prod);
    const { JobId, statuses, services, pages } = await report(iam, `arn:aws:iam::${prod}:user/ci/legacy-deployer`, "SERVICE_LEVEL");
    expect(JobId).toMatch(/^[0-9a-f-]{36}$/);
    expect(statuses.slice(0, POLLS_IN_PROGRESS)).toEqual(Array(POLLS_IN_PROGRESS).fill("IN_PROGRESS"));
    expect(statuses.at(-1)).toBe("COMPLETED");
    // AdministratorAccess allows every service: more than one page of 4.
    expect(pages).toBeGreaterThan(1);
    const names = services.map((s) => s.ServiceNamespace);
    expect(new Set(names).size).toBe(names.length);
    expect(services.every((s) => s.TrackedActionsLastAccessed === undefined)).toBe(true);
  });

  test("at action level, entries agree with the user's CloudTrail events and policies", async () => {
    const prod = accountOf("acme-prod");
    const iam = await iamIn(prod);
    const user = world.aws.iam[prod]!.users.find((u) => u.userName === "gha-search-indexer")!;
    const { services } = await report(iam, user.arn, "ACTION_LEVEL");
    // ci-lambda-deploy allows lambda actions only: lambda is the one service listed.
    expect(services.map((s) => s.ServiceNamespace)).toEqual(["lambda"]);
    const lambda = services[0]!;
    const events = world.aws.cloudtrail.filter((e) => e.accountId === prod && e.userName === user.userName);
    expect(events.length).toBeGreaterThan(0);
    const used = new Set(events.map((e) => iamActionOfEvent(e.eventSource, e.eventName).split(":")[1]));
    const tracked = lambda.TrackedActionsLastAccessed!;
    // Every action of the policy is listed; those the key called carry the time of its last call.
    expect(tracked.map((a) => a.ActionName).sort()).toEqual(["GetFunction", "PublishVersion", "UpdateAlias", "UpdateFunctionCode"]);
    for (const a of tracked) {
      const calls = events.filter((e) => iamActionOfEvent(e.eventSource, e.eventName) === `lambda:${a.ActionName}`);
      if (used.has(a.ActionName)) {
        const newest = calls.map((e) => Date.parse(e.eventTime)).sort((x, y) => y - x)[0]!;
        expect(a.LastAccessedTime?.getTime()).toBe(Math.floor(newest / 1000) * 1000);
        expect(a.LastAccessedEntity).toBe(user.arn);
      } else {
        expect(a.LastAccessedTime).toBeUndefined();
      }
    }
    expect(lambda.TotalAuthenticatedEntities).toBe(1);
    expect(lambda.LastAuthenticatedEntity).toBe(user.arn);
  });

  test("services tracked only at service level carry no actions; S3 object use shows at service level only", async () => {
    const prod = accountOf("acme-prod");
    const iam = await iamIn(prod);
    const user = world.aws.iam[prod]!.users.find((u) => u.userName === "gha-web-frontend")!;
    const { services } = await report(iam, user.arn, "ACTION_LEVEL");
    expect(services.map((s) => s.ServiceNamespace)).toEqual(["cloudfront", "s3"]);
    const s3 = services.find((s) => s.ServiceNamespace === "s3")!;
    const cloudfront = services.find((s) => s.ServiceNamespace === "cloudfront")!;
    expect(s3.LastAuthenticated).toBeInstanceOf(Date);
    // ci-s3-deploy allows only object and bucket-listing calls, none of them tracked S3 management actions.
    expect(s3.TrackedActionsLastAccessed).toEqual([]);
    expect(cloudfront.TrackedActionsLastAccessed).toBeUndefined();
    expect(cloudfront.TotalAuthenticatedEntities).toBe(0);
    expect(cloudfront.LastAuthenticated).toBeUndefined();
  });

  test("a job whose user is deleted before it completes FAILS with an error; an unknown job or ARN is NoSuchEntity", async () => {
    const dev = accountOf("acme-dev");
    const iam = await iamIn(dev);
    const users = world.aws.iam[dev]!.users;
    const user = users.find((u) => u.userName === "gha-ledger-service")!;
    const { JobId } = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: user.arn, Granularity: "ACTION_LEVEL" }));
    world.aws.iam[dev]!.users = users.filter((u) => u !== user);
    let out;
    do out = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }));
    while (out.JobStatus === "IN_PROGRESS");
    expect(out.JobStatus).toBe("FAILED");
    expect(out.Error?.Code).toBe("EntityNotFound");
    await expect(iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: "00000000-0000-0000-0000-000000000000" }))).rejects.toMatchObject({ name: "NoSuchEntityException" });
    await expect(iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: user.arn }))).rejects.toMatchObject({ name: "NoSuchEntityException" });
  });
});
