// Two scanned organizations with an organization secret of the same name, each read by its own
// repository: each organization's secret is its own finding (own subject org, own fingerprint), and a
// repository's SARIF shows only its own organization's secret.
import { describe, expect, it } from "vitest";
import { DEPLOY, context, repoWith } from "../../../test/support/analyze/rules-fixtures.js";
import { findingsForRepo } from "../../report/sarif/index.js";
import { subjectText } from "../../report/triage.js";
import { runRules } from "../findings/index.js";

const orgSecret = (org: string | undefined, name: string) => ({ name, scope: "organization" as const, visibility: "all" as const, ...(org ? { org } : {}) });

function twoOrgs() {
  const ctx = context({
    repos: [repoWith("acme/app", DEPLOY), repoWith("acme-labs/app", DEPLOY)],
    orgSecrets: ["acme", "acme-labs"].flatMap((org) => [orgSecret(org, "AWS_ACCESS_KEY_ID"), orgSecret(org, "AWS_SECRET_ACCESS_KEY")]),
  });
  ctx.inventory.github = { ...ctx.inventory.github!, org: "acme,acme-labs", orgs: ["acme", "acme-labs"] };
  return ctx;
}

describe("organization secrets of one name in two organizations", () => {
  const ctx = twoOrgs();
  const findings = runRules(ctx);
  const about = (ruleId: string) => findings.filter((f) => f.ruleId === ruleId && f.subject.type === "secret" && f.subject.name === "AWS_ACCESS_KEY_ID");

  it.each(["KL109", "KL114"])("%s: one finding per organization, with its organization and its own fingerprint", (ruleId) => {
    const found = about(ruleId);
    expect(found.map((f) => (f.subject.type === "secret" ? f.subject.org : "")).sort()).toEqual(["acme", "acme-labs"]);
    expect(new Set(found.map((f) => f.fingerprint)).size).toBe(2);
    for (const f of found) expect(subjectText(f.subject)).toMatch(/^organization secret AWS_ACCESS_KEY_ID of acme(-labs)?$/);
  });

  it("a fingerprint does not depend on the other organization's secret being there", () => {
    const alone = context({ repos: [repoWith("acme-labs/app", DEPLOY)], orgSecrets: [orgSecret("acme-labs", "AWS_ACCESS_KEY_ID"), orgSecret("acme-labs", "AWS_SECRET_ACCESS_KEY")] });
    alone.inventory.github = { ...alone.inventory.github!, org: "acme-labs,gone", orgs: ["acme-labs", "gone"] };
    const fp = (fs: typeof findings) => fs.find((f) => f.ruleId === "KL109" && f.subject.type === "secret" && f.subject.org === "acme-labs")?.fingerprint;
    expect(fp(runRules(alone))).toBeDefined();
    expect(fp(runRules(alone))).toBe(fp(findings));
  });

  it("a repository's SARIF shows its own organization's secret only", () => {
    const labs = findingsForRepo(findings, "acme-labs/app", ctx).located.filter((f) => f.subject.type === "secret" && f.subject.scope === "organization");
    expect(labs.length).toBeGreaterThan(0);
    expect(new Set(labs.map((f) => (f.subject.type === "secret" ? f.subject.org : "")))).toEqual(new Set(["acme-labs"]));
  });

  it("a scan of one organization: no org in the subject or its text", () => {
    const one = runRules(context({ repos: [repoWith("acme/app", DEPLOY)], orgSecrets: [orgSecret(undefined, "AWS_ACCESS_KEY_ID"), orgSecret(undefined, "AWS_SECRET_ACCESS_KEY")] }));
    const kl109 = one.find((f) => f.ruleId === "KL109" && f.subject.type === "secret" && f.subject.name === "AWS_ACCESS_KEY_ID");
    expect(kl109?.subject).toEqual({ type: "secret", name: "AWS_ACCESS_KEY_ID", scope: "organization" });
    expect(subjectText(kl109!.subject)).toBe("organization secret AWS_ACCESS_KEY_ID");
  });
});
