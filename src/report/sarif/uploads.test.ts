import { describe, expect, it } from "vitest";
import { runRules } from "../../analyze/findings/index.js";
import { RULES } from "../../analyze/rules/index.js";
import { DEPLOY, context, daysAgo, key, link, repo, repoWith } from "../../../test/support/analyze/rules-fixtures.js";
import { validateSarif } from "../../../test/support/report/sarif-schema.js";
import { overLimits, SARIF_CATEGORY, SARIF_LIMITS, sarifLog, sarifUploads, type SarifUploadInput } from "./index.js";

const HEAD = "a".repeat(40);
const ctx = context({
  keys: [key({ createDate: daysAgo(200) })],
  repos: [
    repoWith("acme/app", DEPLOY, ".github/workflows/deploy.yml", { headSha: HEAD }),
    repoWith("acme/api", DEPLOY, ".github/workflows/ci.yml", { defaultBranch: "trunk" }),
    repo("acme/docs"),
    repoWith("acme/old", DEPLOY, ".github/workflows/deploy.yml", { archived: true }),
  ],
  // One key, used by two repositories.
  links: [link(), link({ repo: "acme/api" })],
});
const findings = runRules(ctx);
const input: SarifUploadInput = { findings, usages: ctx.usages, links: ctx.links, repos: ctx.inventory.github?.repos ?? [], rules: RULES, toolVersion: "0.1.0" };
const { uploads, skipped } = sarifUploads(input);
const byRepo = new Map(uploads.map((u) => [u.repo, u]));

describe("per-repository SARIF for code scanning", () => {
  it("gives each affected repository a log, nothing to a repository without findings, and skips the archived one", () => {
    expect(uploads.map((u) => u.repo)).toEqual(["acme/api", "acme/app"]);
    expect(skipped).toEqual([{ repo: "acme/old", reason: expect.stringContaining("archived") }]);
    expect(byRepo.has("acme/docs")).toBe(false);
  });

  it("holds only that repository's results, at repository-relative paths of its own files", () => {
    for (const u of uploads) {
      const own = new Set(ctx.inventory.github?.repos.find((r) => r.fullName === u.repo)?.workflows.map((w) => w.path));
      const results = u.log.runs.flatMap((run) => run.results);
      expect(results.length).toBeGreaterThan(0);
      expect(u.results).toBe(results.length);
      for (const r of results) {
        expect(r.properties["repository"]).toBe(u.repo);
        const uri = r.locations[0]?.physicalLocation.artifactLocation.uri ?? "";
        expect(own.has(uri), `${u.repo}: ${uri}`).toBe(true);
      }
    }
  });

  it("places a key used by two repositories in both, each at its own workflow line", () => {
    const keyResults = (name: string) => byRepo.get(name)?.log.runs[0]?.results.filter((r) => r.ruleId === "KL103") ?? [];
    expect(keyResults("acme/app")).toHaveLength(1);
    expect(keyResults("acme/api")).toHaveLength(1);
    expect(keyResults("acme/api")[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(".github/workflows/ci.yml");
  });

  it("every located workflow finding of an affected repository is uploaded exactly once", () => {
    const uploaded = uploads.flatMap((u) => u.log.runs[0]?.results.map((r) => `${u.repo} ${r.partialFingerprints["keylessFingerprint/v1"]}`) ?? []);
    const expected = findings.filter((f) => f.location && f.location.repo !== "acme/old").map((f) => `${f.location?.repo} ${f.fingerprint}`);
    expect(new Set(uploaded).size).toBe(uploaded.length);
    for (const e of expected) expect(uploaded).toContain(e);
  });

  it("names the default branch, the commit that was read, and keyless's category", () => {
    expect(byRepo.get("acme/app")).toMatchObject({ ref: "refs/heads/main", commitSha: HEAD, category: SARIF_CATEGORY });
    expect(byRepo.get("acme/api")?.ref).toBe("refs/heads/trunk");
    expect(byRepo.get("acme/api")?.commitSha).toBeUndefined();
    for (const u of uploads) {
      expect(u.log.runs[0]?.automationDetails).toEqual({ id: "keyless/" });
      expect(validateSarif(u.log), JSON.stringify(validateSarif.errors)).toBe(true);
    }
  });

  it("skips a repository whose log is over GitHub's result limit instead of sending a file GitHub rejects", () => {
    const one = findings.find((f) => f.location?.repo === "acme/app" && f.ruleId === "KL101");
    if (!one) throw new Error("fixture has no KL101 finding");
    const many = Array.from({ length: SARIF_LIMITS.resultsPerRun + 1 }, (_, i) => ({ ...one, fingerprint: `f${i}` }));
    const big = sarifUploads({ ...input, findings: many });
    expect(big.uploads).toEqual([]);
    expect(big.skipped).toEqual([{ repo: "acme/app", reason: expect.stringMatching(/25001 results, over GitHub's limit of 25000 per run/) }]);
    expect(overLimits(sarifLog({ findings: many.slice(0, 10), rules: RULES, toolVersion: "x" }))).toBeUndefined();
  });
});
