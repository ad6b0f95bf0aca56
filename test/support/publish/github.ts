// Test helper: the acme scenario through the same stages `keyless pr` runs (inventory → analyze →
// audit → plan → patches), without servers: the inventory comes straight from the world.
import { worldToInventory } from "../world-to-inventory.js";
import { runStages, type Stages } from "../../../src/cli/pipeline.js";
import { buildScenario } from "../../../src/sandbox/scenario/index.js";
import type { World } from "../../../src/sandbox/world.js";
import { buildChangeSets, type ChangeSetInput, type ChangeSets } from "../../../src/publish/github/change-set.js";

export const NOW = new Date("2026-11-20T12:00:00Z");

export function acmeStages(world: World = buildScenario("acme"), onlyRepos?: (repo: string) => boolean): { world: World; stages: Stages } {
  const inventory = worldToInventory(world);
  return { world, stages: runStages({ inventory, config: undefined, now: NOW, onlyRepos }) };
}

export function changeSetsOf(stages: Stages, extra: Partial<ChangeSetInput> = {}): ChangeSets {
  return buildChangeSets({
    plan: stages.plan,
    audit: stages.audit,
    defaultBranches: new Map((stages.inventory.github?.repos ?? []).map((r) => [r.fullName, r.defaultBranch])),
    patches: stages.patches,
    ...extra,
  });
}
