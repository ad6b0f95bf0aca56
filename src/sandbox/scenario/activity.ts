// Plants what the keys did: workflow runs for every workflow, the CloudTrail events the key-using runs
// left (from runner IPs, inside the run's time window), use from outside GitHub, and each key's last use.
import type { CloudTrailEvent, WorkflowRun } from "../world.js";
import type { KeyRecord } from "./build-aws.js";
import type { RepoRecord } from "./build-github.js";
import { ACTIONS_IP_RANGES, cacUserAgent, event, ipIn, outsideUse, PROFILES, runnerUserAgent } from "./cloudtrail.js";
import type { ScenarioPlan } from "./plan.js";
import { addMs, workTime, type Rng } from "./random.js";
import type { FileSpec } from "./template-types.js";

interface LastUse {
  date: string;
  serviceName: string;
  region: string;
}

export function plantActivity(plan: ScenarioPlan, rng: Rng, now: string, records: RepoRecord[], keys: KeyRecord[]): CloudTrailEvent[] {
  const trail: CloudTrailEvent[] = [];
  const lastUse = new Map<KeyRecord, LastUse>();
  const used = (key: KeyRecord, use: LastUse) => {
    const prev = lastUse.get(key);
    if (!prev || Date.parse(use.date) > Date.parse(prev.date)) lastUse.set(key, use);
  };

  for (const record of records) {
    const region = record.plan.region ?? plan.regions[(record.plan.variant ?? 0) % plan.regions.length] ?? "us-east-1";
    for (const file of record.output.files) {
      if (!file.events || file.invalid || !file.path.startsWith(".github/workflows/")) continue;
      const runs = makeRuns(plan, rng, now, record, file);
      record.repo.workflowRuns.push(...runs);
      const slots = [...new Set(record.usages.filter((u) => u.path === file.path && u.slot !== "*").map((u) => u.slot))];
      for (const run of runs) {
        // Pull requests from forks get no secrets, and the deploy jobs here skip pull_request anyway.
        if (slots.length === 0 || run.event === "pull_request" || run.conclusion === "cancelled") continue;
        const ip = ipIn(rng, rng.pick(ACTIONS_IP_RANGES));
        const start = Date.parse(run.runStartedAt);
        const span = Date.parse(run.updatedAt) - start;
        for (const slotId of slots) {
          const binding = record.bindings.get(slotId);
          const key = binding?.key;
          if (!binding || !key || key.key.status !== "Active" || Date.parse(key.key.createDate) > start) continue;
          const base = { accountId: key.accountId, awsRegion: region, accessKeyId: key.key.accessKeyId, userName: key.key.userName, sourceIPAddress: ip };
          if (binding.slot.cac) {
            trail.push(event(rng, {
              ...base, eventTime: addMs(run.runStartedAt, rng.int(15_000, 45_000)), eventName: "GetCallerIdentity", eventSource: "sts.amazonaws.com", readOnly: true,
              userAgent: cacUserAgent(binding.slot.cac === "run-id" ? run.id : undefined, run.runAttempt),
            }));
          }
          const profile = PROFILES[binding.slot.profile];
          const shapes = profile.events.slice(0, rng.int(1, Math.max(1, profile.events.length)));
          shapes.forEach((shape, i) => {
            const at = addMs(run.runStartedAt, 60_000 + Math.floor(((span - 70_000) * (i + rng.float())) / (shapes.length + 1)));
            trail.push(event(rng, { ...base, eventTime: at, eventName: shape.name, eventSource: shape.source, readOnly: shape.readOnly, userAgent: runnerUserAgent(shape), ...(shape.source === "iam.amazonaws.com" ? { awsRegion: "us-east-1" } : {}) }));
          });
          used(key, { date: addMs(run.runStartedAt, Math.floor(span * 0.8)), serviceName: profile.lastUsedService, region });
        }
      }
    }
    record.repo.workflowRuns.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  }

  for (const key of keys) {
    if (!key.plan.outside || key.key.status !== "Active") continue;
    const outside = outsideUse(key.plan.outside);
    const ip = ipIn(rng, outside.range);
    for (let i = rng.int(3, 6); i > 0; i--) {
      const shape = rng.pick(outside.shapes);
      const at = workTime(rng, now, rng.int(1, 40));
      const region = shape.source === "iam.amazonaws.com" ? "us-east-1" : rng.pick(["us-east-1", "eu-west-1"]);
      trail.push(event(rng, { eventTime: at, eventName: shape.name, eventSource: shape.source, accountId: key.accountId, awsRegion: region, accessKeyId: key.key.accessKeyId, userName: key.key.userName, sourceIPAddress: ip, userAgent: outside.userAgentPrefix + shape.api, readOnly: shape.readOnly }));
      used(key, { date: at, serviceName: shape.source.split(".")[0] ?? "sts", region });
    }
  }

  for (const [key, use] of lastUse) {
    if (!key.key.lastUsed || Date.parse(use.date) > Date.parse(key.key.lastUsed.date)) key.key.lastUsed = use;
  }
  // Newest first, as LookupEvents answers; same-format ISO strings compare like the times they name.
  return trail.sort((a, b) => (a.eventTime < b.eventTime ? 1 : a.eventTime > b.eventTime ? -1 : 0));
}

