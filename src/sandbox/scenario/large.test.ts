import { describe, expect, it } from "vitest";
import { buildScenario } from "./index.js";
import { inRanges } from "./truth.js";

describe("large scenarios", () => {
  // How long the build takes is the bench's to say (npm run bench prints it); a time bound here failed
  // on a loaded machine.
  it("builds 1000 accounts and 10000 repos, with ground truth that holds", () => {
    const world = buildScenario("large");

    expect(world.aws.accounts).toHaveLength(1000);
    expect(world.github.repos).toHaveLength(10000);
    expect(new Set(world.aws.accounts.map((a) => a.id)).size).toBe(1000);
    expect(new Set(world.github.repos.map((r) => r.name)).size).toBe(10000);
    const keys = Object.entries(world.aws.iam).flatMap(([accountId, iam]) => iam.accessKeys.map((k) => ({ ...k, accountId })));
    const keyById = new Map(keys.map((k) => [k.accessKeyId, k]));
    expect(keyById.size).toBe(keys.length);
    for (const k of keys) expect(k.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);

    // Every OU path exists, several accounts are unreachable, none of them holds a linked key.
    const ouIds = new Set([...world.aws.ous.map((o) => o.id), ...world.aws.roots.map((r) => r.id)]);
    for (const a of world.aws.accounts) expect(ouIds.has(a.parentId)).toBe(true);
    expect(world.truth.unreachableAccounts.length).toBeGreaterThanOrEqual(5);
    // About one repository in eight uses AWS keys (1,200 or so of 10,000), each key linked once or twice.
    expect(world.truth.links.length).toBeGreaterThan(1000);
    for (const l of world.truth.links) {
      expect(keyById.get(l.accessKeyId)?.accountId).toBe(l.accountId);
      expect(world.truth.unreachableAccounts).not.toContain(l.accountId);
    }
    // Usage lines point at the key line (checked on a sample to keep the test quick).
    const byName = new Map(world.github.repos.map((r) => [r.fullName, r]));
    world.truth.usages.filter((_, i) => i % 37 === 0).forEach((u) => {
      const line = byName.get(u.repo)?.files[u.path]?.split(/\r?\n/)[u.line - 1] ?? "";
      expect(line, `${u.repo} ${u.path}:${u.line}`).toMatch(/secrets\.|secrets: inherit|inputs\.aws-access-key-id|vars\.|AKIA[A-Z2-7]{16}/);
    });
    // Runner events fall inside runs of a repo that holds the key (sampled).
    const holders = new Map<string, string[]>();
    for (const l of world.truth.links) holders.set(l.accessKeyId, [...(holders.get(l.accessKeyId) ?? []), l.repo]);
    world.aws.cloudtrail.filter((e, i) => i % 53 === 0 && inRanges(e.sourceIPAddress, world.github.actionsIpRanges)).forEach((e) => {
      const t = Date.parse(e.eventTime);
      const runs = (holders.get(e.accessKeyId) ?? []).flatMap((full) => byName.get(full)?.workflowRuns ?? []);
      expect(runs.some((r) => t >= Date.parse(r.runStartedAt) && t <= Date.parse(r.updatedAt))).toBe(true);
    });
    expect(world.truth.invalidWorkflows.length).toBeGreaterThan(10);
    expect(world.github.orgs[0]?.members).toBe(5000);
    expect(world.truth.oidcRepos.length).toBeGreaterThan(100);
  });

  it("grows acme by parameter, keeps every hand-written repo, and stays deterministic", () => {
    const acme = buildScenario("acme");
    const grown = buildScenario("acme", { accounts: 40, repos: 150 });
    expect(grown.aws.accounts).toHaveLength(40);
    expect(grown.github.repos).toHaveLength(150);
    expect(grown.github.repos.slice(0, acme.github.repos.length).map((r) => r.name)).toEqual(acme.github.repos.map((r) => r.name));
    expect(JSON.stringify(buildScenario("acme", { accounts: 40, repos: 150 }))).toBe(JSON.stringify(grown));
    // Asking for fewer than acme has keeps acme whole.
    expect(buildScenario("acme", { accounts: 2, repos: 3 }).github.repos).toHaveLength(acme.github.repos.length);
  });

  it("looks like a big company: few repositories use AWS keys, many are forks or archived, some have dozens of workflows", () => {
    const world = buildScenario("acme", { repos: 3000 });
    const acme = buildScenario("acme");
    const generated = world.github.repos.slice(acme.github.repos.length);
    const withKeys = new Set(world.truth.links.map((l) => l.repo));
    const share = generated.filter((r) => withKeys.has(r.fullName)).length / generated.length;
    expect(share).toBeGreaterThan(0.09);
    expect(share).toBeLessThan(0.15);
    expect(generated.filter((r) => r.fork).length / generated.length).toBeGreaterThan(0.1);
    expect(generated.filter((r) => r.archived).length / generated.length).toBeGreaterThan(0.15);
    const workflowCounts = generated.map((r) => Object.keys(r.files).filter((f) => f.startsWith(".github/workflows/")).length);
    const dozens = workflowCounts.filter((n) => n >= 20);
    expect(dozens.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...dozens)).toBeGreaterThanOrEqual(40);
    // Monorepo workflows use no keys.
    const withUsages = new Set(world.truth.usages.map((u) => u.repo));
    for (const r of generated.filter((_, i) => (workflowCounts[i] ?? 0) >= 20)) expect(withUsages.has(r.fullName)).toBe(false);
  });

  it("takes the share of AWS-key repositories as a parameter, and refuses one outside 0..1", () => {
    const world = buildScenario("acme", { repos: 1500, awsShare: 0.5 });
    const acmeCount = buildScenario("acme").github.repos.length;
    const generated = world.github.repos.slice(acmeCount);
    const withKeys = new Set(world.truth.links.map((l) => l.repo));
    const share = generated.filter((r) => withKeys.has(r.fullName)).length / generated.length;
    expect(share).toBeGreaterThan(0.44);
    expect(share).toBeLessThan(0.56);
    expect(() => buildScenario("acme", { repos: 100, awsShare: 1.5 })).toThrow(/--aws-share/);
  });
});
