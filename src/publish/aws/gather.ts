// Gathers what verify decides from, for every key of the plan (or the chosen ones): keyless's pull
// requests refreshed from GitHub, runs since each merge, role assumptions in CloudTrail (one lookup
// per account, region and event name, shared by every repository whose roles live there), each
// key's state and last use in IAM, and its CloudTrail uses since the first merge.
import pLimit from "p-limit";
import type { Link } from "../../analyze/model.js";
import type { GithubClient } from "../../discover/github/client.js";
import { githubReason } from "../../discover/github/errors.js";
import type { AccessKey } from "../../inventory/schema.js";
import type { KeyPlan, Plan } from "../../plan/index.js";
import type { StateStore } from "../../state/store.js";
import { earliestTime, keyHistory, type KeyEvidence, type RepoEvidence, type RoleFact } from "../../verify/index.js";
import { assumes, keyUsesSince, lookupAssumeEvents, type AssumeEvent } from "./cloudtrail.js";
import { refreshPr, runsSince } from "./github.js";
import { awsErrorText, readKey } from "./keys.js";
import type { AwsSession } from "./session.js";

export interface GatherInput {
  plan: Plan;
  links: Link[];
  /** The Inventory's keys (the plan's baseline: last use at the time of the audit). */
  inventoryKeys: AccessKey[];
  store: StateStore;
  /** Whether refreshed pull requests are written back to the store (not in a dry run). */
  writeStore: boolean;
  aws: AwsSession;
  github: GithubClient;
  now: Date;
  keyIds?: string[];
  concurrency?: number;
}

export interface Gathered {
  keys: KeyEvidence[];
  repos: Map<string, RepoEvidence>;
}

const PR_EVENTS = new Set(["pull_request", "pull_request_target"]);

interface RoleNeed {
  repo: string;
  fact: RoleFact;
  accountId: string;
  regions: string[];
  eventName: "AssumeRoleWithWebIdentity" | "AssumeRole";
  since: string;
}

export async function gatherEvidence(input: GatherInput): Promise<Gathered> {
  const limit = pLimit(Math.max(1, input.concurrency ?? 8));
  const wanted = input.keyIds?.length ? new Set(input.keyIds) : undefined;
  const keys = input.plan.keys.filter((k) => !wanted || wanted.has(k.accessKeyId));
  const repoNames = [...new Set(keys.flatMap((k) => k.repos))].sort();
  const repos = new Map<string, RepoEvidence>();
  const needs: RoleNeed[] = [];

  await Promise.all(repoNames.map((name) => limit(async () => repos.set(name, await gatherRepo(name, input, needs)))));
  await lookupRoles(needs, repos, input, limit);

  const evidence = await Promise.all(keys.map((k) => limit(() => gatherKey(k, repos, input))));
  return { keys: evidence, repos };
}

async function gatherRepo(name: string, input: GatherInput, needs: RoleNeed[]): Promise<RepoEvidence> {
  const repoPlan = input.plan.repos.find((r) => r.repo === name);
  const evidence: RepoEvidence = { repo: name, ...(repoPlan ? { plan: { status: repoPlan.status, issues: repoPlan.issues } } : {}), runs: [], roles: [], errors: [] };
  if (repoPlan?.status !== "ready") return evidence;
  let pr = input.store.getPr(name);
  if (pr && (pr.state === "open" || (pr.state === "merged" && !pr.mergedAt))) {
    try {
      const fresh = await refreshPr(input.github, pr, input.now);
      if (fresh !== pr && input.writeStore) input.store.upsertPr(fresh);
      pr = fresh;
    } catch (error) {
      evidence.errors.push(`pull request #${pr.number}: ${githubReason(error, "pull requests: read").reason}`);
    }
  }
  if (!pr) return evidence;
  evidence.pr = { number: pr.number, url: pr.url, state: pr.state, baseBranch: pr.baseBranch, ...(pr.mergedAt ? { mergedAt: pr.mergedAt } : {}), ...(pr.optedOut ? { optedOut: true } : {}) };
  if (pr.state !== "merged" || !pr.mergedAt) return evidence;

  const since = pr.mergedAt;
  try {
    // Any ref: a release workflow runs on tags, not on the default branch. Pull-request runs use
    // the pull request's version of the workflow, so they prove nothing about the merged one.
    const runs = (await runsSince(input.github, name, { since: new Date(since) })).filter((r) => !PR_EVENTS.has(r.event));
    // Runs of the workflows the pull request migrated, when the plan names workflow files.
    const paths = new Set(repoPlan.assignments.map((a) => a.path).filter((p) => p.startsWith(".github/workflows/")));
    evidence.runs = paths.size > 0 ? runs.filter((r) => paths.has(r.path)) : runs;
  } catch (error) {
    evidence.errors.push(`workflow runs: ${githubReason(error, "actions: read").reason}`);
  }
  const seen = new Map<string, RoleFact>();
  for (const a of repoPlan.assignments) {
    const regions = [...new Set([a.region ?? input.aws.region, input.aws.globalRegion])];
    const roles: Array<[string, RoleFact["via"]]> = [[a.entryRoleArn, "web-identity"], ...(a.chainRoleArn ? [[a.chainRoleArn, "chained"] as [string, RoleFact["via"]]] : [])];
    for (const [arn, via] of roles) {
      const existing = seen.get(arn);
      if (existing) {
        for (const need of needs.filter((n) => n.fact === existing)) need.regions = [...new Set([...need.regions, ...regions])];
        continue;
      }
      const fact: RoleFact = { arn, via };
      seen.set(arn, fact);
      evidence.roles.push(fact);
      const accountId = arn.split(":")[4] ?? "";
      needs.push({ repo: name, fact, accountId, regions, eventName: via === "web-identity" ? "AssumeRoleWithWebIdentity" : "AssumeRole", since });
    }
  }
  return evidence;
}

