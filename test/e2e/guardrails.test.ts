// keyless generate writes the guardrail SCP for the management account and plan.md describes it;
// the break-glass role comes from keyless.config.yaml. Nothing is applied: generate makes no AWS call.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir, type CliResult } from "../support/cli.js";

describe("keyless generate --sandbox: guardrails", () => {
  let out: string;
  let run: CliResult;
  beforeAll(async () => {
    out = await tempDir();
    run = await runCli(["generate", "--sandbox", "--quiet", "--out", out]);
  });

  it("writes terraform/guardrails/ with the SCP and its attachments, for the management account", async () => {
    expect(run.code).toBe(0);
    const plan = JSON.parse(await readFile(join(out, "plan.json"), "utf8"));
    const main = await readFile(join(out, "terraform", "guardrails", "main.tf"), "utf8");
    expect(main).toContain('resource "aws_organizations_policy" "deny_long_lived_keys"');
    expect(main).toContain('Action   = "iam:CreateAccessKey"');
    expect(main).toContain('"arn:aws:iam::*:user/ci/*"');
    expect(main).toContain(`allowed_account_ids = ["${plan.guardrails.managementAccountId}"]`);
    const variables = await readFile(join(out, "terraform", "guardrails", "variables.tf"), "utf8");
    for (const a of plan.guardrails.accounts) expect(variables).toContain(`"${a.accountId}"`);
    expect(plan.guardrails.accounts.length).toBeGreaterThan(0);
  });

  it("describes the guardrail in plan.md: what it denies, where, what is left out and why", async () => {
    const md = await readFile(join(out, "plan.md"), "utf8");
    const section = md.slice(md.indexOf("## Guardrails"), md.indexOf("## Repositories"));
    expect(section).toContain("`iam:CreateAccessKey`");
    expect(section).toContain("break-glass role `keyless-break-glass`");
    expect(section).toMatch(/keyless never applies it/);
    expect(section).toMatch(/Attached to: `\d{12}` \(acme-security\), `\d{12}` \(acme-tooling\)\./);
    expect(section).toMatch(/\(acme-management\): the management account: service control policies never apply to it/);
  });

  it("takes the break-glass role name from keyless.config.yaml", async () => {
    const dir = await tempDir();
    const config = join(dir, "keyless.config.yaml");
    await writeFile(config, "version: 1\nguardrails:\n  breakGlassRoleName: sec-incident-response\n");
    const custom = await runCli(["generate", "--sandbox", "--quiet", "--config", config, "--out", join(dir, "out")]);
    expect(custom.code).toBe(0);
    const main = await readFile(join(dir, "out", "terraform", "guardrails", "main.tf"), "utf8");
    expect(main).toContain('"arn:aws:iam::*:role/sec-incident-response"');
    expect(main).not.toContain("keyless-break-glass");
    const bad = join(dir, "bad.yaml");
    await writeFile(bad, "version: 1\nguardrails:\n  breakGlassRoleName: 'no spaces allowed'\n");
    const refused = await runCli(["generate", "--sandbox", "--quiet", "--config", bad, "--out", join(dir, "out2")]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/breakGlassRoleName/);
  });
});