const BRANCH_WORDS = ["retry-timeouts", "bump-deps", "new-endpoint", "fix-cache", "docs", "refactor-config", "upgrade-node", "add-metrics"];

function makeRuns(plan: ScenarioPlan, rng: Rng, now: string, record: RepoRecord, file: FileSpec): WorkflowRun[] {
  const { repo } = record;
  const events = file.events ?? [];
  const [min, max] = record.plan.runCount ?? [plan.runs.min, plan.runs.max];
  const count = rng.int(min, max);
  const window = Math.max(1, Math.min(plan.runs.days, record.plan.createdDaysAgo - 1));
  const tagPush = /\btags:/.test(file.raw) && !/\bbranches:/.test(file.raw);
  const starts: string[] = [];
  for (let i = 0; i < count; i++) {
    // Archived repos last ran long ago, but never before they existed.
    const oldest = record.plan.createdDaysAgo - 1;
    starts.push(repo.archived ? workTime(rng, now, rng.int(Math.min(oldest, 380), oldest)) : workTime(rng, now, rng.float() * window));
  }
  starts.sort();
  let runNumber = rng.int(5, 400);
  // Cycle through the triggers from a random start, so every trigger of the file shows up in its runs.
  const offset = rng.int(0, events.length - 1);
  return starts.map((createdAt, i) => {
    const eventName = events[(offset + i) % events.length] ?? "push";
    const roll = rng.float();
    const conclusion = roll < 0.82 ? "success" : roll < 0.94 ? "failure" : "cancelled";
    const runStartedAt = addMs(createdAt, rng.int(2_000, 20_000));
    const headBranch =
      eventName === "pull_request" || eventName === "pull_request_target"
        ? `${rng.pick(["feature", "fix"])}/${rng.pick(BRANCH_WORDS)}`
        : eventName === "release" || (eventName === "push" && tagPush)
          ? `v${rng.int(1, 3)}.${rng.int(0, 20)}.${rng.int(0, 9)}`
          : repo.defaultBranch;
    return {
      // Run ids grow with time, as GitHub's do (about 4e10 in late 2026).
      id: Number(rng.unique("run", () => String(40_000_000_000 - Math.floor((Date.parse(now) - Date.parse(createdAt)) / 1000) * 20 + rng.int(0, 19)))),
      workflowPath: file.path,
      name: file.name ?? file.path,
      event: eventName,
      headBranch,
      headSha: rng.sha(),
      status: "completed",
      conclusion,
      createdAt,
      updatedAt: addMs(runStartedAt, rng.int(2, 14) * 60_000 + rng.int(0, 59_000)),
      runStartedAt,
      runNumber: runNumber++,
      runAttempt: conclusion === "success" && rng.chance(0.08) ? 2 : 1,
    };
  });
}

