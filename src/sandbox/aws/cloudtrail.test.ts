import { LookupEventsCommand, paginateLookupEvents, type Event, type LookupEventsCommandInput } from "@aws-sdk/client-cloudtrail";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { describe, expect, test } from "vitest";
import { MGMT, PROD, sdkClients, useAwsFake } from "../../../test/support/sandbox/aws.js";

const sandbox = useAwsFake();

async function lookupAll(client: ReturnType<typeof sdkClients>["trail"], input: LookupEventsCommandInput): Promise<{ events: Event[]; pages: number }> {
  const events: Event[] = [];
  let pages = 0;
  for await (const page of paginateLookupEvents({ client }, input)) {
    pages++;
    expect(page.Events!.length).toBeLessThanOrEqual(10);
    events.push(...(page.Events ?? []));
  }
  return { events, pages };
}

describe("LookupEvents", () => {
  test("by AccessKeyId: every event of the key in this account and region, newest first, over pages of at most 10", async () => {
    const { events, pages } = await lookupAll(sdkClients(sandbox.fake.url).trail, { LookupAttributes: [{ AttributeKey: "AccessKeyId", AttributeValue: "AKIAFAKEALICE0000001" }], MaxResults: 50 });
    // 23 in us-east-1 within 90 days; the eu-west-1 ones and the year-old one are not returned.
    expect(events).toHaveLength(23);
    expect(pages).toBe(3);
    const times = events.map((e) => e.EventTime!.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(new Set(events.map((e) => e.EventId)).size).toBe(23);
  });

  test("an event carries the CloudTrailEvent record as a JSON string", async () => {
    const out = await sdkClients(sandbox.fake.url).trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventId", AttributeValue: "00000000-0000-4000-8000-000000000000" }] }));
    const event = out.Events![0]!;
    expect(event).toMatchObject({ EventName: "PutObject", ReadOnly: "false", AccessKeyId: "AKIAFAKEALICE0000001", EventSource: "s3.amazonaws.com", Username: "alice", EventTime: new Date("2026-07-31T00:00:00Z") });
    const record = JSON.parse(event.CloudTrailEvent!) as Record<string, unknown>;
    expect(record).toMatchObject({
      eventVersion: expect.any(String),
      userIdentity: { type: "IAMUser", principalId: "AIDAFAKE1110000000001", arn: `arn:aws:iam::${MGMT}:user/alice`, accountId: MGMT, accessKeyId: "AKIAFAKEALICE0000001", userName: "alice" },
      eventTime: "2026-07-31T00:00:00Z", eventSource: "s3.amazonaws.com", eventName: "PutObject", awsRegion: "us-east-1",
      sourceIPAddress: "4.148.0.10", userAgent: expect.stringContaining("configure-aws-credentials"), eventID: event.EventId,
      readOnly: false, eventType: "AwsApiCall", recipientAccountId: MGMT,
    });
    expect(record.requestID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  test("LookupEvents is regional and per account", async () => {
    const eu = await lookupAll(sdkClients(sandbox.fake.url, undefined, { region: "eu-west-1" }).trail, {});
    expect(eu.events.map((e) => e.AccessKeyId)).toEqual(["AKIAFAKEALICE0000001", "AKIAFAKEALICE0000001", "AKIAFAKEALICE0000001"]);
    const out = await sdkClients(sandbox.fake.url).sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${PROD}:role/OrganizationAccountAccessRole`, RoleSessionName: "trail" }));
    const prod = sdkClients(sandbox.fake.url, { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! }).trail;
    const prodEvents = await lookupAll(prod, {});
    expect(prodEvents.events.map((e) => e.Username)).toEqual(["deployer"]);
  });

  test("Username, EventName and a time window filter", async () => {
    const trail = sdkClients(sandbox.fake.url).trail;
    expect((await lookupAll(trail, { LookupAttributes: [{ AttributeKey: "Username", AttributeValue: "bob" }] })).events).toHaveLength(3);
    const puts = await lookupAll(trail, { LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "PutObject" }] });
    expect(puts.events.every((e) => e.EventName === "PutObject")).toBe(true);
    const window = await lookupAll(trail, { StartTime: new Date("2026-07-30T20:30:00Z"), EndTime: new Date("2026-07-31T00:00:00Z") });
    expect(window.events.map((e) => e.EventTime!.toISOString())).toEqual(["2026-07-31T00:00:00.000Z", "2026-07-30T23:00:00.000Z", "2026-07-30T22:00:00.000Z", "2026-07-30T21:00:00.000Z"]);
    expect((await lookupAll(trail, { StartTime: new Date("2025-01-01T00:00:00Z"), LookupAttributes: [{ AttributeKey: "AccessKeyId", AttributeValue: "AKIAFAKEALICE0000001" }] })).events).toHaveLength(24);
  });

  test("invalid input answers CloudTrail's own exceptions", async () => {
    const trail = sdkClients(sandbox.fake.url).trail;
    await expect(trail.send(new LookupEventsCommand({ MaxResults: 100 }))).rejects.toMatchObject({ name: "InvalidMaxResultsException" });
    await expect(trail.send(new LookupEventsCommand({ StartTime: new Date("2026-07-31T00:00:00Z"), EndTime: new Date("2026-07-01T00:00:00Z") }))).rejects.toMatchObject({ name: "InvalidTimeRangeException" });
    await expect(
      trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "Username", AttributeValue: "a" }, { AttributeKey: "EventName", AttributeValue: "b" }] })),
    ).rejects.toMatchObject({ name: "InvalidLookupAttributesException" });
    const first = await trail.send(new LookupEventsCommand({}));
    await expect(trail.send(new LookupEventsCommand({ NextToken: first.NextToken, LookupAttributes: [{ AttributeKey: "Username", AttributeValue: "bob" }] }))).rejects.toMatchObject({ name: "InvalidNextTokenException" });
  });
});
