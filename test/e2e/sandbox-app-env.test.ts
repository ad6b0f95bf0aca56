// `--sandbox` with a real GitHub App's settings in the shell's environment: the embedded sandbox
// registers no app, so the command must use the sandbox's own credentials and ignore the app's
// (it once signed a JWT with the shell's key and failed with GithubAppJwtRejected).
import { generateKeyPairSync } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir } from "../support/cli.js";

let root: string;
let env: Record<string, string>;

beforeAll(async () => {
  root = await tempDir("keyless-sandbox-app-env-");
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  env = { GITHUB_APP_ID: "4242", GITHUB_APP_PRIVATE_KEY: privateKey, GITHUB_APP_INSTALLATION_ID: "77" };
});

describe("--sandbox with GITHUB_APP_* set in the shell", () => {
  it("audit --sandbox scans the sandbox with its own credentials", async () => {
    const run = await runCli(["audit", "--sandbox", "--quiet", "--out", "audit"], { env, cwd: root });
    expect(run.stderr).not.toContain("GithubApp");
    expect(run.code, run.stderr).toBe(0);
    const audit = JSON.parse(await readFile(join(root, "audit", "audit.json"), "utf8")) as { findings: unknown[]; summary: { reposScanned: number } };
    expect(audit.summary.reposScanned).toBeGreaterThan(10);
    expect(audit.findings.length).toBeGreaterThan(50);
  }, 120_000);

  it("pr --sandbox (dry run) plans the pull request with the sandbox's credentials", async () => {
    const run = await runCli(["pr", "--sandbox", "--repo", "billing-api"], { env, cwd: root });
    expect(run.stderr).not.toContain("GithubApp");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("acme/billing-api");
  }, 120_000);
});
