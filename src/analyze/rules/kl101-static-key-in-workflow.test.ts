import { describe, expect, it } from "vitest";
import { KL101 } from "./kl101-static-key-in-workflow.js";
import { DEPLOY, context, lines, link, repoWith } from "../../../test/support/analyze/rules-fixtures.js";

describe("KL101 static key used by a workflow", () => {
  it("reports one finding per usage, located at the access key id slot", () => {
    const findings = KL101.check(context({ repos: [repoWith("acme/app", DEPLOY)] }));
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f?.location).toEqual({ repo: "acme/app", path: ".github/workflows/deploy.yml", line: 13, column: 11, endLine: 13, endColumn: 62 });
    expect(f?.subject).toEqual({ type: "repo", repo: "acme/app" });
    expect(f?.message).toContain("aws-actions/configure-aws-credentials");
    expect(f?.message).toContain("`secrets.AWS_ACCESS_KEY_ID`");
    expect(f?.message).toContain("job `deploy`, step `Configure AWS`");
    expect(f?.severity).toBe("medium");
  });

  it("names the linked key and the link's evidence", () => {
    const [f] = KL101.check(context({ repos: [repoWith("acme/app", DEPLOY)], links: [link()] }));
    expect(f?.message).toContain("(key AKIAAAAAAAAAAAAAAAA1)");
    expect(f?.evidence.some((e) => e.includes("Linked to key AKIAAAAAAAAAAAAAAAA1 in account 111122223333 (certain"))).toBe(true);
  });

  it("ignores a link to another repo or to other secrets", () => {
    const [f] = KL101.check(context({ repos: [repoWith("acme/app", DEPLOY)], links: [link({ repo: "acme/other" }), link({ secretNames: ["PROD_KEY"] })] }));
    expect(f?.message).not.toContain("AKIA");
  });

  it("does not flag a job already on OIDC", () => {
    const oidc = lines(
      "on: push",
      "permissions:",
      "  id-token: write",
      "jobs:",
      "  deploy:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - uses: aws-actions/configure-aws-credentials@v4",
      "        with:",
      "          role-to-assume: arn:aws:iam::111122223333:role/deploy",
      "          aws-region: us-east-1",
    );
    expect(KL101.check(context({ repos: [repoWith("acme/app", oidc)] }))).toEqual([]);
  });

  it("flags env-level keys and keys handed to a reusable workflow, and not a literal key id", () => {
    const text = lines(
      "on: push",
      "env:",
      "  AWS_ACCESS_KEY_ID: ${{ secrets.DEPLOY_ID }}",
      "  AWS_SECRET_ACCESS_KEY: ${{ secrets.DEPLOY_SECRET }}",
      "jobs:",
      "  build:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - run: aws s3 ls # AKIAIOSFODNN7EXAMPL2",
      "  call:",
      "    uses: acme/shared/.github/workflows/deploy.yml@main",
      "    secrets:",
      "      aws-access-key-id: ${{ secrets.DEPLOY_ID }}",
      "      aws-secret-access-key: ${{ secrets.DEPLOY_SECRET }}",
    );
    const findings = KL101.check(context({ repos: [repoWith("acme/app", text)] }));
    expect(findings.map((f) => f.location?.line).sort()).toEqual([13, 3]);
    expect(findings.find((f) => f.location?.line === 3)?.message).toContain("workflow-level env");
    expect(findings.find((f) => f.location?.line === 13)?.message).toContain("reusable workflow");
  });

  it("marks a finding suppressed by `# keyless: ignore[KL101]`, and keeps it", () => {
    const text = DEPLOY.replace("aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}", "aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }} # keyless: ignore[KL101]");
    const [f] = KL101.check(context({ repos: [repoWith("acme/app", text)] }));
    expect(f?.suppressed).toEqual({ by: "inline", reason: "# keyless: ignore at .github/workflows/deploy.yml:13" });
  });

  it("an ignore for another rule does not suppress it", () => {
    const text = DEPLOY.replace("aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}", "aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }} # keyless: ignore[KL108]");
    const [f] = KL101.check(context({ repos: [repoWith("acme/app", text)] }));
    expect(f?.suppressed).toBeUndefined();
  });
});
