// CloudTrail evidence: a configure-aws-credentials user agent naming one of a repo's runs (certain),
// and use from GitHub-hosted runners while a repo's key-using workflows ran (high, or weaker when
// the timing is ambiguous; the rule is spelled out at `runnerClaims`).
import type { CloudTrailEvent, Inventory, WorkflowRun } from "../../inventory/schema.js";
import type { Confidence, Evidence } from "../model.js";
import { setsInFiles, type Claim, type LinkContext } from "./context.js";
import { runnerRangeMatcher } from "./runner-ranges.js";
import { RunIndex, type RunWindow } from "./run-windows.js";
import { parseActionsUserAgent } from "./user-agent.js";

/** A repo whose runs share an event's time with more than this many other repos gets nothing from it. */
export const MAX_SHARED_REPOS = 1;
/** Share of the key's runner events (while the repo was observed) its runs must explain for "high". */
export const MIN_EXPLAINED_SHARE = 0.5;

function eventsByKey(inventory: Inventory, ctx: LinkContext): Map<string, CloudTrailEvent[]> {
  const out = new Map<string, CloudTrailEvent[]>();
  for (const e of inventory.aws?.cloudTrail ?? []) {
    if (!ctx.keys.has(e.accessKeyId) || Number.isNaN(Date.parse(e.eventTime))) continue;
    out.set(e.accessKeyId, [...(out.get(e.accessKeyId) ?? []), e]);
  }
  for (const list of out.values()) list.sort((a, b) => Date.parse(a.eventTime) - Date.parse(b.eventTime) || a.eventId.localeCompare(b.eventId));
  return out;
}

export function cloudTrailClaims(inventory: Inventory, ctx: LinkContext): Claim[] {
  const byKey = eventsByKey(inventory, ctx);
  const index = new RunIndex(ctx);
  const inRunnerRange = runnerRangeMatcher(inventory.github?.actionsIpRanges ?? []);
  const byRunId = runIdClaims(byKey, ctx);
  return [...byRunId, ...runnerClaims(byKey, ctx, index, inRunnerRange, byRunId)];
}

function runIdClaims(byKey: Map<string, CloudTrailEvent[]>, ctx: LinkContext): Claim[] {
  const runs = new Map<number, { repo: string; run: WorkflowRun }>();
  for (const repo of ctx.repos.values()) for (const run of repo.repo.workflowRuns) runs.set(run.id, { repo: repo.repo.fullName, run });
  const claims: Claim[] = [];
  for (const [keyId, events] of byKey) {
    const hits = new Map<string, Array<{ event: CloudTrailEvent; run: WorkflowRun; cac: boolean }>>();
    for (const event of events) {
      const ua = parseActionsUserAgent(event.userAgent);
      const found = ua.runId !== undefined ? runs.get(ua.runId) : undefined;
      if (!found) continue;
      hits.set(found.repo, [...(hits.get(found.repo) ?? []), { event, run: found.run, cac: ua.configureAwsCredentials }]);
    }
    for (const [repo, list] of hits) {
      const first = list[0];
      const repoCtx = ctx.repos.get(repo);
      if (!first || !repoCtx) continue;
      const runIds = [...new Set(list.map((h) => h.run.id))];
      const who = first.cac ? "configure-aws-credentials" : "a tool";
      claims.push({
        accessKeyId: keyId,
        repo,
        evidence: {
          kind: "cloudtrail-run-id",
          confidence: "certain",
          summary: `CloudTrail event ${first.event.eventId} (${first.event.eventName} at ${first.event.eventTime}) names run ${first.run.id} of ${first.run.workflowPath} in its user agent, set by ${who}${list.length > 1 ? `; ${list.length} events in ${runIds.length} runs in all` : ""}.`,
          refs: { eventId: first.event.eventId, eventTime: first.event.eventTime, runId: first.run.id, workflow: first.run.workflowPath, events: list.length, runs: runIds.length },
        },
        sets: setsInFiles(repoCtx, list.map((h) => h.run.workflowPath)),
      });
    }
  }
  return claims;
}

interface RepoTally {
  hits: Array<{ event: CloudTrailEvent; windows: RunWindow[]; shared: number; others: string[] }>;
  exclusive: number;
}

/**
 * Runner evidence for key K and repo R. An event of K "matches" R when it comes from a GitHub-hosted
 * runner range (or from configure-aws-credentials on any runner) while a run of one of R's key-using
 * workflows was in progress. Busy organizations run many workflows at once, so:
 * - an event matched by R alone is exclusive; one matched by several repos is shared;
 * - high: R has an exclusive match, and R's runs explain at least half of K's runner events during
 *   R's observed period (first to last known run), not counting events another single repo explains
 *   (a key shared by two repos stays high for both; a key used from Azure hosts that happen to be in
 *   the /meta ranges, and only now and then at the same time as R's runs, does not);
 * - medium: an exclusive match that explains too little of the key's activity;
 * - low: only shared matches, each shared by at most MAX_SHARED_REPOS other repos, and not by a
 *   repo the key is already tied to (a run id, or high runner evidence): that repo explains it;
 * - nothing when every match was shared more widely than that.
 */
