// The TUI's view models on the acme scenario: rows and why they are listed, migration states from
// the state store's records, the detail and diff screens' content, the overview's counts.
import { describe, expect, it } from "vitest";
import type { PrRecord } from "../../state/store.js";
import { acme, acmeData } from "../../../test/support/tui.js";
import { keyDetail, repoDetail } from "./detail.js";
import { hclBlocks, repoDiff, terraformForRepo } from "./diff.js";
import type { KeyRow } from "./model.js";
import { overviewLines } from "./overview.js";

const pr = (repo: string, patch: Partial<PrRecord> = {}): PrRecord => ({
  repo, number: 7, url: `https://github.example/${repo}/pull/7`, branch: "keyless/oidc-migration", baseBranch: "main", headSha: "abc", planHash: "h",
  state: "open", openedAt: "2026-11-20T12:00:00Z", updatedAt: "2026-11-20T12:00:00Z", ...patch,
});

describe("rows", () => {
  const data = acmeData();

  it("has one row per scanned repo and per key, each saying why it is listed", () => {
    expect(data.repos).toHaveLength(acme().results.audit.repos.length);
    expect(data.keys).toHaveLength(acme().results.audit.keys.length);
    const billing = data.repos.find((r) => r.id === "acme/billing-api");
    expect(billing).toMatchObject({ migration: "ready", confidence: "certain", selectable: true, usages: 2, keys: 2 });
    expect(billing?.why).toBe("2 usages in release.yml · 2 keys linked (certain) · KL101 medium");
    for (const r of data.repos) expect(r.why.length).toBeGreaterThan(0);
  });

  it("explains a blocked repo by its blocker, and offers no PR for it", () => {
    const blocked = data.repos.filter((r) => r.migration === "blocked");
    expect(blocked.length).toBeGreaterThan(0);
    for (const r of blocked) {
      expect(r.selectable).toBe(false);
      expect(r.why).toMatch(/blocked: /);
    }
  });

  it("makes selectable exactly the repos keyless pr has a change set for (ready, with a patch)", () => {
    const patched = new Set(acme().results.patches.filter((p) => p.patches.length > 0).map((p) => p.repo));
    const ready = new Set(acme().results.plan.repos.filter((r) => r.status === "ready").map((r) => r.repo));
    expect(data.repos.filter((r) => r.selectable).map((r) => r.id)).toEqual([...patched].filter((r) => ready.has(r)).sort());
  });

  it("takes repo states from recorded PRs and key states from events and verdicts", () => {
    const [key, other] = data.keys.filter((k) => k.migration === "to-retire") as [KeyRow, KeyRow];
    const withRecords = acmeData({
      prs: [pr("acme/billing-api"), pr("acme/web-frontend", { state: "merged" }), pr("acme/analytics-etl", { state: "closed", optedOut: true })],
      keyEvents: [{ accessKeyId: key.id, accountId: key.accountId, action: "deactivated", at: "2026-11-21T00:00:00Z" }],
      verifications: [{ accessKeyId: other.id, at: "2026-11-20T13:00:00Z", verdict: "ready", reasons: ["merged and ran on OIDC"] }],
      scans: [],
    });
    const state = (id: string) => withRecords.repos.find((r) => r.id === id)?.migration;
    expect([state("acme/billing-api"), state("acme/web-frontend"), state("acme/analytics-etl")]).toEqual(["pr-open", "merged", "opted-out"]);
    expect(withRecords.repos.find((r) => r.id === "acme/billing-api")?.why).toMatch(/PR #7 open/);
    expect(withRecords.keys.find((k) => k.id === key.id)?.migration).toBe("deactivated");
    const verified = withRecords.keys.find((k) => k.id === other.id);
    expect(verified?.migration).toBe("ready");
    expect(verified?.why).toMatch(/verify: merged and ran on OIDC/);
  });
});

describe("detail", () => {
  const data = acmeData();

  it("shows a repo's usages with file:line, its keys with evidence (leading to the key), and its plan steps", () => {
    const lines = repoDetail(data, "acme/billing-api");
    const text = lines.map((l) => l.text);
    const usages = data.index.usagesByRepo.get("acme/billing-api")!;
    for (const u of usages) expect(text).toContainEqual(expect.stringContaining(`${u.path}:${u.line}`));
    const keyLine = lines.find((l) => l.target?.screen === "key");
    expect(keyLine?.target?.id).toMatch(/^AKIA/);
    expect(text.some((t) => /^\s+(secret-scanning|cloudtrail|literal|mapping)/.test(t))).toBe(true);
    expect(text).toContainEqual(expect.stringMatching(/^\s+\d+\. \[to do\] /));
  });

  it("shows a key's repos (leading to the repo), where it is used and when it was last used", () => {
    const id = data.index.linksByRepo.get("acme/billing-api")![0]!.accessKeyId;
    const lines = keyDetail(data, id);
    expect(lines.find((l) => l.target?.screen === "repo")?.target?.id).toBe("acme/billing-api");
    expect(lines.map((l) => l.text)).toContainEqual(expect.stringMatching(/^\s+used at \.github\/workflows\/release\.yml:\d+/));
    expect(lines.map((l) => l.text)).toContainEqual(expect.stringMatching(/^(Last used \d{4}-\d\d-\d\d|Never used)/));
  });

  it("says so for an id the scan does not have", () => {
    expect(repoDetail(data, "acme/nope")[0]?.text).toMatch(/not in this scan/);
  });
});

describe("diff", () => {
  const data = acmeData();

  it("shows the repo's workflow patches as coloured diffs, then only its Terraform blocks", () => {
    const lines = repoDiff(data, "acme/billing-api");
    expect(lines[0]).toMatchObject({ text: "Workflow .github/workflows/release.yml", style: "title" });
    expect(lines.some((l) => l.style === "added" && l.text.includes("role-to-assume"))).toBe(true);
    expect(lines.some((l) => l.style === "removed" && /aws-(access-key-id|secret-access-key)/.test(l.text))).toBe(true);
    const tf = lines.filter((l) => l.text.startsWith("Terraform terraform/"));
    expect(tf.length).toBeGreaterThan(0);
    const body = lines.map((l) => l.text).join("\n");
    expect(body).toContain('"keyless:repo" = "acme/billing-api"');
    expect(body).not.toMatch(/"keyless:repo" = "acme\/(?!billing-api")/);
  });

  it("keeps the blocks that attach to the repo's roles", () => {
    const files = acme().results.terraform;
    for (const { text } of terraformForRepo(files, "acme/billing-api")) {
      for (const block of hclBlocks(text)) {
        expect(block.includes('"keyless:repo" = "acme/billing-api"') || /aws_iam_role\.\w+\./.test(block)).toBe(true);
      }
    }
  });

  it("says why a repo has no patch", () => {
    const blocked = data.repos.find((r) => r.migration === "blocked")!;
    expect(repoDiff(data, blocked.id).map((l) => l.text)).toContainEqual(`No workflow patch for ${blocked.id} (plan: blocked).`);
  });
});

