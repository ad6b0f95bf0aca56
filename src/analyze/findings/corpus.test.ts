// The catalogue over the real-world corpus (../shared/corpus): every file as its own repository runs
// through every rule and renders valid SARIF; the pull_request_target file is KL108's.
import { describe, expect, it } from "vitest";
import { findingsByRepo, sarifLog } from "../../report/sarif/index.js";
import { validateSarif } from "../../../test/support/report/sarif-schema.js";
import { corpusPresent, corpusRows, corpusText } from "../../../test/support/corpus.js";
import { RULES, runRules } from "../rules/index.js";
import { context, repoWith } from "../../../test/support/analyze/rules-fixtures.js";

const present = corpusPresent;
const rows = corpusRows.map((row) => ({ ...row, text: corpusText(row.id) }));

describe.skipIf(!present)("rules over the workflow corpus", () => {
  // Files of one repository are analysed together (a workflow may call the repo's own composite action).
  const repos = [...new Set(rows.map((r) => r.repo))].map((name) => {
    const files = rows.filter((r) => r.repo === name).map((r) => ({ path: r.path, text: r.text, size: r.text.length }));
    return { ...repoWith(name, ""), workflows: files };
  });
  const ctx = context({ repos });
  const findings = runRules(ctx);

  it("one KL101 per credential usage and one KL102 per non-example literal key id", () => {
    expect(findings.filter((f) => f.ruleId === "KL101")).toHaveLength(ctx.usages.filter((u) => u.kind !== "literal-key-id").length);
    expect(findings.filter((f) => f.ruleId === "KL102")).toHaveLength(ctx.usages.filter((u) => u.kind === "literal-key-id" && !u.literal?.example).length);
  });

  it("flags the pull_request_target workflow that hands keys to its jobs (KL108)", () => {
    const sentry = findings.filter((f) => f.ruleId === "KL108" && f.location?.repo === "getsentry/sentry-python");
    expect(sentry.length).toBeGreaterThan(0);
    expect(sentry[0]?.message).toContain("`pull_request_target`");
  });

  it("every repository's SARIF validates", () => {
    for (const [repo, { located }] of findingsByRepo(findings, ctx)) {
      const log = sarifLog({ findings: located, rules: RULES, toolVersion: "0.1.0" });
      expect(validateSarif(log), `${repo}: ${JSON.stringify(validateSarif.errors)}`).toBe(true);
    }
  });
});
