// The plan's Dependabot part: for each repository whose scheduled workflow refreshes a CodeArtifact
// token into a Dependabot secret with a static key (KL121), the dependabot.yml change (the registries
// moved to OIDC) and the role it names. Derived from the same pure patcher generate writes files from,
// so plan.md describes exactly the files generate writes. Pure.
import type { Analysis } from "../analyze/index.js";
import { generateDependabotPatches } from "../generate/dependabot/index.js";
import type { Inventory } from "../inventory/schema.js";
import type { DependabotPlan } from "./schema.js";

export function planDependabot(inventory: Inventory, analysis: Pick<Analysis, "workflows">): DependabotPlan[] {
  return generateDependabotPatches(inventory, analysis).map((p) => ({
    repo: p.repo,
    path: p.path,
    replaces: p.replaces,
    registries: p.registries,
    roleName: p.role.roleName,
    accountId: p.role.accountId,
    files: `dependabot/${p.repo}/`,
  }));
}
