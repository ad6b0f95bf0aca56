// IAM last-accessed reads: through the real SDK against the acme fake (every used key's user gets a
// report that agrees with its CloudTrail, each call counted), and against a scripted client for the
// pacing and the failures that must stay on one user.
import { GenerateServiceLastAccessedDetailsCommand, GetServiceLastAccessedDetailsCommand } from "@aws-sdk/client-iam";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { iamActionOfEvent } from "../../core/iam-actions.js";
import type { IamUser } from "../../inventory/schema.js";
import { startAwsFake, type AwsFake } from "../../sandbox/aws/index.js";
import { buildScenario } from "../../sandbox/scenario/index.js";
import type { World } from "../../sandbox/world.js";
import { awsConnection, noSleep } from "../../../test/support/discover.js";
import { RequestCounter } from "../request-counter.js";
import { discoverAws } from "./index.js";
import { readLastAccessed } from "./last-accessed.js";

describe("last-accessed through discover, on acme", () => {
  let world: World;
  let fake: AwsFake;
  let result: Awaited<ReturnType<typeof discoverAws>>;
  const counter = new RequestCounter();
  beforeAll(async () => {
    world = buildScenario("acme");
    fake = await startAwsFake(world);
    result = await discoverAws({
      connection: awsConnection(fake), auditRoleName: world.aws.auditRoleName, concurrency: 4, cloudTrail: true, maxEventsPerKey: 200,
      cloudTrailRequestsPerSecond: 1000, now: new Date(world.now), counter, sleep: noSleep,
    });
  });
  afterAll(() => fake?.close());

  it("reads an action-level report for every user whose key was used, and none for the others", () => {
    const { users, accessKeys } = result.aws;
    const used = new Set(accessKeys.filter((k) => k.lastUsed?.date && !k.isRoot).map((k) => `${k.accountId}/${k.userName}`));
    expect(used.size).toBeGreaterThan(20);
    for (const u of users) {
      if (used.has(`${u.accountId}/${u.userName}`)) expect(u.lastAccessed, u.userName).toMatchObject({ granularity: "ACTION_LEVEL" });
      else expect(u.lastAccessed, u.userName).toBeUndefined();
    }
    // One job per user, at least three polls each (two IN_PROGRESS), every one counted.
    const jobs = counter.toJSON().find((r) => r.endpoint === "iam:GenerateServiceLastAccessedDetails")?.count;
    const polls = counter.toJSON().find((r) => r.endpoint === "iam:GetServiceLastAccessedDetails")?.count ?? 0;
    expect(jobs).toBe(used.size);
    expect(polls).toBeGreaterThanOrEqual(3 * used.size);
    expect(fake.requests.get("iam:GetServiceLastAccessedDetails")).toBe(polls);
  });

  it("a Lambda deployer's actions carry the times of its CloudTrail calls; its other policy actions none", () => {
    const user = result.aws.users.find((u) => u.userName === "gha-search-indexer")!;
    const lambda = user.lastAccessed?.services.find((s) => s.namespace === "lambda");
    const events = world.aws.cloudtrail.filter((e) => e.userName === user.userName && e.accountId === user.accountId);
    const called = new Map<string, string>();
    for (const e of events) {
      const action = iamActionOfEvent(e.eventSource, e.eventName);
      if (!called.has(action) || called.get(action)! < e.eventTime) called.set(action, e.eventTime);
    }
    expect(called.size).toBeGreaterThan(0);
    for (const a of lambda?.actions ?? []) {
      const when = called.get(`lambda:${a.name}`);
      expect(a.lastAccessed === undefined ? undefined : Date.parse(a.lastAccessed), a.name).toBe(when === undefined ? undefined : Math.floor(Date.parse(when) / 1000) * 1000);
    }
  });
});

