// CloudTrail LookupEvents (awsJson1_1): the management events of the caller's account in the request's
// region (LookupEvents is regional), newest first, at most 10 per page, with the CloudTrailEvent JSON.

import type { CloudTrailEvent, World } from "../world.js";
import { AwsFault, type RequestContext } from "./context.js";
import { epochSeconds, isoSeconds } from "./format.js";
import { stableAwsId } from "./ids.js";
import { num, str } from "./json-protocol.js";
import { pageLimit, paginate } from "./pagination.js";

type Input = Record<string, unknown>;

const PAGE_CAP = 10;
const NINETY_DAYS_MS = 90 * 24 * 3600 * 1000;

const ATTRIBUTES: Record<string, (e: CloudTrailEvent) => string[]> = {
  EventId: (e) => [e.eventId],
  EventName: (e) => [e.eventName],
  ReadOnly: (e) => [String(e.readOnly)],
  Username: (e) => [e.userName],
  EventSource: (e) => [e.eventSource],
  AccessKeyId: (e) => [e.accessKeyId],
  ResourceType: (e) => (e.resources ?? []).map((r) => r.type),
  ResourceName: (e) => (e.resources ?? []).map((r) => r.name),
};

function timeInput(input: Input, name: string): Date | undefined {
  const value = num(input, name);
  return value === undefined ? undefined : new Date(value * 1000);
}

function lookupEvents(ctx: RequestContext, input: Input): Record<string, unknown> {
  const attributes = input["LookupAttributes"] ?? [];
  if (!Array.isArray(attributes)) throw new AwsFault("SerializationException", "LookupAttributes must be a list");
  if (attributes.length > 1) throw new AwsFault("InvalidLookupAttributesException", "You cannot specify more than one lookup attribute.");
  const attribute = attributes[0] as Input | undefined;
  const key = attribute === undefined ? undefined : str(attribute, "AttributeKey");
  const value = attribute === undefined ? undefined : str(attribute, "AttributeValue");
  if (attribute !== undefined && (key === undefined || !(key in ATTRIBUTES) || value === undefined || value === "")) {
    throw new AwsFault("InvalidLookupAttributesException", "The attribute key or value in the lookup attributes is not valid.");
  }
  const max = num(input, "MaxResults");
  if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > 50)) {
    throw new AwsFault("InvalidMaxResultsException", "The MaxResults value is not valid. It must be between 1 and 50.");
  }
  const now = ctx.now();
  const end = timeInput(input, "EndTime") ?? now;
  const start = timeInput(input, "StartTime") ?? new Date(now.getTime() - NINETY_DAYS_MS);
  if (start.getTime() > end.getTime()) throw new AwsFault("InvalidTimeRangeException", "Start time must be less than or equal to end time.");

  const matches = eventsOf(ctx.world.aws.cloudtrail, ctx.caller.accountId, ctx.region).filter((e) => {
    const t = Date.parse(e.eventTime);
    if (t < start.getTime() || t > end.getTime()) return false;
    return key === undefined || ATTRIBUTES[key]!(e).includes(value!);
  });

  const scope = JSON.stringify([ctx.caller.accountId, ctx.region, key, value, input["StartTime"] ?? null, input["EndTime"] ?? null]);
  const p = paginate(matches, sortKey, {
    token: str(input, "NextToken"),
    limit: pageLimit(max, PAGE_CAP),
    scope,
    invalid: () => new AwsFault("InvalidNextTokenException", "A token that is not valid, or a token that was previously used in a request with different parameters."),
  });
  return { Events: p.items.map((e) => eventShape(ctx.world, e)), NextToken: p.next };
}

// Newest first; the sort key must grow along the listing, so invert the time.
const sortKey = (e: CloudTrailEvent) => `${String(9e15 - Date.parse(e.eventTime)).padStart(16, "0")}|${e.eventId}`;

/**
 * Events per account and region, sorted, rebuilt when events are added or removed: large scenarios hold many
 * thousands of events and discovery looks them up key by key.
 */
