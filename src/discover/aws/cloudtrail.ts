// CloudTrail events of one access key: who used it, from where, with which user agent.
// LookupEvents is regional, so we ask the key's last-used region and the partition's region for
// global services (us-east-1 in the aws partition). Pacing (2 requests/s per account-region) is
// done by the CloudTrail client itself, see clients.ts.
import { paginateLookupEvents } from "@aws-sdk/client-cloudtrail";
import pLimit from "p-limit";
import type { AccessKey, CloudTrailEvent, Skip } from "../../inventory/schema.js";
import type { AccountClients } from "./clients.js";
import { awsReason } from "./errors.js";

const DAY = 86_400_000;
/** Keys looked up at once in one account; the per account-region gate sets the actual pace. */
const LOOKUP_CONCURRENCY = 4;

/**
 * Events of an account's keys, for each key that can have any: used in the last 90 days, since
 * LookupEvents keeps no more (root keys have no id to look up). Inactive keys stay (deactivated
 * last week, their events still say who used them), and so do keys last used on S3 or another
 * service with data events: the last-used service is only the last one, and a workflow's other
 * calls (sts:GetCallerIdentity by configure-aws-credentials, to begin with) are management events.
 * A failed lookup is recorded and the others go on.
 */
export async function lookupAccountEvents(
  clients: AccountClients,
  accountId: string,
  keys: readonly AccessKey[],
  options: { now: Date; maxEventsPerKey: number; globalEventsRegion: string },
): Promise<{ events: CloudTrailEvent[]; skipped: Skip[] }> {
  const recent = keys.filter((key) => {
    const last = key.lastUsed?.date ? Date.parse(key.lastUsed.date) : undefined;
    return !key.isRoot && last !== undefined && options.now.getTime() - last <= 90 * DAY;
  });
  const skipped: Skip[] = [];
  const limit = pLimit(LOOKUP_CONCURRENCY);
  const perKey = await Promise.all(
    recent.map((key) =>
      limit(async () => {
        try {
          return await lookupKeyEvents(clients, accountId, key, options);
        } catch (error) {
          // Not fatal: a region that is not enabled answers UnrecognizedClientException.
          skipped.push({ side: "aws", target: `${accountId}/${key.accessKeyId}/cloudtrail`, ...awsReason(error) });
          return [];
        }
      }),
    ),
  );
  return { events: perKey.flat(), skipped };
}

export async function lookupKeyEvents(
  clients: AccountClients,
  accountId: string,
  key: AccessKey,
  options: { now: Date; maxEventsPerKey: number; globalEventsRegion: string },
): Promise<CloudTrailEvent[]> {
  const regions = [...new Set([key.lastUsed?.region, options.globalEventsRegion].filter((r): r is string => !!r && r !== "N/A"))];
  const events: CloudTrailEvent[] = [];
  const seen = new Set<string>();
  const startTime = new Date(options.now.getTime() - 90 * 86_400_000);
  for (const region of regions) {
    const pages = paginateLookupEvents(
      { client: clients.cloudTrail(region), pageSize: 50 }, // 50 is LookupEvents' largest page
      { LookupAttributes: [{ AttributeKey: "AccessKeyId", AttributeValue: key.accessKeyId }], StartTime: startTime, EndTime: options.now },
    );
    for await (const page of pages) {
      for (const e of page.Events ?? []) {
        if (!e.EventId || seen.has(e.EventId)) continue;
        seen.add(e.EventId);
        const detail = parseDetail(e.CloudTrailEvent);
        events.push({
          eventId: e.EventId,
          eventTime: (e.EventTime ?? new Date(0)).toISOString(),
          eventName: e.EventName ?? "",
          eventSource: e.EventSource ?? "",
          accountId,
          awsRegion: detail.awsRegion ?? region,
          accessKeyId: e.AccessKeyId ?? key.accessKeyId,
          sourceIPAddress: detail.sourceIPAddress,
          userAgent: detail.userAgent,
        });
      }
      if (events.length >= options.maxEventsPerKey) return events.slice(0, options.maxEventsPerKey);
    }
  }
  return events;
}

function parseDetail(json: string | undefined): { awsRegion?: string; sourceIPAddress?: string; userAgent?: string } {
  if (!json) return {};
  try {
    const d = JSON.parse(json) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === "string" ? v : undefined);
    return { awsRegion: str(d.awsRegion), sourceIPAddress: str(d.sourceIPAddress), userAgent: str(d.userAgent) };
  } catch {
    return {};
  }
}
