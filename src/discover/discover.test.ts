import { describe, expect, it } from "vitest";
import { parseInventory, serializeInventory } from "../inventory/parse.js";
import { Inventory, INVENTORY_SCHEMA_VERSION } from "../inventory/schema.js";
import { startSandbox } from "../sandbox/index.js";
import { buildScenario, SANDBOX_AWS_CREDENTIALS, SANDBOX_GITHUB_TOKEN } from "../sandbox/scenario/index.js";
import { discover } from "./index.js";
import { noSleep, quickRetry } from "../../test/support/discover.js";

describe("discover", () => {
  it("returns one Inventory of both sides that the schema accepts and that survives a save and re-read", async () => {
    const world = buildScenario("acme");
    world.github.repos = world.github.repos.slice(0, 6);
    const sandbox = await startSandbox({ world });
    try {
      const denied = world.aws.accounts.find((a) => a.denyAuditRole);
      const management = world.aws.organization.managementAccountId;
      const inventory = await discover({
        now: new Date(world.now),
        aws: {
          connection: { region: "us-east-1", endpoint: sandbox.env.AWS_ENDPOINT_URL, credentials: { ...SANDBOX_AWS_CREDENTIALS }, maxAttempts: 6, retryStrategy: quickRetry(6) },
          auditRoleName: world.aws.auditRoleName,
          concurrency: 2,
          cloudTrail: true,
          maxEventsPerKey: 50,
          accountIds: [management, denied?.id ?? ""],
          cloudTrailRequestsPerSecond: 100,
          sleep: noSleep,
        },
        github: {
          connection: { token: SANDBOX_GITHUB_TOKEN, apiUrl: sandbox.env.GITHUB_API_URL ?? "", maxRetries: 2, retryAfterBaseMs: 5 },
          org: "acme",
          concurrency: 2,
          deep: false,
        },
      });

      expect(Inventory.safeParse(inventory).success).toBe(true);
      expect(inventory.schemaVersion).toBe(INVENTORY_SCHEMA_VERSION);
      expect(inventory.generatedAt).toBe(new Date(world.now).toISOString());
      expect(inventory.aws?.accounts.map((a) => [a.id, a.reachable]).sort()).toEqual([[management, true], [denied?.id, false]].sort());
      expect(inventory.aws?.accessKeys.length).toBeGreaterThan(0);
      expect(inventory.aws?.cloudTrail.length).toBeGreaterThan(0);
      expect(inventory.github?.repos).toHaveLength(6);
      expect(inventory.skipped).toContainEqual(expect.objectContaining({ side: "aws", target: denied?.id, code: "AccessDenied" }));
      expect(new Set(inventory.requests.map((r) => r.side))).toEqual(new Set(["aws", "github"]));
      // `keyless audit --from` reads exactly what discover produced.
      expect(parseInventory(serializeInventory(inventory), "inventory.json")).toEqual(inventory);
      // Nothing secret is kept: the sandbox's secret access key and token appear nowhere.
      const text = serializeInventory(inventory);
      expect(text).not.toContain(SANDBOX_AWS_CREDENTIALS.secretAccessKey);
      expect(text).not.toContain(SANDBOX_GITHUB_TOKEN);
    } finally {
      await sandbox.close();
    }
  });

  it("leaves a side out when it is not asked for", async () => {
    const world = buildScenario("acme");
    world.github.repos = world.github.repos.slice(0, 2);
    const sandbox = await startSandbox({ world, only: "github" });
    try {
      const inventory = await discover({
        now: new Date(world.now),
        github: { connection: { token: SANDBOX_GITHUB_TOKEN, apiUrl: sandbox.env.GITHUB_API_URL ?? "", maxRetries: 2 }, org: "acme", concurrency: 2, deep: false },
      });
      expect(inventory.aws).toBeUndefined();
      expect(inventory.github?.repos).toHaveLength(2);
      expect(inventory.requests.every((r) => r.side === "github")).toBe(true);
    } finally {
      await sandbox.close();
    }
  });
});
