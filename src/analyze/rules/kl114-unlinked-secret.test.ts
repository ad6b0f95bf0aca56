import { describe, expect, it } from "vitest";
import { KL114 } from "./kl114-unlinked-secret.js";
import { DEPLOY, context, link, lines, repo, repoWith } from "../../../test/support/analyze/rules-fixtures.js";

const secrets = [
  { name: "AWS_ACCESS_KEY_ID", scope: "repo" as const },
  { name: "AWS_SECRET_ACCESS_KEY", scope: "repo" as const },
];

describe("KL114 AWS credential secret with no linked key", () => {
  it("flags the secret a workflow reads as a key id, located at the reading line", () => {
    const findings = KL114.check(context({ repos: [repoWith("acme/app", DEPLOY, undefined, { secrets })] }));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.subject).toEqual({ type: "secret", name: "AWS_ACCESS_KEY_ID", scope: "repo", repo: "acme/app" });
    expect(findings[0]?.location?.line).toBe(13);
    expect(findings[0]?.message).toBe("Repository secret AWS_ACCESS_KEY_ID of acme/app holds an AWS access key id, but no key of the scanned accounts is linked to it.");
  });

  it("is silent when a medium-or-better link names it, and flags it when the only link is low", () => {
    const repos = [repoWith("acme/app", DEPLOY, undefined, { secrets })];
    expect(KL114.check(context({ repos, links: [link({ confidence: "medium" })] }))).toEqual([]);
    expect(KL114.check(context({ repos, links: [link({ confidence: "low" })] }))).toHaveLength(1);
  });

  it("resolves environment secrets before repo secrets", () => {
    const text = DEPLOY.replace("    runs-on: ubuntu-latest", "    runs-on: ubuntu-latest\n    environment: prod");
    const withEnv = repoWith("acme/app", text, undefined, { secrets: [...secrets, { name: "AWS_ACCESS_KEY_ID", scope: "environment", environment: "prod" }] });
    const [f] = KL114.check(context({ repos: [withEnv] }));
    expect(f?.subject).toEqual({ type: "secret", name: "AWS_ACCESS_KEY_ID", scope: "environment", repo: "acme/app", environment: "prod" });
  });

  it("flags an unread secret named like a key id, and ignores a secret that is only mentioned elsewhere", () => {
    const other = lines("on: push", "jobs:", "  x:", "    runs-on: ubuntu-latest", "    steps:", "      - run: echo ${{ secrets.OLD_KEY_ID }}");
    const r = repoWith("acme/app", other, undefined, { secrets: [{ name: "LEGACY_AWS_ACCESS_KEY_ID", scope: "repo" }, { name: "OLD_KEY_ID", scope: "repo" }] });
    const findings = KL114.check(context({ repos: [r] }));
    expect(findings.map((f) => f.subject)).toEqual([{ type: "secret", name: "LEGACY_AWS_ACCESS_KEY_ID", scope: "repo", repo: "acme/app" }]);
    expect(findings[0]?.location).toBeUndefined();
  });

  it("reports an organization secret once, as an organization finding", () => {
    const repos = [repoWith("acme/app", DEPLOY), repoWith("acme/api", DEPLOY)];
    const findings = KL114.check(context({ repos, orgSecrets: [{ name: "AWS_ACCESS_KEY_ID", scope: "organization", visibility: "all" }] }));
    expect(findings.map((f) => [f.subject, f.location])).toEqual([[{ type: "secret", name: "AWS_ACCESS_KEY_ID", scope: "organization" }, undefined]]);
    expect(KL114.check(context({ repos: [repo("acme/x")], orgSecrets: [{ name: "AWS_ACCESS_KEY_ID", scope: "organization", visibility: "all" }], links: [link({ repo: "acme/api" })] }))).toEqual([]);
  });
});