function runnerClaims(byKey: Map<string, CloudTrailEvent[]>, ctx: LinkContext, index: RunIndex, inRunnerRange: (ip: string | undefined) => boolean, byRunId: Claim[]): Claim[] {
  const claims: Claim[] = [];
  const tied = new Map<string, Set<string>>();
  const tie = (keyId: string, repo: string) => tied.set(keyId, (tied.get(keyId) ?? new Set()).add(repo));
  for (const c of byRunId) tie(c.accessKeyId, c.repo);
  for (const [keyId, events] of byKey) {
    const runnerEvents = events
      .filter((e) => inRunnerRange(e.sourceIPAddress) || parseActionsUserAgent(e.userAgent).configureAwsCredentials)
      .map((event) => {
        const windows = index.at(Date.parse(event.eventTime));
        return { event, windows, repos: new Set(windows.map((w) => w.repo)) };
      });
    const tallies = new Map<string, RepoTally>();
    for (const { event, windows, repos } of runnerEvents) {
      for (const repo of repos) {
        const t = tallies.get(repo) ?? { hits: [], exclusive: 0 };
        t.hits.push({ event, windows: windows.filter((w) => w.repo === repo), shared: repos.size - 1, others: [...repos].filter((r) => r !== repo) });
        if (repos.size === 1) t.exclusive++;
        tallies.set(repo, t);
      }
    }
    const found: Array<{ repo: string; tally: RepoTally; confidence: Confidence; during: number }> = [];
    for (const [repo, tally] of tallies) {
      const period = index.period(repo);
      if (!period) continue;
      const during = runnerEvents.filter((e) => {
        const t = Date.parse(e.event.eventTime);
        return t >= period.start && t <= period.end && !(e.repos.size === 1 && !e.repos.has(repo));
      });
      const share = during.length > 0 ? tally.hits.length / during.length : 0;
      const confidence: Confidence = tally.exclusive > 0 ? (share >= MIN_EXPLAINED_SHARE ? "high" : "medium") : "low";
      if (confidence === "high") tie(keyId, repo);
      found.push({ repo, tally, confidence, during: during.length });
    }
    for (const { repo, tally, confidence, during } of found) {
      const repoCtx = ctx.repos.get(repo);
      const strong = tied.get(keyId) ?? new Set<string>();
      // Shared matches only count when no other repo the key is tied to was running too.
      const hits = confidence !== "low" ? tally.hits : tally.hits.filter((h) => h.shared <= MAX_SHARED_REPOS && !h.others.some((r) => strong.has(r)));
      const best = [...hits].sort((a, b) => a.shared - b.shared)[0];
      if (!repoCtx || !best) continue;
      claims.push({
        accessKeyId: keyId,
        repo,
        evidence: runnerEvidence(repo, confidence, { hits, exclusive: tally.exclusive }, during, best),
        sets: setsInFiles(repoCtx, hits.flatMap((h) => h.windows.map((w) => w.run.workflowPath))),
      });
    }
  }
  return claims;
}

function runnerEvidence(repo: string, confidence: Confidence, tally: RepoTally, during: number, best: RepoTally["hits"][number]): Evidence {
  const run = best.windows[0]?.run;
  const e = best.event;
  const example = `e.g. ${e.eventName} at ${e.eventTime} from ${e.sourceIPAddress ?? "an unknown address"} during run ${run?.id} of ${run?.workflowPath}`;
  const why =
    confidence === "high"
      ? `${tally.exclusive} of them while no other repo's key-using workflow was running`
      : confidence === "medium"
        ? `${tally.exclusive} while no other repo's key-using workflow was running, but ${during - tally.hits.length} other runner events of the key fall outside ${repo}'s runs`
        : `every one while other repos' key-using workflows were running too`;
  return {
    kind: "cloudtrail-runner-ip",
    confidence,
    summary: `${tally.hits.length} of the key's ${during} CloudTrail events from GitHub Actions runners while ${repo}'s runs were observed fell inside runs of its key-using workflows (${why}); ${example}.`,
    refs: {
      eventId: e.eventId,
      eventTime: e.eventTime,
      ...(run ? { runId: run.id, workflow: run.workflowPath } : {}),
      matchedEvents: tally.hits.length,
      exclusiveEvents: tally.exclusive,
      runnerEventsInPeriod: during,
      ...(best.shared > 0 ? { otherReposRunning: best.shared } : {}),
    },
  };
}
