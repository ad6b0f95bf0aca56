// A Dependabot setup that refreshes a CodeArtifact token with a static key, end to end with --local:
// audit recognises it (KL121), generate writes dependabot.yml on OIDC (valid YAML, comments kept)
// and the role Dependabot assumes.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkout } from "../support/checkout.js";
import { runCli, tempDir, type CliResult } from "../support/cli.js";
import { DEPENDABOT_YML, REFRESH_WORKFLOW } from "../support/dependabot/codeartifact.js";

let root: string;
let audit: CliResult;
let generate: CliResult;

beforeAll(async () => {
  root = await tempDir("keyless-codeartifact-");
  const dir = await checkout(root, "web", { ".github/workflows/refresh-codeartifact-token.yml": REFRESH_WORKFLOW, ".github/dependabot.yml": DEPENDABOT_YML }, "git@github.com:acme/web.git");
  audit = await runCli(["audit", "--local", dir, "--no-aws", "--out", "reports"], { cwd: root });
  generate = await runCli(["generate", "--local", dir, "--no-aws", "--out", "generated"], { cwd: root });
}, 120_000);

describe("Dependabot's CodeArtifact token refreshed with a key", () => {
  it("audit: KL121 at the token command of the scheduled workflow", async () => {
    expect(audit.code).toBe(0);
    const findings = JSON.parse(await readFile(join(root, "reports", "audit.json"), "utf8")).findings.filter((f: any) => f.ruleId === "KL121");
    expect(findings.map((f: any) => `${f.severity} ${f.location.path}:${f.location.line}`)).toEqual(["high .github/workflows/refresh-codeartifact-token.yml:19"]);
  });

  it("generate: dependabot.yml with the registry's OIDC keys, valid YAML, comments and the rest kept", async () => {
    expect(generate.code, generate.stderr).toBe(0);
    const text = await readFile(join(root, "generated", "dependabot", "acme", "web", ".github", "dependabot.yml"), "utf8");
    const yml = parse(text);
    expect(yml.registries.codeartifact).toMatchObject({ "aws-region": "eu-west-1", "account-id": "012345678901", "role-name": "dependabot-codeartifact-web", domain: "acme", "domain-owner": "012345678901" });
    expect(yml.registries.codeartifact.token).toBeUndefined();
    expect(text).toContain("  # refreshed every 6 hours by .github/workflows/refresh-codeartifact-token.yml");
    expect(text).toContain('  - package-ecosystem: "npm" # the web app');
    expect(text.split("\n").filter((l) => !DEPENDABOT_YML.includes(l))).toEqual([
      "    aws-region: eu-west-1",
      '    account-id: "012345678901"',
      "    role-name: dependabot-codeartifact-web",
      "    domain: acme",
      '    domain-owner: "012345678901"',
    ]);
  });

  it("generate: the role, trusted for this repository only, allowed the token, the bearer and reads", async () => {
    const dir = join(root, "generated", "dependabot", "acme", "web");
    const trust = JSON.parse(await readFile(join(dir, "dependabot-codeartifact-web.trust-policy.json"), "utf8"));
    expect(trust.Statement[0].Condition.StringLike["token.actions.githubusercontent.com:sub"]).toBe("repo:acme/web:*");
    const policy = JSON.parse(await readFile(join(dir, "dependabot-codeartifact-web.policy.json"), "utf8"));
    expect(policy.Statement.map((s: any) => s.Action)).toEqual(["codeartifact:GetAuthorizationToken", "sts:GetServiceBearerToken", "codeartifact:ReadFromRepository"]);
  });
});
