import { describe, expect, it } from "vitest";
import type { OrgSecret } from "../../inventory/schema.js";
import { KL109 } from "./kl109-org-secret-visible-to-all.js";
import { DEPLOY, context, link, repo, repoWith } from "../../../test/support/analyze/rules-fixtures.js";

const org = (name: string, visibility: OrgSecret["visibility"], over: Partial<OrgSecret> = {}): OrgSecret => ({ name, scope: "organization", visibility, ...over });

describe("KL109 organization secret with AWS credentials visible to all repos", () => {
  it("flags an org secret a workflow reads as credentials, when visibility is all", () => {
    const findings = KL109.check(context({ repos: [repoWith("acme/app", DEPLOY)], orgSecrets: [org("AWS_ACCESS_KEY_ID", "all"), org("AWS_SECRET_ACCESS_KEY", "all")] }));
    expect(findings.map((f) => f.subject)).toEqual([
      { type: "secret", name: "AWS_ACCESS_KEY_ID", scope: "organization" },
      { type: "secret", name: "AWS_SECRET_ACCESS_KEY", scope: "organization" },
    ]);
    expect(findings[0]?.severity).toBe("high");
    expect(findings[0]?.message).toBe("Organization secret AWS_ACCESS_KEY_ID holds AWS credentials and is visible to every repository of acme (1 of them read it).");
    expect(findings[0]?.evidence).toEqual(["acme/app: .github/workflows/deploy.yml:13 reads it as AWS credentials."]);
  });

  it("does not count a repo whose own secret of that name shadows the org secret (the name still tells)", () => {
    const shadowed = repoWith("acme/app", DEPLOY, undefined, { secrets: [{ name: "AWS_ACCESS_KEY_ID", scope: "repo" }, { name: "AWS_SECRET_ACCESS_KEY", scope: "repo" }] });
    const [f] = KL109.check(context({ repos: [shadowed], orgSecrets: [org("AWS_ACCESS_KEY_ID", "all")] }));
    expect(f?.evidence).toEqual(["No workflow reads this organization secret; its name is that of an AWS credential."]);
    expect(f?.message).not.toContain("read it");
  });

  it("is medium for visibility private, and silent for selected", () => {
    const repos = [repoWith("acme/app", DEPLOY)];
    expect(KL109.check(context({ repos, orgSecrets: [org("AWS_ACCESS_KEY_ID", "private")] }))[0]?.severity).toBe("medium");
    expect(KL109.check(context({ repos, orgSecrets: [org("AWS_ACCESS_KEY_ID", "selected", { selectedRepos: ["acme/app"] })] }))).toEqual([]);
  });

  it("uses a link naming it, or (unread) its name; an unrelated org secret is not flagged", () => {
    const repos = [repo("acme/app")];
    const linked = KL109.check(context({ repos, orgSecrets: [org("DEPLOY_CREDS", "all")], links: [link({ secretNames: ["DEPLOY_CREDS"], scope: "organization" })] }));
    expect(linked[0]?.evidence).toEqual(["Key AKIAAAAAAAAAAAAAAAA1 is linked to it through acme/app (certain)."]);
    expect(KL109.check(context({ repos, orgSecrets: [org("LEGACY_AWS_SECRET_ACCESS_KEY", "all")] }))[0]?.evidence[0]).toContain("its name is that of an AWS credential");
    expect(KL109.check(context({ repos, orgSecrets: [org("NPM_TOKEN", "all")] }))).toEqual([]);
  });
});