/** A scripted IAM client: per user ARN, what its job does. */
function scripted(behaviour: Record<string, "ok" | "denied" | "failed" | "stuck" | "expired">) {
  const jobs = new Map<string, { arn: string; polls: number }>();
  const calls: string[] = [];
  return {
    calls,
    send: async (command: unknown) => {
      if (command instanceof GenerateServiceLastAccessedDetailsCommand) {
        const arn = command.input.Arn!;
        calls.push(`generate ${arn}`);
        if (behaviour[arn] === "expired") throw Object.assign(new Error("The security token included in the request is expired"), { name: "ExpiredToken" });
        if (behaviour[arn] === "denied") throw Object.assign(new Error(`User is not authorized to perform: iam:GenerateServiceLastAccessedDetails on resource: ${arn}`), { name: "AccessDenied" });
        const id = `job-${jobs.size}`;
        jobs.set(id, { arn, polls: 0 });
        return { JobId: id };
      }
      if (command instanceof GetServiceLastAccessedDetailsCommand) {
        const job = jobs.get(command.input.JobId!)!;
        job.polls++;
        const b = behaviour[job.arn];
        if (b === "stuck" || job.polls < 3) return { JobStatus: "IN_PROGRESS", ServicesLastAccessed: [] };
        if (b === "failed") return { JobStatus: "FAILED", ServicesLastAccessed: [], Error: { Code: "InternalError", Message: "report could not be built" } };
        return { JobStatus: "COMPLETED", JobType: "ACTION_LEVEL", ServicesLastAccessed: [{ ServiceNamespace: "s3", ServiceName: "Amazon S3", LastAuthenticated: new Date("2026-11-01T00:00:00Z") }] };
      }
      throw new Error("unexpected command");
    },
  };
}

const user = (name: string): IamUser => ({ accountId: "222222222222", userName: name, arn: `arn:aws:iam::222222222222:user/${name}`, createDate: "2025-01-01T00:00:00Z", groups: [], policies: [] });

describe("readLastAccessed", () => {
  it("backs off exponentially up to the cap while a job is in progress", async () => {
    const pauses: number[] = [];
    const iam = scripted({});
    await readLastAccessed(iam, [user("a")], { sleep: async (ms) => void pauses.push(ms), pollBaseMs: 100, pollCapMs: 150 });
    expect(pauses).toEqual([100, 150]);
  });

  it("records AccessDenied, a FAILED job and a job not done in time on their users; the others are read", async () => {
    const users = [user("ok"), user("denied"), user("failed"), user("stuck"), user("ok2")];
    const iam = scripted({ [users[1]!.arn]: "denied", [users[2]!.arn]: "failed", [users[3]!.arn]: "stuck" });
    const skipped = await readLastAccessed(iam, users, { sleep: noSleep, pollBaseMs: 1_000, maxWaitMs: 10_000 });
    expect(users.map((u) => u.lastAccessed?.error?.code ?? u.lastAccessed?.services.map((s) => s.namespace).join(","))).toEqual(["s3", "AccessDenied", "JobFailed", "JobNotDone", "s3"]);
    expect(skipped.map((s) => `${s.target} ${s.code}`)).toEqual(
      expect.arrayContaining(["222222222222/denied/last-accessed AccessDenied", "222222222222/failed/last-accessed JobFailed", "222222222222/stuck/last-accessed JobNotDone"]),
    );
    // The stuck job stopped at the deadline without starting another job.
    expect(iam.calls.filter((c) => c.includes("stuck"))).toHaveLength(1);
  });

  it("a member account's session that stayed expired loses that user's report; the caller's own rejected credentials end the scan", async () => {
    const users = [user("ok"), user("expired")];
    const behaviour = { [users[1]!.arn]: "expired" as const };
    const skipped = await readLastAccessed(scripted(behaviour), users, { sleep: noSleep, escalate: false });
    expect(users.map((u) => u.lastAccessed?.error?.code ?? "read")).toEqual(["read", "ExpiredToken"]);
    expect(skipped.map((s) => `${s.target} ${s.code}`)).toEqual(["222222222222/expired/last-accessed ExpiredToken"]);
    await expect(readLastAccessed(scripted(behaviour), [user("ok"), user("expired")], { sleep: noSleep })).rejects.toMatchObject({ name: "ExpiredToken" });
  });
});
