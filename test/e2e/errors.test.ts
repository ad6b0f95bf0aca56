// Clear errors, no stack traces, for the mistakes users make most.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_GITHUB_LIMITED_TOKEN } from "../../src/sandbox/scenario/index.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { runCli, tempDir } from "../support/cli.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ scenario: "acme" });
});
afterAll(async () => {
  await sandbox?.close();
});

function expectCleanError(result: { code: number; stderr: string }, code: string) {
  expect(result.code).not.toBe(0);
  expect(result.stderr).toContain(`error[${code}]`);
  expect(result.stderr).toMatch(/fix: /);
  expect(result.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/); // no stack trace
}

describe("keyless audit errors", () => {
  it("no AWS credentials", async () => {
    const out = await tempDir();
    const result = await runCli(["audit", "--no-github", "--out", out], { env: { AWS_ENDPOINT_URL: sandbox.env.AWS_ENDPOINT_URL } });
    expectCleanError(result, "NoAwsCredentials");
  });

  it("no GitHub token", async () => {
    const result = await runCli(["audit", "--org", "acme", "--no-aws", "--out", await tempDir()], { env: { GITHUB_API_URL: sandbox.env.GITHUB_API_URL } });
    expectCleanError(result, "NoGithubToken");
  });

  it("an organization that does not exist", async () => {
    const result = await runCli(["audit", "--org", "no-such-org", "--no-aws", "--out", await tempDir()], { env: sandbox.env });
    expectCleanError(result, "OrgNotFound");
    expect(result.stderr).toContain("no-such-org");
  });

  it("a token GitHub rejects", async () => {
    const result = await runCli(["audit", "--org", "acme", "--no-aws", "--out", await tempDir()], { env: { ...sandbox.env, GITHUB_TOKEN: "ghp_wrong" } });
    expectCleanError(result, "BadGithubToken");
    expect(result.stderr).not.toContain("ghp_wrong");
  });

  it("a token without access to organization secrets: the scan goes on and says what it skipped", async () => {
    const out = await tempDir();
    const result = await runCli(["audit", "--org", "acme", "--no-aws", "--out", out], { env: { ...sandbox.env, GITHUB_TOKEN: SANDBOX_GITHUB_LIMITED_TOKEN } });
    expect(result.code).toBe(0);
    const { readFile } = await import("node:fs/promises");
    const audit = JSON.parse(await readFile(join(out, "audit.json"), "utf8"));
    expect(audit.coverage.skipped.some((s: any) => /organization secrets/.test(s.target) && /admin:org/.test(s.reason))).toBe(true);
  });

  it("an unreadable --from file", async () => {
    const dir = await tempDir();
    expectCleanError(await runCli(["audit", "--from", join(dir, "missing.json")]), "UnreadableInventory");
    await mkdir(join(dir, "folder.json"));
    expectCleanError(await runCli(["audit", "--from", join(dir, "folder.json")]), "UnreadableInventory");
    await writeFile(join(dir, "bad.json"), "{ not json");
    expectCleanError(await runCli(["audit", "--from", join(dir, "bad.json")]), "BadInventory");
  });

  it("a wrong flag shows the usage hint, not a crash", async () => {
    const result = await runCli(["audit", "--concurrency", "many"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/expected a whole number/);
  });
});
