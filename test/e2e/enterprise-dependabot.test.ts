// KL121 over the API: acme-labs/registry-mirror refreshes a CodeArtifact token for Dependabot with a
// static key. `keyless generate --org acme,acme-labs` reads its dependabot.yml in the scan, writes the
// OIDC registry patch and the role, and the plan names the change (plan.json and plan.md).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { LABS_ORG } from "../../src/sandbox/scenario/index.js";
import { runCli, tempDir, type CliResult } from "../support/cli.js";

let sandbox: Sandbox;
let out: string;
let run: CliResult;
const repo = `${LABS_ORG}/registry-mirror`;

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: "enterprise" });
  out = await tempDir();
  run = await runCli(["generate", "--org", `acme,${LABS_ORG}`, "--quiet", "--out", out], { env: sandbox.env });
}, 180_000);
afterAll(async () => sandbox?.close());

describe("keyless generate --org acme,acme-labs: Dependabot's CodeArtifact token", () => {
  it("writes the repository's dependabot.yml with the registry on OIDC and without the token", async () => {
    expect(run.code, run.stderr).toBe(0);
    const planted = sandbox.world.github.repos.find((r) => r.fullName === repo)?.files[".github/dependabot.yml"] ?? "";
    const text = await readFile(join(out, "dependabot", repo, ".github", "dependabot.yml"), "utf8");
    const registry = parse(text).registries["npm-labs"];
    expect(registry).toMatchObject({ "aws-region": "us-east-1", "account-id": "210987654321", "role-name": "dependabot-codeartifact-registry-mirror", domain: "labs", "domain-owner": "210987654321" });
    expect(registry.token).toBeUndefined();
    expect(parse(text).updates).toEqual(parse(planted).updates);
    const trust = JSON.parse(await readFile(join(out, "dependabot", repo, "dependabot-codeartifact-registry-mirror.trust-policy.json"), "utf8"));
    expect(trust.Statement[0].Condition.StringLike["token.actions.githubusercontent.com:sub"]).toBe(`repo:${repo}:*`);
  });

  it("plan.json and plan.md name the dependabot.yml change, the role and the workflow it replaces", async () => {
    const plan = JSON.parse(await readFile(join(out, "plan.json"), "utf8"));
    expect(plan.dependabot).toEqual([
      { repo, path: ".github/dependabot.yml", replaces: ".github/workflows/refresh-codeartifact-token.yml", registries: ["npm-labs"], codeArtifact: [{ key: "npm-labs", domain: "labs", domainOwner: "210987654321", region: "us-east-1", repository: "mirror" }], roleName: "dependabot-codeartifact-registry-mirror", accountId: "210987654321", roles: [{ accountId: "210987654321", registries: ["npm-labs"] }], files: `dependabot/${repo}/` },
    ]);
    const md = await readFile(join(out, "plan.md"), "utf8");
    expect(md).toContain("## Dependabot registries: OIDC instead of a refreshed token");
    const line = md.split("\n").find((l) => l.startsWith(`- ${repo}:`)) ?? "";
    expect(line).toContain("`.github/dependabot.yml` gets `npm-labs` on OIDC (role `dependabot-codeartifact-registry-mirror` in account `210987654321`");
    expect(line).toContain("`.github/workflows/refresh-codeartifact-token.yml`");
  });
});
