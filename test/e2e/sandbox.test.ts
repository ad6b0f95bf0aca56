// `keyless sandbox` in its own process: other commands find it through the environment it prints.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { githubConnection } from "../../src/cli/connections.js";
import { runCli, tempDir } from "../support/cli.js";
import { startSandboxProcess } from "../support/sandbox-process.js";

describe("keyless sandbox", () => {
  it("prints export lines that point keyless at it, and stops cleanly on Ctrl-C", async () => {
    const sandbox = await startSandboxProcess();
    try {
      expect(Object.keys(sandbox.env).sort()).toEqual(["AWS_ACCESS_KEY_ID", "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_SECRET_ACCESS_KEY", "GITHUB_API_URL", "GITHUB_TOKEN"]);
      expect(sandbox.env.AWS_ENDPOINT_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const out = await tempDir();
      const result = await runCli(["audit", "--org", "acme", "--quiet", "--out", out], { env: sandbox.env });
      expect(result.code).toBe(0);
      const audit = JSON.parse(await readFile(join(out, "audit.json"), "utf8"));
      expect(audit.summary.reposScanned).toBeGreaterThanOrEqual(40);
      expect(audit.summary.accounts).toBeGreaterThanOrEqual(8);
    } finally {
      expect(await sandbox.stop()).toBe(0);
    }
  });

  it("serves one side with --only", async () => {
    const sandbox = await startSandboxProcess(["--only", "github"]);
    try {
      expect(sandbox.env.GITHUB_API_URL).toBeDefined();
      expect(sandbox.env.AWS_ENDPOINT_URL).toBeUndefined();
    } finally {
      await sandbox.stop();
    }
  });

  it("with --time-scale, exports the scale so that keyless paces on the sandbox's clock", async () => {
    const sandbox = await startSandboxProcess(["--only", "github", "--time-scale", "60"]);
    try {
      expect(sandbox.env.KEYLESS_SANDBOX_TIME_SCALE).toBe("60");
      expect(githubConnection(sandbox.env).timeScale).toBe(60);
    } finally {
      await sandbox.stop();
    }
  });
});
