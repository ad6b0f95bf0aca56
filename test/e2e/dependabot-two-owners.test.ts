// A dependabot.yml whose CodeArtifact registries belong to two AWS accounts, end to end with --local:
// generate writes the role (one name) for each account the patched registries name as `account-id`.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkout } from "../support/checkout.js";
import { runCli, tempDir, type CliResult } from "../support/cli.js";
import { DEPENDABOT_YML_TWO_OWNERS, REFRESH_WORKFLOW } from "../support/dependabot/codeartifact.js";

let root: string;
let generate: CliResult;

beforeAll(async () => {
  root = await tempDir("keyless-codeartifact-owners-");
  const files = { ".github/workflows/refresh-codeartifact-token.yml": REFRESH_WORKFLOW, ".github/dependabot.yml": DEPENDABOT_YML_TWO_OWNERS };
  const dir = await checkout(root, "web", files, "git@github.com:acme/web.git");
  generate = await runCli(["generate", "--local", dir, "--no-aws", "--out", "generated"], { cwd: root });
}, 120_000);

describe("keyless generate: CodeArtifact registries of two domain owners", () => {
  it("writes the role for every account-id the patched dependabot.yml names, each for its own registries", async () => {
    expect(generate.code, generate.stderr).toBe(0);
    const dir = join(root, "generated", "dependabot", "acme", "web");
    const yml = parse(await readFile(join(dir, ".github", "dependabot.yml"), "utf8")).registries as Record<string, Record<string, string>>;
    const named = Object.values(yml).filter((r) => r["role-name"]).map((r) => `${r["role-name"]}.${r["account-id"]}`);
    expect(named.sort()).toEqual(["dependabot-codeartifact-web.012345678901", "dependabot-codeartifact-web.210987654321"]);
    expect((await readdir(dir)).filter((f) => f.endsWith(".json")).sort()).toEqual(named.sort().flatMap((n) => [`${n}.policy.json`, `${n}.trust-policy.json`]));
    const policy = JSON.parse(await readFile(join(dir, "dependabot-codeartifact-web.210987654321.policy.json"), "utf8"));
    expect(JSON.stringify(policy)).toContain("arn:aws:codeartifact:us-east-1:210987654321:repository/platform/wheels");
    expect(JSON.stringify(policy)).not.toContain("012345678901");
    const plan = await readFile(join(root, "generated", "plan.md"), "utf8");
    expect(plan).toContain("each of accounts `012345678901` (`codeartifact`), `210987654321` (`pypi-shared`)");
  });
});
