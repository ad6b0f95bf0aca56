// A scan under injected faults (throttling, 5xx, dropped connections, slow answers, GraphQL timeouts
// and partial errors, sessions expiring mid-account, permissions removed mid-scan) reads the same
// as a clean scan of the same world wherever it could read, and names everything it could not.
import { describe, expect, it } from "vitest";
import { unexplained } from "../../test/support/inventory-diff.js";
import type { Inventory } from "../inventory/schema.js";
import { parseFaultMix, type FaultMix } from "../sandbox/fault-mix.js";
import { startSandbox } from "../sandbox/index.js";
import { buildScenario, SANDBOX_AWS_CREDENTIALS, SANDBOX_GITHUB_TOKEN } from "../sandbox/scenario/index.js";
import { discover } from "./index.js";
import { noSleep, quickRetry } from "../../test/support/discover.js";

export const FAULT_MIX = "throttle=5%,error=1%,reset=1%,slow=2%,slow-ms=50,graphql=20%,expire=1%,revoke=1%";

async function scan(mix: FaultMix | undefined): Promise<{ inventory: Inventory; faults: Record<string, number> }> {
  const world = buildScenario("acme");
  const sandbox = await startSandbox({ world, ...(mix ? { faults: { mix } } : {}) });
  try {
    const inventory = await discover({
      now: new Date(world.now),
      aws: {
        connection: { region: "us-east-1", endpoint: sandbox.env.AWS_ENDPOINT_URL, credentials: { ...SANDBOX_AWS_CREDENTIALS }, maxAttempts: 6, retryStrategy: quickRetry(6) },
        auditRoleName: world.aws.auditRoleName,
        concurrency: 4,
        cloudTrail: true,
        maxEventsPerKey: 50,
        cloudTrailRequestsPerSecond: 200,
        sleep: noSleep,
      },
      github: {
        connection: { token: SANDBOX_GITHUB_TOKEN, apiUrl: sandbox.env.GITHUB_API_URL ?? "", maxRetries: 4, retryAfterBaseMs: 5 },
        org: "acme",
        concurrency: 4,
        deep: true,
        // Small GraphQL pages: more queries, so more of them time out or come back partial.
        pageSize: 5,
      },
    });
    const faults = Object.fromEntries([...(sandbox.aws?.faults ?? []), ...[...(sandbox.github?.faults ?? [])].map(([k, v]) => [`github ${k}`, v] as const)]);
    return { inventory, faults };
  } finally {
    await sandbox.close();
  }
}

describe("discover under faults", () => {
  it("reads what a clean scan reads, and reports every difference as skipped", { timeout: 240_000 }, async () => {
    const clean = (await scan(undefined)).inventory;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const { inventory, faults } = await scan(parseFaultMix(`${FAULT_MIX},seed=${seed}`));
      const result = unexplained(clean, inventory);
      console.log(`seed ${seed}: faults ${JSON.stringify(faults)}; ${result.compared} entities compared, ${result.explained} differences reported as skipped, ${result.differences.length} unexplained`);
      expect(Object.values(faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      expect(result.differences, `seed ${seed}`).toEqual([]);
      // An assumed-role session that expires early is assumed again: it never costs the account.
      expect(inventory.skipped.filter((s) => /Expired/i.test(s.code)), `seed ${seed}`).toEqual([]);
    }
  });
});
