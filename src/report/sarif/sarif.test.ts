import { describe, expect, it } from "vitest";
import { runRules } from "../../analyze/findings/index.js";
import { RULES } from "../../analyze/rules/index.js";
import { DEPLOY, context, daysAgo, key, link, repoWith } from "../../../test/support/analyze/rules-fixtures.js";
import { FINGERPRINT_KEY, findingsForRepo, renderSarif, sarifLog } from "./index.js";
import { validateSarif as validate } from "../../../test/support/report/sarif-schema.js";

const suppressedStep = DEPLOY.replace("      - name: Configure AWS", "      # keyless: ignore[KL101] staging only\n      - name: Configure AWS");
const ctx = context({
  keys: [key({ createDate: daysAgo(200) }), key({ accessKeyId: "AKIAUNLINKED00000001", userName: "ops" })],
  repos: [repoWith("acme/app", DEPLOY), repoWith("acme/api", suppressedStep, ".github/workflows/ci.yml")],
  links: [link()],
  config: { allowlist: [{ rule: "KL113", reason: "ops laptop, tracked in SEC-12" }] },
});
const findings = runRules(ctx);
const appOnly = findingsForRepo(findings, "acme/app", ctx);
const text = renderSarif({ findings: appOnly.located, rules: RULES, toolVersion: "0.1.0", docsBaseUri: "https://example.test/docs/rules/" });
const log = JSON.parse(text);

describe("SARIF output", () => {
  it("validates against the SARIF 2.1.0 JSON schema", () => {
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const all = sarifLog({ findings, rules: RULES, toolVersion: "test" });
    expect(validate(all), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it("the schema check is not vacuous: a result without a message fails it", () => {
    const broken = structuredClone(log);
    delete broken.runs[0].results[0].message;
    expect(validate(broken)).toBe(false);
  });

  it("has what GitHub code scanning reads: $schema, one run, the driver and every rule with help and security-severity", () => {
    expect(log.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
    expect(log.version).toBe("2.1.0");
    expect(log.runs).toHaveLength(1);
    const driver = log.runs[0].tool.driver;
    expect(driver).toMatchObject({ name: "keyless", version: "0.1.0", semanticVersion: "0.1.0" });
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(driver.rules.map((r: { id: string }) => r.id)).toEqual(RULES.map((r) => r.id));
    const kl111 = driver.rules.find((r: { id: string }) => r.id === "KL111");
    expect(kl111).toMatchObject({
      name: "OidcTrustNotRepoScoped",
      shortDescription: { text: "GitHub OIDC trust without a repository-scoped subject" },
      defaultConfiguration: { level: "error" },
      helpUri: "https://example.test/docs/rules/KL111.md",
      properties: { "security-severity": "8.0" },
    });
    expect(kl111.properties.tags).toContain("security");
    expect(kl111.help.text).toContain("How to fix:");
    expect(kl111.help.markdown).toContain("**How to fix.**");
    for (const r of driver.rules) expect(Number(r.properties["security-severity"])).toBeGreaterThan(0);
  });

  it("locates results in the workflow file, with a 1-based region and the stable fingerprint", () => {
    const kl101 = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === "KL101");
    expect(kl101.ruleIndex).toBe(0);
    expect(kl101.level).toBe("warning");
    expect(kl101.locations).toEqual([
      { physicalLocation: { artifactLocation: { uri: ".github/workflows/deploy.yml" }, region: { startLine: 13, startColumn: 11, endLine: 13, endColumn: 62 } } },
    ]);
    const finding = findings.find((f) => f.ruleId === "KL101" && f.location?.repo === "acme/app");
    expect(kl101.partialFingerprints).toEqual({ [FINGERPRINT_KEY]: finding?.fingerprint });
    expect(kl101.message.text).toContain("Evidence:\n- .github/workflows/deploy.yml:13:11");
  });

  it("shows a key finding at the line that uses the key in that repo, and only in that repo", () => {
    const kl103 = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === "KL103");
    expect(kl103.locations[0].physicalLocation.region.startLine).toBe(13);
    expect(kl103.message.text).toContain("AKIAAAAAAAAAAAAAAAA1");
    const api = findingsForRepo(findings, "acme/api", ctx);
    expect(api.located.map((f) => f.ruleId)).toEqual(["KL101"]);
  });

  it("marks suppressed findings (inline: inSource, allowlist: external) instead of dropping them", () => {
    const api = findingsForRepo(findings, "acme/api", ctx);
    const apiLog = sarifLog({ findings: api.located, rules: RULES, toolVersion: "0.1.0" });
    expect(apiLog.runs[0]?.results[0]?.suppressions).toEqual([{ kind: "inSource", status: "accepted", justification: "# keyless: ignore at .github/workflows/ci.yml:14" }]);
    const external = sarifLog({ findings: findings.map((f) => (f.ruleId === "KL113" ? { ...f, location: { repo: "acme/app", path: "x.yml", line: 1, column: 1 } } : f)), rules: RULES, toolVersion: "0.1.0" });
    expect(external.runs[0]?.results.find((r) => r.ruleId === "KL113")?.suppressions).toEqual([{ kind: "external", status: "accepted", justification: "ops laptop, tracked in SEC-12" }]);
  });

  it("leaves out findings with no location and counts them in the run's properties", () => {
    const all = sarifLog({ findings, rules: RULES, toolVersion: "0.1.0" });
    expect(all.runs[0]?.properties?.omittedFindings).toEqual({ KL103: 1, KL113: 1 });
    expect(all.runs[0]?.results.every((r) => r.locations.length === 1)).toBe(true);
  });

  it("is deterministic", () => {
    expect(renderSarif({ findings: appOnly.located, rules: RULES, toolVersion: "0.1.0", docsBaseUri: "https://example.test/docs/rules/" })).toBe(text);
  });

  it("writes file names as URI references: a space or '#' is percent-encoded, and the log stays valid", () => {
    const one = findings.find((f) => f.location?.repo === "acme/app");
    if (!one?.location) throw new Error("fixture has no located finding");
    const odd = { ...one, location: { ...one.location, path: ".github/workflows/deploy #2 ü.yml" } };
    const oddLog = sarifLog({ findings: [odd], rules: RULES, toolVersion: "0.1.0" });
    expect(oddLog.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(".github/workflows/deploy%20%232%20%C3%BC.yml");
    expect(validate(oddLog), JSON.stringify(validate.errors)).toBe(true);
  });
});
