// IAM's last-accessed data of the users whose keys were used: GenerateServiceLastAccessedDetails at
// ACTION_LEVEL, then GetServiceLastAccessedDetails until the job completes, polled with exponential
// backoff (capped) and a deadline, a few users at once. Throttling is retried by the SDK client
// (standard mode) and counted like every other request. A denied call, a FAILED job or one that
// does not finish in time is recorded on the user and in `skipped`; the scan goes on.
import { GenerateServiceLastAccessedDetailsCommand, GetServiceLastAccessedDetailsCommand, type GetServiceLastAccessedDetailsCommandOutput, type IAMClient } from "@aws-sdk/client-iam";
import pLimit from "p-limit";
import type { AccessKey, IamUser, LastAccessedReport, ServiceLastAccessed, Skip } from "../../inventory/schema.js";
import { awsReason, fatalAwsError } from "./errors.js";

export interface LastAccessedOptions {
  sleep: (ms: number) => Promise<void>;
  /** First pause between polls; doubles each poll up to `pollCapMs`. */
  pollBaseMs?: number;
  pollCapMs?: number;
  /** Longest total wait for one job before the user is recorded as not done. */
  maxWaitMs?: number;
  /** Users whose jobs run at once (per account). */
  concurrency?: number;
  /**
   * The credentials are the caller's own: rejected ones end the scan. In a member account an
   * expired session that renewal could not save loses that user's report, not the scan.
   */
  escalate?: boolean;
}

/** IAM builds most reports in seconds; a large account's can take a minute. */
const DEFAULTS = { pollBaseMs: 500, pollCapMs: 8_000, maxWaitMs: 120_000, concurrency: 4, escalate: true };

/** Users worth a report: those with a key that was used at all (a never-used key has nothing to narrow by). */
export function usersToReport(users: readonly IamUser[], keys: readonly AccessKey[]): IamUser[] {
  const used = new Set(keys.filter((k) => !k.isRoot && k.lastUsed?.date).map((k) => `${k.accountId}/${k.userName}`));
  return users.filter((u) => used.has(`${u.accountId}/${u.userName}`));
}

/** Reads each user's report and sets `lastAccessed` on it; failures are returned as skips. */
export async function readLastAccessed(iam: Pick<IAMClient, "send">, users: readonly IamUser[], options: LastAccessedOptions): Promise<Skip[]> {
  const o = { ...DEFAULTS, ...stripUndefined(options), sleep: options.sleep };
  const limit = pLimit(Math.max(1, o.concurrency));
  const skipped: Skip[] = [];
  await Promise.all(
    users.map((user) =>
      limit(async () => {
        try {
          user.lastAccessed = await reportOf(iam, user.arn, o);
        } catch (error) {
          if (o.escalate && fatalAwsError(error)) throw error;
          const { code, reason } = error instanceof JobNotDone ? { code: error.code, reason: error.message } : awsReason(error);
          user.lastAccessed = { granularity: "ACTION_LEVEL", services: [], error: { code, reason } };
          skipped.push({ side: "aws", target: `${user.accountId}/${user.userName}/last-accessed`, code, reason: `IAM last-accessed data unavailable, its deploy role cannot be narrowed by it: ${reason}` });
        }
      }),
    ),
  );
  return skipped;
}

class JobNotDone extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function reportOf(iam: Pick<IAMClient, "send">, arn: string, o: typeof DEFAULTS & LastAccessedOptions): Promise<LastAccessedReport> {
  const { JobId } = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arn, Granularity: "ACTION_LEVEL" }));
  if (!JobId) throw new JobNotDone("NoJobId", "IAM answered without a job id");
  let waited = 0;
  let first: GetServiceLastAccessedDetailsCommandOutput;
  for (let poll = 0; ; poll++) {
    first = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId, MaxItems: 1000 }));
    if (first.JobStatus !== "IN_PROGRESS") break;
    if (waited >= o.maxWaitMs) throw new JobNotDone("JobNotDone", `the report job was still in progress after ${Math.round(waited / 1000)} s`);
    const pause = Math.min(o.pollBaseMs * 2 ** poll, o.pollCapMs, o.maxWaitMs - waited);
    await o.sleep(pause);
    waited += pause;
  }
  if (first.JobStatus === "FAILED") throw new JobNotDone("JobFailed", `the report job failed: ${first.Error?.Code ?? "unknown"}: ${first.Error?.Message ?? ""}`.trim());
  const services = [...(first.ServicesLastAccessed ?? [])];
  for (let page = first; page.IsTruncated && page.Marker; ) {
    page = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId, MaxItems: 1000, Marker: page.Marker }));
    services.push(...(page.ServicesLastAccessed ?? []));
  }
  return {
    granularity: first.JobType === "SERVICE_LEVEL" ? "SERVICE_LEVEL" : "ACTION_LEVEL",
    services: services.map((s): ServiceLastAccessed => ({
      namespace: s.ServiceNamespace ?? "",
      ...(s.LastAuthenticated ? { lastAuthenticated: s.LastAuthenticated.toISOString() } : {}),
      ...(s.LastAuthenticatedRegion ? { region: s.LastAuthenticatedRegion } : {}),
      ...(s.TrackedActionsLastAccessed
        ? {
            actions: s.TrackedActionsLastAccessed.map((a) => ({
              name: a.ActionName ?? "",
              ...(a.LastAccessedTime ? { lastAccessed: a.LastAccessedTime.toISOString() } : {}),
              ...(a.LastAccessedRegion ? { region: a.LastAccessedRegion } : {}),
            })),
          }
        : {}),
    })),
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
