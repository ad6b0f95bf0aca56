import { describe, expect, it } from "vitest";
import { runRules } from "../../analyze/findings/index.js";
import { RULES } from "../../analyze/rules/index.js";
import { DEPLOY, context, daysAgo, key, link, repo, repoWith } from "../../../test/support/analyze/rules-fixtures.js";
import { validateSarif } from "../../../test/support/report/sarif-schema.js";
import { nextSarifLedger, SARIF_CATEGORY, sarifClosings, sarifUploads, type SarifLedgerEntry } from "./index.js";

const HEAD = "c".repeat(40);
const ctx = context({
  keys: [key({ createDate: daysAgo(200) })],
  repos: [
    repoWith("acme/app", DEPLOY, ".github/workflows/deploy.yml"),
    // Migrated since the last upload: no finding now.
    repo("acme/api", { headSha: HEAD }),
    repo("acme/web", { defaultBranch: "trunk", headSha: HEAD }),
    repo("acme/old", { archived: true }),
    repo("acme/docs"),
  ],
  links: [link()],
});
const findings = runRules(ctx);
const repos = ctx.inventory.github?.repos ?? [];
const planned = sarifUploads({ findings, usages: ctx.usages, links: ctx.links, repos, rules: RULES, toolVersion: "0.1.0" });
const entry = (repo: string, results: number, ref = "refs/heads/main"): SarifLedgerEntry => ({ repo, ref, category: SARIF_CATEGORY, results, at: "2026-11-01T00:00:00Z" });
const ledger = [entry("acme/app", 2), entry("Acme/API", 3), entry("acme/web", 1), entry("acme/old", 4), entry("acme/gone", 5)];
const plan = (l: SarifLedgerEntry[]) => sarifClosings({ ledger: l, uploads: planned.uploads, skipped: planned.skipped, repos, rules: RULES, toolVersion: "0.1.0" });

describe("closing uploads for repositories that became clean", () => {
  it("an empty analysis for each remembered repository without findings now, none for one that still has findings or was never uploaded to", () => {
    expect(planned.uploads.map((u) => u.repo)).toEqual(["acme/app"]);
    const { closings } = plan(ledger);
    expect(closings.map((c) => c.repo)).toEqual(["acme/api", "acme/web"]);
    for (const c of closings) {
      expect(c.results).toBe(0);
      expect(c.category).toBe(SARIF_CATEGORY);
      expect(c.log.runs).toHaveLength(1);
      expect(c.log.runs[0]?.tool.driver.name).toBe("keyless");
      expect(c.log.runs[0]?.results).toEqual([]);
      expect(c.log.runs[0]?.automationDetails?.id).toBe(SARIF_CATEGORY);
      expect(validateSarif(c.log), JSON.stringify(validateSarif.errors)).toBe(true);
    }
    expect(closings[0]).toMatchObject({ closes: 3, ref: "refs/heads/main", commitSha: HEAD });
  });

  it("goes to the ref of the last upload; the scanned commit only when that is still the default branch", () => {
    const web = plan(ledger).closings.find((c) => c.repo === "acme/web");
    expect(web?.ref).toBe("refs/heads/main");
    expect(web?.commitSha).toBeUndefined();
  });

  it("holds an archived repository with the reason, passes over one not in this scan, and keeps both in the ledger", () => {
    const { closings, held } = plan(ledger);
    expect(held).toEqual([{ repo: "acme/old", reason: expect.stringContaining("archived") }]);
    expect(closings.map((c) => c.repo)).not.toContain("acme/gone");
    const next = nextSarifLedger(ledger, [], "2026-12-01T00:00:00Z");
    expect(next.map((e) => e.repo).sort()).toEqual(ledger.map((e) => e.repo).sort());
  });

  it("the ledger remembers a non-empty upload, forgets a repository once its empty analysis went through, keeps it when that failed", () => {
    const at = "2026-12-01T00:00:00Z";
    const next = nextSarifLedger(
      ledger,
      [
        { repo: "acme/app", ref: "refs/heads/main", results: 7, uploaded: true },
        { repo: "acme/api", ref: "refs/heads/main", results: 0, uploaded: true },
        { repo: "acme/web", ref: "refs/heads/main", results: 0, uploaded: false },
        { repo: "acme/docs", ref: "refs/heads/main", results: 2, uploaded: false },
      ],
      at,
    );
    expect(next.find((e) => e.repo === "acme/app")).toEqual({ ...entry("acme/app", 7), at });
    expect(next.some((e) => e.repo.toLowerCase() === "acme/api")).toBe(false);
    expect(next.some((e) => e.repo === "acme/web")).toBe(true);
    expect(next.some((e) => e.repo === "acme/docs")).toBe(false);
    // The same upload again leaves the ledger as it was (no new state written).
    expect(nextSarifLedger(next, [{ repo: "acme/app", ref: "refs/heads/main", results: 7, uploaded: true }], "2026-12-08T00:00:00Z")).toEqual(next);
    // Idempotent: with the closed repository forgotten, the next run plans no closing for it.
    expect(plan(next).closings.map((c) => c.repo)).toEqual(["acme/web"]);
  });
});
