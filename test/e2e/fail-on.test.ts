// `keyless audit --fail-on <severity>` (docs/rules/README.md promises it): exit 1 when an
// unsuppressed finding is at or above the threshold, 0 otherwise, 2 for a bad value. Runs on the
// saved sample scan (reports/sample: 1 critical, 10 high, 97 medium, 2 low findings), offline.
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../support/cli.js";

const SAMPLE = resolve(import.meta.dirname, "../../reports/sample/inventory.json");

async function audit(...args: string[]) {
  const out = await tempDir();
  return runCli(["audit", "--from", SAMPLE, "--out", out, "--quiet", ...args], { cwd: out });
}

describe("keyless audit --fail-on", () => {
  it("exits 1 and says why when a finding is at or above the threshold", async () => {
    const critical = await audit("--fail-on", "critical");
    expect(critical.code).toBe(1);
    expect(critical.stderr).toContain("fail-on critical: 1 unsuppressed finding critical");
    expect(critical.stdout).toMatch(/wrote .*audit\.json/); // the reports are still written
    const high = await audit("--fail-on", "high");
    expect(high.code).toBe(1);
    expect(high.stderr).toContain("fail-on high: 11 unsuppressed findings high or above");
  });

  it("exits 0 without the flag, and with none", async () => {
    expect((await audit()).code).toBe(0);
    const none = await audit("--fail-on", "none");
    expect(none.code).toBe(0);
    expect(none.stderr).toBe("");
  });

  it("does not count suppressed findings", async () => {
    const out = await tempDir();
    const config = join(out, "keyless.config.yaml");
    await writeFile(config, "version: 1\nallowlist:\n  - rule: KL107\n    reason: root key held in the break-glass safe\n");
    const result = await runCli(["audit", "--from", SAMPLE, "--out", out, "--quiet", "--config", config, "--fail-on", "critical"], { cwd: out });
    expect(result.stderr).not.toContain("fail-on");
    expect(result.code).toBe(0);
  });

  it("refuses a severity it does not know, with exit code 2", async () => {
    const result = await audit("--fail-on", "severe");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--fail-on.*severe.*critical, high, medium, low, info, none/s);
  });
});