describe("overview", () => {
  it("counts keys by age bucket (active + inactive = all keys) and shows migration progress", () => {
    const data = acmeData();
    const lines = overviewLines(data, "").map((l) => l.text);
    const buckets = lines.filter((l) => /^\s+(< 90 days|90 d – 1 y|1 – 2 years|> 2 years)/.test(l));
    expect(buckets).toHaveLength(4);
    const total = buckets.reduce((n, l) => n + l.match(/\s(\d+)\s+(\d+)\s/)!.slice(1).reduce((a, b) => a + Number(b), 0), 0);
    expect(total).toBe(data.keys.length);
    expect(lines).toContainEqual(expect.stringMatching(/^Links by confidence: certain \d+ · high \d+ · medium \d+ · low \d+/));
    expect(lines).toContainEqual(expect.stringMatching(/^\s+PRs .* 0 open, 0 merged$/));
    expect(lines.some((l) => l.startsWith("Since the last scan"))).toBe(false);
  });

  it("says what changed since the last scan, when the state store had a previous audit", () => {
    const data = acmeData();
    const sinceLastScan = { previousScanAt: "2026-11-13T12:00:00Z", keysCreated: 2, usersGivenNewKeys: 1, reposBackOnKeys: 0, secretsReappeared: 0 };
    const drifted = { ...data, audit: { ...data.audit, summary: { ...data.audit.summary, sinceLastScan } } };
    const line = overviewLines(drifted, "").find((l) => l.text.startsWith("Since the last scan"));
    expect(line?.text).toBe("Since the last scan (2026-11-13): 2 keys created · 1 retired users given a key · 0 repos back on keys · 0 secrets back");
    expect(line?.style).toBe("warn");
  });
});