async function lookupRoles(needs: RoleNeed[], repos: Map<string, RepoEvidence>, input: GatherInput, limit: ReturnType<typeof pLimit>): Promise<void> {
  // One lookup per account, region and event name, from the earliest merge that needs it.
  const groups = new Map<string, { accountId: string; region: string; eventName: RoleNeed["eventName"]; since: string; needs: RoleNeed[] }>();
  for (const need of needs) {
    for (const region of need.regions) {
      const key = `${need.accountId}|${region}|${need.eventName}`;
      const group = groups.get(key) ?? { accountId: need.accountId, region, eventName: need.eventName, since: need.since, needs: [] };
      group.since = earliestTime([group.since, need.since]) as string;
      group.needs.push(need);
      groups.set(key, group);
    }
  }
  await Promise.all(
    [...groups.values()].map((g) =>
      limit(async () => {
        let events: AssumeEvent[];
        try {
          events = await lookupAssumeEvents(input.aws.account(g.accountId), g.region, g.eventName, { start: new Date(g.since), end: input.now });
        } catch (error) {
          for (const n of g.needs) repos.get(n.repo)?.errors.push(`CloudTrail ${g.eventName} in ${g.accountId} ${g.region}: ${awsErrorText(error)}`);
          return;
        }
        for (const n of g.needs) {
          const first = events
            .filter((e) => Date.parse(e.eventTime) >= Date.parse(n.since) && assumes(e, n.fact.arn))
            .sort((a, b) => Date.parse(a.eventTime) - Date.parse(b.eventTime))[0];
          if (first && (!n.fact.assumedAt || Date.parse(first.eventTime) < Date.parse(n.fact.assumedAt))) {
            n.fact.assumedAt = first.eventTime;
            n.fact.eventId = first.eventId;
          }
        }
      }),
    ),
  );
}

async function gatherKey(k: KeyPlan, repos: Map<string, RepoEvidence>, input: GatherInput): Promise<KeyEvidence> {
  const clients = input.aws.account(k.accountId);
  const reading = await readKey(clients.iam, { accessKeyId: k.accessKeyId, userName: k.userName });
  const events = input.store.keyEvents(k.accessKeyId);
  const audited = input.inventoryKeys.find((x) => x.accessKeyId === k.accessKeyId);
  const evidence: KeyEvidence = {
    plan: { accessKeyId: k.accessKeyId, accountId: k.accountId, userName: k.userName, disposition: k.disposition, repos: k.repos },
    links: input.links.filter((l) => l.accessKeyId === k.accessKeyId).map((l) => ({ repo: l.repo, confidence: l.confidence })),
    state: reading.state,
    ...(reading.lastUsed ? { lastUsed: reading.lastUsed.date } : {}),
    ...(audited?.lastUsed?.date ? { lastUsedAtAudit: audited.lastUsed.date } : {}),
    uses: [],
    events,
    errors: [],
  };
  // CloudTrail is asked only when its answer matters: after a merge, or once keyless deactivated it.
  const since = keyHistory(events).deactivatedAt ?? earliestTime(k.repos.map((r) => repos.get(r)?.pr?.mergedAt));
  const status = reading.state.status;
  if (since && (status === "Active" || status === "Inactive")) {
    // discover's lookup asks the key's last-used region (fresh from IAM) and the global one.
    const base: AccessKey = audited ?? { accessKeyId: k.accessKeyId, accountId: k.accountId, userName: k.userName, isRoot: false, status, createDate: since };
    const key: AccessKey = reading.lastUsed?.region ? { ...base, lastUsed: { date: reading.lastUsed.date, region: reading.lastUsed.region } } : base;
    try {
      evidence.uses = await keyUsesSince(clients, key, { since: new Date(since), now: input.now, globalRegion: input.aws.globalRegion });
    } catch (error) {
      evidence.errors.push(`CloudTrail uses of the key: ${awsErrorText(error)}`);
    }
  }
  return evidence;
}
