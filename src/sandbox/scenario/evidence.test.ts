import { describe, expect, it } from "vitest";
import type { CloudTrailEvent, GroundTruth, World } from "../world.js";
import { buildScenario, CAC_RUN_ID_PATTERN, CAC_USER_AGENT_MARK, SECRET_TIMING_WINDOW_MS } from "./index.js";
import { inRanges } from "./truth.js";

const world = buildScenario("acme");
const keys = Object.entries(world.aws.iam).flatMap(([accountId, iam]) => iam.accessKeys.map((k) => ({ ...k, accountId })));
const keyById = new Map(keys.map((k) => [k.accessKeyId, k]));
const repoOf = (full: string) => world.github.repos.find((r) => r.fullName === full);
const has = (l: GroundTruth["links"][number], e: GroundTruth["links"][number]["evidence"][number]) => l.evidence.includes(e);

function storedSecret(w: World, l: GroundTruth["links"][number]) {
  const r = w.github.repos.find((x) => x.fullName === l.repo);
  const name = l.secretNames[l.secretNames.length - 1];
  const pool = l.scope === "organization" ? (w.github.orgs[0]?.secrets ?? []) : l.scope === "environment" ? (r?.environments.find((e) => e.name === l.environment)?.secrets ?? []) : (r?.secrets ?? []);
  return pool.find((s) => s.name === name);
}

