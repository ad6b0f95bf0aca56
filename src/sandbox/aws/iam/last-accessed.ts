// GenerateServiceLastAccessedDetails / GetServiceLastAccessedDetails: a report job that IAM builds
// in the background. The job answers IN_PROGRESS to its first polls, then COMPLETED with the report
// taken at completion (or FAILED when the identity is gone by then), a page at a time.

import { randomUUID } from "node:crypto";
import { AwsFault, type FakeState, type RequestContext } from "../context.js";
import { isoSeconds } from "../format.js";
import { serviceLastAccessed, type ServiceAccessEntry } from "../last-accessed.js";
import type { XmlValue } from "../query-protocol.js";
import { iamPage, noSuchEntity, type IamHandler } from "./common.js";

type Granularity = "SERVICE_LEVEL" | "ACTION_LEVEL";

interface Job {
  accountId: string;
  arn: string;
  granularity: Granularity;
  created: Date;
  /** Polls still answered IN_PROGRESS. */
  pending: number;
  completed?: Date;
  report?: ServiceAccessEntry[];
  failure?: { code: string; message: string };
}

/** How many polls a new job answers IN_PROGRESS before it completes. */
export const POLLS_IN_PROGRESS = 2;

const jobsByFake = new WeakMap<FakeState, Map<string, Job>>();

function jobsOf(state: FakeState): Map<string, Job> {
  let jobs = jobsByFake.get(state);
  if (!jobs) jobsByFake.set(state, (jobs = new Map()));
  return jobs;
}

const ARN = /^arn:aws:iam::(\d{12}):(user|role|group|policy)\/.+$/;

function entryShape(e: ServiceAccessEntry): Record<string, XmlValue> {
  return {
    ServiceName: e.name,
    LastAuthenticated: e.last ? isoSeconds(e.last.time) : undefined,
    ServiceNamespace: e.namespace,
    LastAuthenticatedEntity: e.last?.entity,
    LastAuthenticatedRegion: e.last?.region,
    TotalAuthenticatedEntities: e.totalAuthenticatedEntities,
    TrackedActionsLastAccessed: e.trackedActions?.map((a) => ({
      ActionName: a.action,
      LastAccessedEntity: a.last?.entity,
      LastAccessedTime: a.last ? isoSeconds(a.last.time) : undefined,
      LastAccessedRegion: a.last?.region,
    })),
  };
}

export const LAST_ACCESSED_HANDLERS: Record<string, IamHandler> = {
  GenerateServiceLastAccessedDetails(ctx, params) {
    const arn = params.required("Arn");
    const granularity = params.get("Granularity") ?? "SERVICE_LEVEL";
    if (granularity !== "SERVICE_LEVEL" && granularity !== "ACTION_LEVEL") {
      throw new AwsFault("ValidationError", `1 validation error detected: Value '${granularity}' at 'granularity' failed to satisfy constraint: Member must satisfy enum value set: [SERVICE_LEVEL, ACTION_LEVEL]`);
    }
    const m = ARN.exec(arn);
    if (!m) throw new AwsFault("InvalidInput", `ARN ${arn} is not valid.`);
    if (m[1] !== ctx.caller.accountId || !serviceLastAccessed(ctx.world, ctx.caller.accountId, arn, granularity, ctx.now())) {
      throw noSuchEntity(`The entity ${arn} cannot be found.`);
    }
    const jobId = randomUUID();
    jobsOf(ctx.state).set(jobId, { accountId: ctx.caller.accountId, arn, granularity, created: ctx.now(), pending: POLLS_IN_PROGRESS });
    return { JobId: jobId };
  },
  GetServiceLastAccessedDetails(ctx, params) {
    const jobId = params.required("JobId");
    const job = jobsOf(ctx.state).get(jobId);
    // A job id is only good in the account that started it.
    if (!job || job.accountId !== ctx.caller.accountId) throw noSuchEntity(`The job with id ${jobId} cannot be found.`);
    const head = { JobType: job.granularity, JobCreationDate: isoSeconds(job.created) };
    if (job.pending > 0) {
      job.pending--;
      return { JobStatus: "IN_PROGRESS", ...head, ServicesLastAccessed: [] };
    }
    if (!job.completed) {
      job.completed = ctx.now();
      const report = serviceLastAccessed(ctx.world, job.accountId, job.arn, job.granularity, job.completed);
      if (report) job.report = report;
      else job.failure = { code: "EntityNotFound", message: `The entity ${job.arn} was deleted before the report completed.` };
    }
    if (job.failure) {
      return { JobStatus: "FAILED", ...head, ServicesLastAccessed: [], JobCompletionDate: isoSeconds(job.completed), Error: { Message: job.failure.message, Code: job.failure.code } };
    }
    const page = iamPage(ctx, params, job.report ?? [], (e) => e.namespace, `GetServiceLastAccessedDetails:${jobId}`);
    return { JobStatus: "COMPLETED", ...head, ServicesLastAccessed: page.items.map(entryShape), JobCompletionDate: isoSeconds(job.completed), ...page.fields };
  },
};
