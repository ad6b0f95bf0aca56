// Test helper: the audit of the acme sandbox, built as the CLI builds it (inventory → analyze →
// buildAudit) but without the servers. Built once per test file; it takes a moment.
import { buildAudit, type Audit } from "../../../src/analyze/audit.js";
import { analyze } from "../../../src/analyze/index.js";
import { worldToInventory } from "../world-to-inventory.js";
import { DEFAULT_ANALYSIS_CONFIG } from "../../../src/analyze/model.js";
import { buildScenario } from "../../../src/sandbox/scenario/index.js";
import type { World } from "../../../src/sandbox/world.js";

let cached: { world: World; audit: Audit } | undefined;

export function acmeAudit(): { world: World; audit: Audit } {
  if (!cached) {
    const world = buildScenario("acme");
    const inventory = worldToInventory(world);
    const now = new Date(world.now);
    cached = { world, audit: buildAudit(inventory, analyze(inventory, DEFAULT_ANALYSIS_CONFIG, now), now) };
  }
  return cached;
}