describe("links and their evidence", () => {
  it("link only existing keys of the named account, and every repo slot with a key", () => {
    expect(world.truth.links.length).toBeGreaterThanOrEqual(35);
    for (const l of world.truth.links) {
      expect(keyById.get(l.accessKeyId)?.accountId, l.repo).toBe(l.accountId);
      expect(l.secretNames.length).toBeGreaterThan(0);
    }
    // No link points into the account the audit cannot read, so every link can be measured.
    for (const l of world.truth.links) expect(world.truth.unreachableAccounts).not.toContain(l.accountId);
    // Every kind of evidence appears, and every link has at least one.
    const kinds = new Set(world.truth.links.flatMap((l) => l.evidence));
    expect([...kinds].sort()).toEqual(["cloudtrail-run-id", "cloudtrail-runner-ip", "name-match", "secret-scanning", "secret-timing"]);
    for (const l of world.truth.links) expect(l.evidence.length, l.repo).toBeGreaterThan(0);
  });

  it("times the secret minutes to hours after the key when it claims secret-timing, and days after when not", () => {
    const timed = world.truth.links.filter((l) => has(l, "secret-timing"));
    const late = world.truth.links.filter((l) => !has(l, "secret-timing"));
    expect(timed.length).toBeGreaterThanOrEqual(20);
    expect(late.length).toBeGreaterThanOrEqual(3);
    for (const l of world.truth.links) {
      const delta = Date.parse(storedSecret(world, l)?.updatedAt ?? "") - Date.parse(keyById.get(l.accessKeyId)?.createDate ?? "");
      if (has(l, "secret-timing")) {
        expect(delta, l.repo).toBeGreaterThanOrEqual(60_000);
        expect(delta, l.repo).toBeLessThanOrEqual(SECRET_TIMING_WINDOW_MS);
      } else {
        expect(Math.abs(delta), l.repo).toBeGreaterThan(2 * SECRET_TIMING_WINDOW_MS);
      }
    }
  });

  it("backs cloudtrail-run-id with a configure-aws-credentials event naming a run of the repo, inside that run", () => {
    const withRunId = world.truth.links.filter((l) => has(l, "cloudtrail-run-id"));
    expect(withRunId.length).toBeGreaterThanOrEqual(3);
    for (const l of withRunId) {
      const runs = repoOf(l.repo)?.workflowRuns ?? [];
      const hit = world.aws.cloudtrail.find((e) => {
        if (e.accessKeyId !== l.accessKeyId || !e.userAgent.includes(CAC_USER_AGENT_MARK)) return false;
        const run = runs.find((r) => r.id === Number(CAC_RUN_ID_PATTERN.exec(e.userAgent)?.[1]));
        return run !== undefined && Date.parse(e.eventTime) >= Date.parse(run.runStartedAt) && Date.parse(e.eventTime) <= Date.parse(run.updatedAt);
      });
      expect(hit, l.repo).toMatchObject({ eventName: "GetCallerIdentity", eventSource: "sts.amazonaws.com" });
      expect(inRanges(hit?.sourceIPAddress ?? "", world.github.actionsIpRanges)).toBe(true);
    }
    // Older action versions leave the mark without a run id.
    expect(world.aws.cloudtrail.some((e) => e.userAgent.endsWith(CAC_USER_AGENT_MARK))).toBe(true);
  });

  it("plants runner-IP events only inside runs of a repo that holds the key", () => {
    const holders = new Map<string, string[]>();
    for (const l of world.truth.links) holders.set(l.accessKeyId, [...(holders.get(l.accessKeyId) ?? []), l.repo]);
    const fromRunners = world.aws.cloudtrail.filter((e) => inRanges(e.sourceIPAddress, world.github.actionsIpRanges));
    expect(fromRunners.length).toBeGreaterThan(100);
    for (const e of fromRunners) {
      const runs = (holders.get(e.accessKeyId) ?? []).flatMap((full) => repoOf(full)?.workflowRuns ?? []);
      const t = Date.parse(e.eventTime);
      expect(runs.some((r) => t >= Date.parse(r.runStartedAt) && t <= Date.parse(r.updatedAt)), `${e.eventName} ${e.eventTime}`).toBe(true);
    }
  });

  it("records each key's last use no earlier than its latest CloudTrail event, and with the event's account and user", () => {
    const latest = new Map<string, CloudTrailEvent>();
    for (const e of world.aws.cloudtrail) {
      const prev = latest.get(e.accessKeyId);
      if (!prev || Date.parse(e.eventTime) > Date.parse(prev.eventTime)) latest.set(e.accessKeyId, e);
      const key = keyById.get(e.accessKeyId);
      expect(key?.accountId).toBe(e.accountId);
      expect(key?.userName).toBe(e.userName);
      expect(key?.status).toBe("Active");
      expect(Date.parse(e.eventTime)).toBeGreaterThan(Date.parse(key?.createDate ?? ""));
    }
    for (const [id, e] of latest) expect(Date.parse(keyById.get(id)?.lastUsed?.date ?? "")).toBeGreaterThanOrEqual(Date.parse(e.eventTime));
    // CloudTrail's event history covers 90 days.
    const horizon = Date.parse(world.now) - 90 * 86_400_000;
    for (const e of world.aws.cloudtrail) expect(Date.parse(e.eventTime)).toBeGreaterThan(horizon);
  });

  it("shows keys used outside GitHub: from the office and an on-premises server, not runner IPs", () => {
    expect(world.truth.keysUsedOutsideGithub).toHaveLength(2);
    for (const id of world.truth.keysUsedOutsideGithub) {
      const outside = world.aws.cloudtrail.filter((e) => e.accessKeyId === id && !inRanges(e.sourceIPAddress, world.github.actionsIpRanges));
      expect(outside.length).toBeGreaterThanOrEqual(3);
      for (const e of outside) expect(e.sourceIPAddress).toMatch(/^(203\.0\.113|198\.51\.100)\./);
    }
    const cli = world.aws.cloudtrail.filter((e) => e.sourceIPAddress.startsWith("203.0.113."));
    expect(cli.every((e) => e.userAgent.startsWith("aws-cli/") && e.userAgent.includes("os/macos"))).toBe(true);
    // One of them is also linked to a repo: the key a workflow uses is also used by hand.
    expect(world.truth.links.some((l) => world.truth.keysUsedOutsideGithub.includes(l.accessKeyId))).toBe(true);
  });

  it("raises secret-scanning alerts only with key ids, and only where secret scanning is on", () => {
    const alerts = world.github.repos.flatMap((r) => r.secretScanningAlerts.map((a) => ({ ...a, repo: r.fullName })));
    expect(alerts.length).toBeGreaterThanOrEqual(3);
    for (const a of alerts) {
      expect(a.secret).toMatch(/^AKIA[A-Z2-7]{16}$/);
      expect(keyById.has(a.secret)).toBe(true);
      expect(world.truth.links.some((l) => l.repo === a.repo && l.accessKeyId === a.secret && has(l, "secret-scanning"))).toBe(true);
    }
  });

  it("gives runs plausible shapes: completed, ordered newest first, inside the repo's life", () => {
    for (const r of world.github.repos) {
      const times = r.workflowRuns.map((w) => Date.parse(w.createdAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      for (const run of r.workflowRuns) {
        expect(Date.parse(run.createdAt)).toBeGreaterThan(Date.parse(r.createdAt));
        expect(Date.parse(run.runStartedAt)).toBeGreaterThanOrEqual(Date.parse(run.createdAt));
        expect(Date.parse(run.updatedAt)).toBeGreaterThan(Date.parse(run.runStartedAt));
        expect(r.files[run.workflowPath]).toBeDefined();
      }
    }
  });
});