const indexes = new WeakMap<CloudTrailEvent[], { length: number; byScope: Map<string, CloudTrailEvent[]> }>();

function eventsOf(trail: CloudTrailEvent[], accountId: string, region: string): CloudTrailEvent[] {
  let index = indexes.get(trail);
  if (!index || index.length !== trail.length) {
    const byScope = new Map<string, CloudTrailEvent[]>();
    for (const e of trail) {
      const scope = `${e.accountId}|${e.awsRegion}`;
      const list = byScope.get(scope);
      if (list) list.push(e);
      else byScope.set(scope, [e]);
    }
    for (const list of byScope.values()) list.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
    index = { length: trail.length, byScope };
    indexes.set(trail, index);
  }
  return index.byScope.get(`${accountId}|${region}`) ?? [];
}

function eventShape(world: World, e: CloudTrailEvent): Record<string, unknown> {
  return {
    EventId: e.eventId,
    EventName: e.eventName,
    ReadOnly: String(e.readOnly),
    // Web identity calls have no caller key: CloudTrail leaves the member out.
    AccessKeyId: e.accessKeyId || undefined,
    EventTime: epochSeconds(e.eventTime),
    EventSource: e.eventSource,
    Username: e.userName,
    Resources: (e.resources ?? []).map((r) => ({ ResourceType: r.type, ResourceName: r.name })),
    CloudTrailEvent: JSON.stringify(cloudTrailRecord(world, e)),
  };
}

/** The event record as CloudTrail stores it (the CloudTrailEvent member is this, as a JSON string). */
export function cloudTrailRecord(world: World, e: CloudTrailEvent): Record<string, unknown> {
  const isRoot = e.userName === "root" || e.userName === "<root_account>";
  const user = world.aws.iam[e.accountId]?.users.find((u) => u.userName === e.userName);
  const userIdentity = e.userIdentity
    ? e.userIdentity
    : isRoot
    ? { type: "Root", principalId: e.accountId, arn: `arn:aws:iam::${e.accountId}:root`, accountId: e.accountId, accessKeyId: e.accessKeyId }
    : {
        type: "IAMUser",
        principalId: user?.userId ?? stableAwsId("AIDA", 17, `${e.accountId}:${e.userName}`),
        arn: user?.arn ?? `arn:aws:iam::${e.accountId}:user/${e.userName}`,
        accountId: e.accountId,
        accessKeyId: e.accessKeyId,
        userName: e.userName,
      };
  return {
    eventVersion: "1.09",
    userIdentity,
    eventTime: isoSeconds(e.eventTime),
    eventSource: e.eventSource,
    eventName: e.eventName,
    awsRegion: e.awsRegion,
    sourceIPAddress: e.sourceIPAddress,
    userAgent: e.userAgent,
    ...(e.errorCode ? { errorCode: e.errorCode, errorMessage: e.errorMessage } : {}),
    requestParameters: e.requestParameters ?? null,
    responseElements: e.responseElements ?? null,
    ...(e.additionalEventData ? { additionalEventData: e.additionalEventData } : {}),
    requestID: requestIdFor(e.eventId),
    eventID: e.eventId,
    readOnly: e.readOnly,
    ...(e.resources?.length && e.userIdentity ? { resources: e.resources.map((r) => ({ accountId: e.accountId, type: r.type, ARN: r.name })) } : {}),
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: e.accountId,
    ...(e.sharedEventId ? { sharedEventID: e.sharedEventId } : {}),
    eventCategory: "Management",
  };
}

/** A stable request id per event, in the UUID shape CloudTrail shows. */
function requestIdFor(eventId: string): string {
  const hex = stableAwsId("", 32, `request:${eventId}`)
    .toLowerCase()
    .replace(/[^0-9a-f]/g, (c) => (c.charCodeAt(0) % 16).toString(16));
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export const CLOUDTRAIL_HANDLERS: Record<string, (ctx: RequestContext, input: Input) => Record<string, unknown>> = {
  LookupEvents: lookupEvents,
};
