// `keyless audit` twice on an unchanged organization, through the built CLI, with a named state
// file: the second scan is charged at most a tenth of the first (its answers come back as 304s,
// which GitHub does not charge) and writes the same inventory.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../sandbox/index.js";
import { runCli, tempDir } from "../../test/support/cli.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ scenario: "acme", only: "github" });
});
afterAll(async () => {
  await sandbox?.close();
});

/** REST requests plus GraphQL points the sandbox has charged the token so far (its /rate_limit is free). */
async function charged(): Promise<number> {
  const { data } = await new Octokit({ auth: sandbox.env.GITHUB_TOKEN, baseUrl: sandbox.env.GITHUB_API_URL }).rest.rateLimit.get();
  return data.resources.core.used + (data.resources.graphql?.used ?? 0);
}

async function audit(dir: string, out: string) {
  const before = await charged();
  const run = await runCli(["audit", "--org", "acme", "--no-aws", "--out", out], { env: { ...sandbox.env, KEYLESS_STATE: join(dir, "state.db") }, cwd: dir });
  const inventory = JSON.parse(await readFile(join(out, "inventory.json"), "utf8")) as Record<string, unknown>;
  return { run, inventory, charged: (await charged()) - before };
}

describe("keyless audit, again, on an unchanged organization", () => {
  it("is charged at most a tenth of the first scan, says so, and writes the same inventory", async () => {
    const dir = await tempDir();
    const first = await audit(dir, join(dir, "first"));
    const second = await audit(dir, join(dir, "second"));
    expect(first.run.code).toBe(0);
    expect(second.run.code).toBe(0);
    expect(first.charged).toBeGreaterThan(50);
    expect(second.charged).toBeLessThanOrEqual(first.charged / 10);
    expect(second.run.stderr).toMatch(/re-scan: \d+ GitHub answers unchanged \(304, not charged\), \d+ repos' workflows unchanged/);
    // The history differs by design: the second scan remembers the first audit's facts.
    const comparable = (inventory: Record<string, unknown>) => ({ ...inventory, generatedAt: undefined, requests: undefined, history: undefined });
    expect(comparable(second.inventory)).toEqual(comparable(first.inventory));
    expect((first.inventory.history as { previous?: unknown }).previous).toBeUndefined();
    expect((second.inventory.history as { previous?: { at: string } }).previous?.at).toBe(first.inventory.generatedAt);
  });
});
