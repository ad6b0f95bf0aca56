// CloudTrail reads of verify and retire: role assumptions (AssumeRoleWithWebIdentity into entry or
// direct roles, the chained AssumeRole into deploy roles) looked up by event name in the role's
// account, and uses of an access key since a given time (discover's per-key lookup, filtered).
import { paginateLookupEvents } from "@aws-sdk/client-cloudtrail";
import type { AccountClients } from "../../discover/aws/clients.js";
import { lookupKeyEvents } from "../../discover/aws/cloudtrail.js";
import type { AccessKey } from "../../inventory/schema.js";
import type { KeyUse } from "../../verify/index.js";

export interface AssumeEvent {
  eventId: string;
  eventTime: string;
  /** Names of the event's resources, and the role ARN of its request when the record carries it. */
  roles: string[];
}

/** Enough for months of deploys; the newest come first, so a cap drops only the oldest. */
const MAX_EVENTS = 5000;

export async function lookupAssumeEvents(
  clients: AccountClients,
  region: string,
  eventName: "AssumeRoleWithWebIdentity" | "AssumeRole",
  window: { start: Date; end: Date },
): Promise<AssumeEvent[]> {
  const out: AssumeEvent[] = [];
  const pages = paginateLookupEvents(
    { client: clients.cloudTrail(region), pageSize: 50 },
    { LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: eventName }], StartTime: window.start, EndTime: window.end },
  );
  for await (const page of pages) {
    for (const e of page.Events ?? []) {
      if (!e.EventId || !e.EventTime) continue;
      const record = parseRecord(e.CloudTrailEvent);
      // A refused assumption (AccessDenied, InvalidIdentityToken…) is recorded too: it proves nothing.
      if (record.errorCode) continue;
      const roles = (e.Resources ?? []).flatMap((r) => (r.ResourceName ? [r.ResourceName] : []));
      out.push({ eventId: e.EventId, eventTime: e.EventTime.toISOString(), roles: record.roleArn ? [...roles, record.roleArn] : roles });
    }
    if (out.length >= MAX_EVENTS) break;
  }
  return out;
}

/** True when the event assumed `roleArn` (resources name roles by ARN; some records by name). */
export function assumes(event: AssumeEvent, roleArn: string): boolean {
  const name = roleArn.slice(roleArn.lastIndexOf("/") + 1);
  return event.roles.some((r) => r === roleArn || r === name);
}

function parseRecord(json: string | undefined): { roleArn?: string; errorCode?: string } {
  if (!json) return {};
  try {
    const record = JSON.parse(json) as { requestParameters?: { roleArn?: unknown } | null; errorCode?: unknown };
    const roleArn = record.requestParameters?.roleArn;
    return { ...(typeof roleArn === "string" ? { roleArn } : {}), ...(typeof record.errorCode === "string" ? { errorCode: record.errorCode } : {}) };
  } catch {
    return {};
  }
}

/** Events of the key after `since` (uses, or attempts once it is inactive), newest first. */
export async function keyUsesSince(
  clients: AccountClients,
  key: AccessKey,
  options: { since: Date; now: Date; globalRegion: string },
): Promise<KeyUse[]> {
  const events = await lookupKeyEvents(clients, key.accountId, key, { now: options.now, maxEventsPerKey: 200, globalEventsRegion: options.globalRegion });
  return events
    .filter((e) => Date.parse(e.eventTime) > options.since.getTime())
    .sort((a, b) => Date.parse(b.eventTime) - Date.parse(a.eventTime))
    .map((e) => ({ at: e.eventTime, what: `${e.eventSource.replace(/\.amazonaws\.com$/, "")}:${e.eventName}${e.sourceIPAddress ? ` from ${e.sourceIPAddress}` : ""}` }));
}
