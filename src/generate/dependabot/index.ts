// The Dependabot half of generate: for each dependabot.yml change the plan names (KL121: a scheduled
// workflow refreshes a CodeArtifact token into a Dependabot secret with a static key), the
// dependabot.yml that uses OIDC instead, written from the file's text in the Inventory, and the role
// it names (one per domain owner's account). The plan decides which registries and which roles; this only writes them. Pure.
import { codeArtifactRegistriesNamed } from "../../analyze/dependabot-yml.js";
import type { Inventory } from "../../inventory/schema.js";
import { rolesByOwner } from "../../plan/dependabot.js";
import type { Plan } from "../../plan/index.js";
import { patchDependabotYml } from "./codeartifact-oidc.js";
import { codeArtifactRole, type CodeArtifactRole } from "./codeartifact-role.js";

export interface DependabotPatch {
  repo: string;
  path: string;
  before: string;
  after: string;
  /** The refresh workflow this makes unnecessary. */
  replaces: string;
  /** The role Dependabot assumes, one per domain owner (same name in each account), in the plan's order. */
  roles: CodeArtifactRole[];
  /** The registries moved to OIDC (their keys under `registries:`). */
  registries: string[];
}

export function generateDependabotPatches(plan: Pick<Plan, "dependabot">, inventory: Inventory): DependabotPatch[] {
  const repos = new Map((inventory.github?.repos ?? []).map((r) => [r.fullName, r]));
  const out: DependabotPatch[] = [];
  for (const entry of plan.dependabot ?? []) {
    const config = repos.get(entry.repo)?.dependabotConfig;
    if (!config || config.path !== entry.path) continue;
    const registries = entry.codeArtifact ?? codeArtifactRegistriesNamed(config.text, entry.registries);
    const after = patchDependabotYml(config.text, registries, { roleName: entry.roleName });
    if (after === undefined) continue;
    // Each registry's `account-id` is its domain owner (patchDependabotYml), so each owner's account gets the role,
    // allowed only that account's registries. A plan from before `roles` gets the same from its registries.
    const roles = (entry.roles ?? rolesByOwner(registries)).map((r) =>
      codeArtifactRole(entry.repo, entry.roleName, r.accountId, registries.filter((x) => r.registries.includes(x.key))),
    );
    out.push({ repo: entry.repo, path: entry.path, before: config.text, after, replaces: entry.replaces, roles, registries: registries.map((r) => r.key) });
  }
  return out;
}
