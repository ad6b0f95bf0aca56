// `keyless generate --action-role`: writes the audit role's Terraform without scanning anything, and
// refuses names that would not be what IAM and GitHub mean by them.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../support/cli.js";

describe("keyless generate --action-role", () => {
  it("writes the audit-role module for the repository and the member accounts' role, with no credentials", async () => {
    const out = await tempDir();
    const run = await runCli(["generate", "--action-role", "--repo", "acme/security", "--branch", "trunk", "--audit-role", "KeylessAuditRead", "--out", out]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("audit role keyless-audit: trusts acme/security on trunk, enters KeylessAuditRead in member accounts");
    expect((await readdir(join(out, "audit-role"))).sort()).toEqual(["README.md", "main.tf", "outputs.tf", "variables.tf", "versions.tf"]);
    const main = await readFile(join(out, "audit-role", "main.tf"), "utf8");
    expect(main).toContain('"repo:acme/security:ref:refs/heads/trunk"');
    expect(main).toContain('"arn:aws:iam::*:role/KeylessAuditRead"');
  });

  it("refuses a missing or malformed --repo, a wildcard branch and a bad role name, writing nothing", async () => {
    for (const args of [[], ["--repo", "security"], ["--repo", "acme/*"], ["--repo", "acme/security", "--branch", "*"], ["--repo", "acme/security", "--branch", "${x}"], ["--repo", "acme/security", "--role-name", "a b"]]) {
      const out = await tempDir();
      const run = await runCli(["generate", "--action-role", "--out", out, ...args]);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(/error\[Bad(Repo|Branch|RoleName)\]/);
      expect(await readdir(out)).toEqual([]);
    }
  });
});
