import { describe, expect, it } from "vitest";
import { DEPLOY, context, daysAgo, key, link, repoWith, type FixtureInput } from "../../../test/support/analyze/rules-fixtures.js";
import { RULES, runRules, runRulesDetailed } from "../rules/index.js";

const base: FixtureInput = {
  keys: [
    key({ createDate: daysAgo(200) }), // KL103
    key({ accessKeyId: "AKIAROOT000000000001", userName: "<root_account>", isRoot: true }), // KL107, KL113
  ],
  repos: [repoWith("acme/app", DEPLOY), repoWith("acme/api", DEPLOY, ".github/workflows/ci.yml")],
  links: [link()],
};
const summary = (fs: ReturnType<typeof runRules>) => fs.map((f) => `${f.severity} ${f.ruleId} ${f.location ? `${f.location.repo}:${f.location.path}` : f.subject.type}${f.suppressed ? ` suppressed:${f.suppressed.by}` : ""}`);

describe("runRules", () => {
  it("runs every rule and sorts by severity, rule, subject and location", () => {
    expect(summary(runRules(context(base)))).toEqual([
      "critical KL107 key",
      "medium KL101 acme/api:.github/workflows/ci.yml",
      "medium KL101 acme/app:.github/workflows/deploy.yml",
      "medium KL103 key",
      "low KL113 key",
    ]);
  });

  it("is deterministic: same input, same output", () => {
    expect(JSON.stringify(runRules(context(base)))).toBe(JSON.stringify(runRules(context(base))));
  });

  it("marks config allowlist matches suppressed with the entry's reason, never dropping them", () => {
    const findings = runRules(context({ ...base, config: { allowlist: [{ rule: "KL101", repo: "ACME/api", reason: "sandbox account" }] } }));
    expect(findings).toHaveLength(5);
    const api = findings.find((f) => f.location?.repo === "acme/api");
    expect(api?.suppressed).toEqual({ by: "config", reason: "sandbox account" });
    expect(findings.filter((f) => f.suppressed)).toHaveLength(1);
  });

  it("matches allowlist entries by key id (also at usages linked to the key), path glob, or rule alone", () => {
    const byKey = runRules(context({ ...base, config: { allowlist: [{ rule: "*", accessKeyId: "AKIAAAAAAAAAAAAAAAA1", reason: "r" }] } }));
    expect(summary(byKey.filter((f) => f.suppressed))).toEqual(["medium KL101 acme/app:.github/workflows/deploy.yml suppressed:config", "medium KL103 key suppressed:config"]);
    const byPath = runRules(context({ ...base, config: { allowlist: [{ rule: "KL101", path: ".github/workflows/d*.yml", reason: "r" }] } }));
    expect(summary(byPath.filter((f) => f.suppressed))).toEqual(["medium KL101 acme/app:.github/workflows/deploy.yml suppressed:config"]);
    const byRule = runRules(context({ ...base, config: { allowlist: [{ rule: "KL113", reason: "r" }] } }));
    expect(summary(byRule.filter((f) => f.suppressed))).toEqual(["low KL113 key suppressed:config"]);
  });

  it("an inline suppression wins over the allowlist; unused entries are reported", () => {
    const text = DEPLOY.replace("      - name: Configure AWS", "      # keyless: ignore[KL101] tested in the staging account\n      - name: Configure AWS");
    const run = runRulesDetailed(
      context({
        ...base,
        repos: [repoWith("acme/app", text)],
        config: { allowlist: [{ rule: "KL101", repo: "acme/app", reason: "config" }, { rule: "KL105", repo: "acme/gone", reason: "stale" }] },
      }),
    );
    expect(run.findings.find((f) => f.ruleId === "KL101")?.suppressed?.by).toBe("inline");
    expect(run.unusedAllowlist).toEqual([{ rule: "KL105", repo: "acme/gone", reason: "stale" }]);
  });

  it("every rule has a unique, well-formed id and complete metadata", () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^KL\d{3}$/);
      expect(r.name).toMatch(/^[A-Z][A-Za-z]+$/);
      for (const text of [r.title, r.description, r.rationale, r.remediation]) expect(text.length).toBeGreaterThan(20);
    }
  });
});
